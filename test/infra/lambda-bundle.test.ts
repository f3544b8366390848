import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, inject, it } from 'vitest';
import { runtimeEnv } from '#config/runtime-config';
import { esmRequireBanner } from '#infra/tandem-function';
import { projectRoot } from '#local/paths';
import { integrationConfig, testHospital } from '../support/integration.ts';

/** Bundles a Lambda entry point the way TandemFunction does (ESM, minified, SDK bundled). */
async function bundle(entryName: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'tandem-bundle-')), 'index.mjs');
  await build({
    entryPoints: [join(projectRoot, 'functions/lambda', `${entryName}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    banner: { js: esmRequireBanner },
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * Stands in for Secrets Manager's GetSecretValue (JSON 1.1 protocol), so the bundles' cold start,
 * which reads the link-signing secret, runs as in Lambda.
 */
async function fakeSecretsManager(secret: string) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
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

describe('Lambda bundles', () => {
  it('load in a fresh Node process and answer as Lambda would call them', async () => {
    const config = await integrationConfig();
    const secrets = await fakeSecretsManager('bundle-test-secret-0123456789-0123456789');
    const env = {
      ...process.env,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      [runtimeEnv.hospital]: JSON.stringify(testHospital),
      [runtimeEnv.tableName]: config.tableName,
      [runtimeEnv.logLevel]: 'SILENT',
      [runtimeEnv.publicBaseUrl]: 'https://mentoring.example.org',
      [runtimeEnv.signingSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    };
    const bundles = {
      http: await bundle('http-api'),
      dispatcher: await bundle('dispatcher'),
      inbound: await bundle('inbound-mail'),
    };
    const script = join(mkdtempSync(join(tmpdir(), 'tandem-invoke-')), 'invoke.mjs');
    writeFileSync(
      script,
      `
      const [http, dispatcher, inbound] = await Promise.all(${JSON.stringify(Object.values(bundles))}.map((f) => import(f)));
      if (typeof inbound.handler !== 'function') throw new Error('inbound handler missing');
      const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'r' };
      const health = await http.handler({ version: '2.0', rawPath: '/health', headers: {},
        requestContext: { http: { method: 'GET', path: '/health' } } }, context);
      const run = await dispatcher.handler({ 'detail-type': 'Scheduled Event' }, context);
      console.log(JSON.stringify({ health, run }));
      `,
    );
    const { stdout: output } = await promisify(execFile)(process.execPath, [script], {
      env,
      encoding: 'utf8',
    });
    secrets.server.close();
    expect(secrets.seen).toEqual(Array(3).fill('secretsmanager.GetSecretValue'));
    const { health, run } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', hospital: 'test-hospital' });
    expect(run).toMatchObject({ found: 0, done: 0, itemsRead: 0 });
  });
});
