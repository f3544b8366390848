import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLambda } from '#local/api-gateway-adapter';

describe('local API Gateway adapter', () => {
  let server: Server;
  let base: string;
  const events: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    server = createServer(
      serveLambda(async (event): Promise<APIGatewayProxyResultV2> => {
        events.push(event);
        if (event.rawPath === '/boom') throw new Error('handler bug');
        if (event.rawPath === '/binary') {
          return {
            statusCode: 200,
            headers: { 'content-type': 'image/png' },
            body: Buffer.from([1, 2, 3]).toString('base64'),
            isBase64Encoded: true,
          };
        }
        return {
          statusCode: 201,
          headers: {
            'content-type': 'application/json',
            'x-seen': event.requestContext.http.method,
          },
          cookies: ['session=abc; HttpOnly', 'theme=dark'],
          body: JSON.stringify({ ok: true }),
        };
      }, 'test'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('turns a request into the payload 2.0 event Lambda gets', async () => {
    const response = await fetch(`${base}/api/pairings?page=2&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'a=1; b=2', 'x-custom': 'yes' },
      body: '{"name":"Dr Ada"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen')).toBe('POST');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    const event = events.at(-1)!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/pairings',
      rawQueryString: 'page=2&tag=a&tag=b',
      queryStringParameters: { page: '2', tag: 'a,b' },
      cookies: ['a=1', 'b=2'],
      body: '{"name":"Dr Ada"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/api/pairings' } },
    });
    expect(event.headers['x-custom']).toBe('yes');
    expect(event.headers.cookie).toBeUndefined();
  });

  it('base64-encodes binary bodies both ways', async () => {
    const response = await fetch(`${base}/binary`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([255, 0, 7]),
    });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(events.at(-1)).toMatchObject({
      body: Buffer.from([255, 0, 7]).toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('answers 413 to a body over 1 MB and 500 without details when the handler throws', async () => {
    const big = await fetch(`${base}/x`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain('handler bug');
  });
});
