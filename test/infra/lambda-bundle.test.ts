import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('Lambda bundles', () => {
  it('load in a fresh Node process and answer as Lambda would call them', async () => {
    const config = await integrationConfig();
    const env = {
      ...process.env,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      [runtimeEnv.hospital]: JSON.stringify(testHospital),
      [runtimeEnv.tableName]: config.tableName,
      [runtimeEnv.logLevel]: 'SILENT',
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
    const output = execFileSync(process.execPath, [script], { env, encoding: 'utf8' });
    const { health, run } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', hospital: 'test-hospital' });
    expect(run).toMatchObject({ found: 0, done: 0, itemsRead: 0 });
  });
});
