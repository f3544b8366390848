import { GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { TandemDependencies } from '#runtime/dependencies';

type HttpResult = APIGatewayProxyResultV2 & { statusCode: number; body: string };

export function jsonResponse(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The service's HTTP routes (API Gateway HTTP API, payload v2). Later issues add the form and API. */
export function createHttpApiHandler(deps: TandemDependencies) {
  const { hospital, tableName } = deps.config;

  const health = async (): Promise<HttpResult> => {
    // A read of a key that never exists proves the table is there and reachable.
    await deps.documentClient.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }),
    );
    return jsonResponse(200, { status: 'ok', hospital: hospital.id, name: hospital.name });
  };

  const router = httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>([
    { method: 'GET', path: '/health', handler: health },
  ]);

  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(
      httpErrorHandler({
        // Unexpected errors answer a plain 500 without internals; they are logged below.
        fallbackMessage: 'Internal error',
        logger: (error: unknown) => deps.logger.error('request failed', { error }),
      }),
    )
    .handler(router);
}
