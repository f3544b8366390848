import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHttpApiHandler } from '#handlers/http-api';
import { localLambdaContext } from '#local/api-gateway-adapter';
import type { TandemDependencies } from '#runtime/dependencies';

export function httpEvent(
  method: string,
  target: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    cookies?: string[];
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const url = new URL(target, 'http://tandem.test');
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: options.headers ?? {},
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    isBase64Encoded: options.base64 ?? false,
    ...(options.body === undefined ? {} : { body: options.body }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'tandem.test',
      domainPrefix: 'tandem',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

export type Response = {
  status: number;
  body: string;
  headers: Record<string, unknown>;
  cookies: string[];
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered
  json: () => any;
};

/**
 * Calls the HTTP API handler the way API Gateway would. `sent` adds headers to every request
 * and fields to every form (an admin client's CSRF token and its own Origin). Each call then
 * waits for the outbox deliveries it started, so a test reads the mail it caused; with
 * `waitForOutbox: false` the answer comes back as the person gets it, before any mail.
 */
export function httpClient(
  deps: TandemDependencies,
  cookies?: string[],
  sent: {
    headers?: Record<string, string>;
    fields?: Record<string, string>;
    waitForOutbox?: boolean;
  } = {},
) {
  const extraHeaders = sent.headers ?? {};
  const extraFields = sent.fields ?? {};
  const handler = createHttpApiHandler(deps);
  const call = async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const result = (await handler(
      event,
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    // What the table stream would now send (the answer above did not wait for it).
    if (sent.waitForOutbox !== false) await deps.outboxSettled();
    const body = result.body ?? '';
    return {
      status: result.statusCode ?? 200,
      body,
      headers: result.headers ?? {},
      cookies: result.cookies ?? [],
      json: () => JSON.parse(body),
    };
  };
  return {
    get: (target: string, headers: Record<string, string> = {}) =>
      call(
        httpEvent('GET', target, {
          headers: { ...extraHeaders, ...headers },
          ...(cookies ? { cookies } : {}),
        }),
      ),
    postJson: (target: string, body: unknown, headers: Record<string, string> = {}) =>
      call(
        httpEvent('POST', target, {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...headers },
        }),
      ),
    /** A file upload, encoded by the platform's FormData as a browser would, base64 as API Gateway sends it. */
    postFile: async (
      target: string,
      field: string,
      filename: string,
      content: string | Uint8Array,
    ) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(extraFields)) form.append(name, value);
      form.append(field, new Blob([content], { type: 'text/csv' }), filename);
      const request = new Request('http://tandem.test/', { method: 'POST', body: form });
      const body = Buffer.from(await request.arrayBuffer()).toString('base64');
      return call(
        httpEvent('POST', target, {
          body,
          base64: true,
          headers: { ...extraHeaders, 'content-type': request.headers.get('content-type') ?? '' },
          ...(cookies ? { cookies } : {}),
        }),
      );
    },
    postForm: (
      target: string,
      fields: Record<string, string | string[]>,
      headers: Record<string, string> = {},
    ) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries({ ...extraFields, ...fields }))
        for (const v of [value].flat()) params.append(name, v);
      return call(
        httpEvent('POST', target, {
          body: params.toString(),
          headers: {
            ...extraHeaders,
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          ...(cookies ? { cookies } : {}),
        }),
      );
    },
  };
}

/**
 * An administrator signed in with the key, acting from the admin pages as a browser would: the
 * session cookie, the page's CSRF token in every form, and its own Origin.
 */
export async function signedInAdmin(deps: TandemDependencies, key: string) {
  const signIn = await httpClient(deps).postForm('/admin/sign-in', { key });
  const cookie = String(signIn.cookies[0]).split(';')[0] ?? '';
  const page = await httpClient(deps, [cookie]).get('/admin/pairings');
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error(`no CSRF token on the admin page (status ${page.status})`);
  const browser = { origin: 'http://tandem.test', 'sec-fetch-site': 'same-origin' };
  return {
    ...httpClient(deps, [cookie], { headers: browser, fields: { csrf } }),
    cookie,
    csrf,
    signIn,
  };
}
