import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import aws4 from 'aws4';
import { afterEach, describe, expect, it } from 'vitest';
import { getSecretString, secretsManagerEndpoint } from '#adapters/secret-request';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-example',
};

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for Secrets Manager that answers each request with the next of `answers`. */
async function secretsManager(answers: { status: number; body: unknown }[]) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      response.writeHead(answer?.status ?? 500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer?.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { received, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/**
 * The signature an independent SigV4 implementation (aws4) computes for the request as it
 * arrived, with the same date and credentials: what AWS checks.
 */
function expectedAuthorization(request: Received, host: string): string {
  const { authorization: _, connection: __, ...headers } = request.headers;
  const signed = aws4.sign(
    {
      service: 'secretsmanager',
      region: 'eu-west-1',
      method: request.method,
      host,
      path: request.url,
      headers: headers as Record<string, string>,
      body: request.body,
    },
    credentials,
  );
  return String(signed.headers?.Authorization);
}

describe('the secret read as one signed request', () => {
  it('is signed as AWS checks it (SigV4 by an independent implementation) and answers the string', async () => {
    const sm = await secretsManager([
      { status: 200, body: { Name: 's', SecretString: 'the key' } },
    ]);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s';
    expect(
      await getSecretString(arn, { region: 'eu-west-1', endpoint: sm.endpoint, credentials }),
    ).toBe('the key');
    const [request] = sm.received;
    if (!request) throw new Error('no request');
    expect(request.method).toBe('POST');
    expect(request.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(JSON.parse(request.body)).toEqual({ SecretId: arn });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, /,
    );
    expect(request.headers.authorization).toBe(
      expectedAuthorization(request, new URL(sm.endpoint).host),
    );
  });

  it('tries again after throttling and a 5xx, and names the service’s error when it refuses', async () => {
    const flaky = await secretsManager([
      { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
      { status: 503, body: { __type: 'ServiceUnavailable' } },
      { status: 200, body: { SecretString: 'after two tries' } },
    ]);
    expect(
      await getSecretString('s', { region: 'eu-west-1', endpoint: flaky.endpoint, credentials }),
    ).toBe('after two tries');
    expect(flaky.received).toHaveLength(3);

    const missing = await secretsManager([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.secretsmanager#ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
      },
    ]);
    await expect(
      getSecretString('s', { region: 'eu-west-1', endpoint: missing.endpoint, credentials }),
    ).rejects.toThrow(
      "Secrets Manager answered 400 ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    expect(missing.received).toHaveLength(1); // a refusal is not tried again
  });

  it('goes to the regional endpoint, in the China regions too', () => {
    expect(secretsManagerEndpoint('us-east-1')).toBe(
      'https://secretsmanager.us-east-1.amazonaws.com',
    );
    expect(secretsManagerEndpoint('cn-north-1')).toBe(
      'https://secretsmanager.cn-north-1.amazonaws.com.cn',
    );
  });
});
