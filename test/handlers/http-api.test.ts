import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHttpApiHandler } from '#handlers/http-api';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { integrationDependencies } from '../../support/integration.ts';

function get(path: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

describe('HTTP API handler', () => {
  it('reports health after reading the table', async () => {
    const handler = createHttpApiHandler(await integrationDependencies());
    const result = (await handler(
      get('/health'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({
      status: 'ok',
      hospital: 'test-hospital',
      name: 'Test Hospital',
    });
  });

  it('answers 404 for an unknown route and 500 without internals when the table is missing', async () => {
    const missing = createHttpApiHandler(
      await integrationDependencies({ config: { tableName: 'no-such-table' } }),
    );
    const notFound = (await missing(
      get('/nope'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(notFound.statusCode).toBe(404);
    const broken = (await missing(
      get('/health'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(broken.statusCode).toBe(500);
    expect(broken.body).not.toMatch(/no-such-table|ResourceNotFound/);
  });
});
