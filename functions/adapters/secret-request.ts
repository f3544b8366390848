import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Secrets Manager's GetSecretValue as one SigV4-signed POST, signed by the AWS SDK's own signer.
 *
 * Written by hand instead of with @aws-sdk/client-secrets-manager, for the cold start: the
 * client's first request (its middleware stack, endpoint rules, user agent and retry setup) cost
 * ~35 ms of each start that reads the secret, and this request costs next to nothing beside the
 * SDK clients a function already loads (measured side by side, docs/performance.md). It is one
 * call, made once per cold start, with a documented wire format (JSON 1.1, `X-Amz-Target`):
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * What the client did that matters here is kept: the regional endpoint (or
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, as the SDK reads it), credentials from the environment (as
 * Lambda provides them), retries of throttling, 5xx and network errors, and the service's error
 * named in the thrown message.
 */
export interface SecretRequestOptions {
  region: string;
  /**
   * Defaults to the environment's AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL (as the
   * SDK reads them), then the regional endpoint.
   */
  endpoint?: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts in all (the SDK's default is 3). */
  attempts?: number;
  timeoutMs?: number;
}

/** The regional endpoint: `amazonaws.com`, or `amazonaws.com.cn` in the China regions. */
export function secretsManagerEndpoint(region: string): string {
  return `https://secretsmanager.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Lambda's credentials, from its environment (the same source as the bundles' SDK clients). */
export function credentialsFromEnv(
  env: Record<string, string | undefined>,
): SecretRequestOptions['credentials'] {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    );
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

class SecretRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SecretRequestError';
  }
}

/** The request's address, signed headers (dated now) and body. */
async function signedSecretRequest(secretId: string, options: SecretRequestOptions) {
  const endpoint = new URL(
    options.endpoint ??
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ??
      process.env.AWS_ENDPOINT_URL ??
      secretsManagerEndpoint(options.region),
  );
  const body = JSON.stringify({ SecretId: secretId });
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region: options.region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: options.credentials,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: '/',
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  });
  return { url: endpoint, headers: signed.headers, body };
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new SecretRequestError('Secrets Manager timed out', true)));
    req.on('error', (error) =>
      reject(
        error instanceof SecretRequestError ? error : new SecretRequestError(error.message, true),
      ),
    );
    req.end(body);
  });
}

/** The answer's JSON object, or an empty one for a body that is not (a proxy's error page). */
function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The secret's string, or an error naming what Secrets Manager answered. */
export async function getSecretString(
  secretId: string,
  options: SecretRequestOptions,
): Promise<string> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      // Signed for each attempt: a signature is valid for minutes, and the date is in it.
      const { url, headers, body } = await signedSecretRequest(secretId, options);
      const { status, text } = await post(url, headers, body, options.timeoutMs ?? 5000);
      const json = jsonObject(text);
      if (status === 200) {
        if (typeof json.SecretString !== 'string')
          throw new SecretRequestError('the secret has no SecretString', false);
        return json.SecretString;
      }
      const type = String(json.__type ?? json.code ?? 'UnknownError')
        .split('#')
        .pop();
      const message = String(json.message ?? json.Message ?? text.slice(0, 200));
      throw new SecretRequestError(
        `Secrets Manager answered ${status} ${type}: ${message}`,
        status >= 500 || status === 429 || /Throttl/.test(String(type)),
      );
    } catch (error) {
      const retryable = error instanceof SecretRequestError ? error.retryable : false;
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
    }
  }
}
