import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HospitalConfig } from '#config/hospital-config';
import { buildLambda, type LambdaBundle } from '#infra/lambda-build';

/**
 * Builds a Lambda entry point into a fresh folder exactly as TandemFunction does at synth (ESM,
 * minified, split, SDK bundled); `entry` builds another file the same way.
 */
export function bundleLambda(
  entryName: string,
  options: { hospital?: HospitalConfig; entry?: string; drawsCharts?: boolean } = {},
): LambdaBundle {
  return buildLambda({
    entryName,
    outdir: mkdtempSync(join(tmpdir(), 'tandem-bundle-')),
    ...options,
  });
}

/**
 * Stands in for Secrets Manager's GetSecretValue (JSON 1.1 protocol), so the bundles' cold start,
 * which reads the link-signing secret, runs as in Lambda.
 */
export async function fakeSecretsManager(secret: string) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    // `GET /count`: how many reads so far, for a script to look between its requests.
    if (request.method === 'GET' && request.url === '/count') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(String(seen.length));
      return;
    }
    seen.push(String(request.headers['x-amz-target']));
    request.resume();
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify({
        ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s',
        Name: 's',
        SecretString: secret,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
