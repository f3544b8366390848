import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { describe, expect, inject, it } from 'vitest';
import { createDynamoDocumentClient } from '#adapters/dynamo-client';
import { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import { runtimeEnv } from '#config/lambda-config';
import { timeZoneNames } from '#config/time-zones';
import { buildApp, cdkContext } from '#infra/app';
import { projectRoot } from '#local/paths';
import { recountWork } from '#workflows/program-counting';
import { integrationConfig, testHospital } from '../../support/integration.ts';
import { bundleLambda as bundle, fakeSecretsManager } from '../../support/lambda-bundles.ts';

describe('Lambda bundles', () => {
  it('load in a fresh Node process and answer as Lambda would call them', async () => {
    const config = await integrationConfig();
    const secrets = await fakeSecretsManager('bundle-test-secret-0123456789-0123456789');
    const { [runtimeEnv.hospital]: _unset, ...inherited } = process.env;
    const env = {
      ...inherited,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      // No TANDEM_HOSPITAL: the config is compiled into each bundle, as the stack does.
      [runtimeEnv.tableName]: config.tableName,
      [runtimeEnv.logLevel]: 'SILENT',
      [runtimeEnv.publicBaseUrl]: 'https://mentoring.example.org',
      [runtimeEnv.signingSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    };
    const bundles = Object.fromEntries(
      Object.entries({
        http: 'http-api',
        dispatcher: 'dispatcher',
        inbound: 'inbound-mail',
        sesEvents: 'ses-events',
        outbox: 'outbox',
      }).map(([key, name]) => [key, bundle(name, { hospital: testHospital }).entryFile]),
    );
    const script = join(mkdtempSync(join(tmpdir(), 'tandem-invoke-')), 'invoke.mjs');
    writeFileSync(
      script,
      `
      const [http, dispatcher, inbound, sesEvents, outbox] = await Promise.all(${JSON.stringify(Object.values(bundles))}.map((f) => import(f)));
      if (typeof inbound.handler !== 'function') throw new Error('inbound handler missing');
      if (typeof sesEvents.handler !== 'function') throw new Error('SES events handler missing');
      const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'r' };
      const health = await http.handler({ version: '2.0', rawPath: '/health', headers: {},
        requestContext: { http: { method: 'GET', path: '/health' } } }, context);
      // The form lists the zones compiled in at bundling.
      const form = await http.handler({ version: '2.0', rawPath: '/', headers: {},
        requestContext: { http: { method: 'GET', path: '/' } } }, context);
      // The admin area is a chunk of its own, loaded at its first request.
      const signIn = await http.handler({ version: '2.0', rawPath: '/admin/sign-in', headers: {},
        requestContext: { http: { method: 'GET', path: '/admin/sign-in' } } }, context);
      const run = await dispatcher.handler({ 'detail-type': 'Scheduled Event' }, context);
      // A stream record of an item that is not in the table: found, and nobody's to claim.
      const image = { pk: { S: 'WORK#gone' }, sk: { S: 'WORK' }, id: { S: 'gone' },
        dueKey: { S: '2020-01-01T00:00:00.000Z#gone' } };
      const sent = await outbox.handler({ Records: [{ eventName: 'INSERT',
        dynamodb: { Keys: { pk: image.pk, sk: image.sk }, NewImage: image } }] }, context);
      console.log(JSON.stringify({ health, form, signIn, run, sent }));
      `,
    );
    const { stdout: output } = await promisify(execFile)(process.execPath, [script], {
      env,
      encoding: 'utf8',
    });
    // The outbox and inbound functions read the secret at start; the HTTP function at its first
    // request that may sign (the admin sign-in page, not the health check or the form); the SES
    // events function and the dispatcher's idle run never read it.
    expect(secrets.seen).toEqual(Array(3).fill('secretsmanager.GetSecretValue'));
    // With an item due, the dispatcher reads it once, before the item runs.
    const documents = createDynamoDocumentClient({
      region: 'us-east-1',
      endpoint: inject('dynamodbEndpoint'),
    });
    await new DynamoDueWorkStore(
      documents,
      config.tableName,
      testHospital.dispatcher.shardCount,
    ).schedule(recountWork('no-such-pairing', new Date(Date.now() - 1000)));
    const busy = join(dirname(script), 'busy.mjs');
    writeFileSync(
      busy,
      `const { handler } = await import(${JSON.stringify(bundles.dispatcher)});
      const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'r' };
      console.log(JSON.stringify(await handler({}, context)));`,
    );
    const busyRun = JSON.parse(
      (await promisify(execFile)(process.execPath, [busy], { env, encoding: 'utf8' })).stdout
        .trim()
        .split('\n')
        .at(-1) ?? '{}',
    );
    expect(busyRun).toMatchObject({ found: 1, claimed: 1, done: 1 });
    expect(secrets.seen).toHaveLength(4);
    // A fresh HTTP function shows pages without the secret and reads it once, before a POST.
    const requests = join(dirname(script), 'requests.mjs');
    const request = (method: string, path: string, body?: string) => ({
      version: '2.0',
      rawPath: path,
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method, path } },
      ...(body ? { body } : {}),
    });
    writeFileSync(
      requests,
      `const { handler } = await import(${JSON.stringify(bundles.http)});
      const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'r' };
      const answer = async (event) => (await handler(event, context)).statusCode;
      const gets = [await answer(${JSON.stringify(request('GET', '/'))}),
        await answer(${JSON.stringify(request('GET', '/l/AAAAAAAAAAAAAAAAAAAAAA'))})];
      const readBeforePost = ${JSON.stringify(secrets.url)};
      const before = await (await fetch(readBeforePost + '/count')).json();
      const post = await answer(${JSON.stringify(request('POST', '/api/pairings', '{}'))});
      const again = await answer(${JSON.stringify(request('POST', '/api/pairings', '{}'))});
      console.log(JSON.stringify({ gets, before, post, again }));`,
    );
    const answered = JSON.parse(
      (await promisify(execFile)(process.execPath, [requests], { env, encoding: 'utf8' })).stdout
        .trim()
        .split('\n')
        .at(-1) ?? '{}',
    );
    expect(answered).toEqual({ gets: [200, 400], before: 4, post: 400, again: 400 });
    expect(secrets.seen).toHaveLength(5);
    secrets.server.close();
    const { health, form, signIn, run, sent } = JSON.parse(
      output.trim().split('\n').at(-1) ?? '{}',
    );
    expect(form.statusCode).toBe(200);
    for (const zone of timeZoneNames()) expect(form.body).toContain(`"${zone}"`);
    expect(form.body).not.toContain('"Asia/Calcutta"');
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain('<form');
    expect(sent).toMatchObject({ found: 1, claimed: 0, done: 0 });
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', hospital: 'test-hospital' });
    expect(run).toMatchObject({ found: 0, done: 0, itemsRead: 0 });
  });

  it('are built at synth each from its own entry point, with its lazy chunks beside it', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tandem-cdk-'));
    const app = new App({
      outdir,
      context: { ...cdkContext(), 'aws:cdk:bundling-stacks': ['Tandem-northbridge-general'] },
    });
    buildApp(app);
    const stack = app.synth().getStackByName('Tandem-northbridge-general');
    const keys = Object.values(
      stack.template.Resources as Record<
        string,
        { Type: string; Properties: { Code?: { S3Key?: string } } }
      >,
    )
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => String(r.Properties.Code?.S3Key));
    const assets = keys
      .filter((key) => /^[0-9a-f]{64}\.zip$/.test(key))
      .map((key) => join(outdir, `asset.${key.replace('.zip', '')}`));
    // CDK reuses a bundling result whose options look the same: each function must have its own.
    expect(new Set(assets).size).toBe(5);
    const contents = assets.map((dir) => readdirSync(dir));
    for (const files of contents) expect(files).toContain('index.mjs');
    // The HTTP function's admin area is a chunk beside its entry, not in it.
    expect(contents.some((files) => files.filter((f) => f.endsWith('.mjs')).length > 3)).toBe(true);
  });

  it('map an error’s stack to the sources when it leaves a handler, with no source maps at start', async () => {
    const file = bundle('throwing', {
      entry: join(projectRoot, 'support/throwing-entry.ts'),
    }).entryFile;
    const script = join(dirname(file), 'throw.mjs');
    writeFileSync(
      script,
      `const { handler } = await import(${JSON.stringify(file)});
      try { await handler(); } catch (error) { console.log(JSON.stringify(error.stack)); }`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const stack = JSON.parse(stdout.trim()) as string;
    expect(stack).toMatch(/^Error: failed inside the handler/);
    expect(stack).toContain('support/throwing-entry.ts:5:9');
    expect(stack).not.toMatch(/index\.mjs:\d+/);
  });

  it('draw the digest chart from the files the stack puts beside the code, not node_modules', async () => {
    // Built as TandemFunction builds a function that draws charts, in a folder under /tmp where
    // no node_modules can be found.
    const file = bundle('dispatcher', {
      entry: join(projectRoot, 'functions/adapters/resvg-png.ts'),
      drawsCharts: true,
    }).entryFile;
    const folder = dirname(file);
    const script = join(folder, 'draw.mjs');
    writeFileSync(
      script,
      `const { svgToPng } = await import(${JSON.stringify(file)});
      const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20"><text x="2" y="14" font-family="DejaVu Sans">Held</text></svg>', 300);
      console.log(Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], { encoding: 'utf8' });
    expect(stdout.trim()).toBe('300 100');
  });
});
