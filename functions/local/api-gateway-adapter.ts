import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

export type HttpLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** API Gateway HTTP APIs refuse payloads above 10 MB; Tandem's forms need far less. */
const maxBodyBytes = 1024 * 1024;

const textTypes = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/;

export class PayloadTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new PayloadTooLargeError('request body over 1 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Turns a Node request into the API Gateway HTTP API (payload 2.0) event Lambda receives. Written
 * here because the known libraries go the other way (they run a web framework inside Lambda);
 * we need the reverse, so the very Lambda handler serves local requests.
 */
export async function toApiGatewayEvent(request: IncomingMessage): Promise<APIGatewayProxyEventV2> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const body = await readBody(request);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const isText = textTypes.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const method = request.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
}

export function localLambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Writes a Lambda proxy result (payload 2.0) back as a Node response. */
export function writeApiGatewayResult(
  response: ServerResponse,
  result: APIGatewayProxyResultV2,
): void {
  if (typeof result === 'string' || result === undefined || result === null) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result ?? null));
    return;
  }
  if (!('statusCode' in result) && !('body' in result)) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** A Node request listener that serves a Lambda HTTP handler the way API Gateway would. */
export function serveLambda(handler: HttpLambdaHandler, functionName: string) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const event = await toApiGatewayEvent(request);
      writeApiGatewayResult(response, await handler(event, localLambdaContext(functionName)));
    } catch (error) {
      const tooLarge = error instanceof PayloadTooLargeError;
      if (!response.headersSent) {
        response.writeHead(tooLarge ? 413 : 500, { 'content-type': 'application/json' });
      }
      response.end(
        JSON.stringify({ message: tooLarge ? 'Request body too large' : 'Internal error' }),
      );
      if (!tooLarge) console.error(error);
    }
  };
}
