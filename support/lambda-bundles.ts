import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { HospitalConfig } from '#config/hospital-config';
import { bundleSettings, hospitalDefine } from '#infra/tandem-function';
import { projectRoot } from '#local/paths';

/** Bundles a Lambda entry point the way TandemFunction does (ESM, minified, SDK bundled). */
export async function bundleLambda(
  entryName: string,
  options: { optimized: boolean; hospital?: HospitalConfig; entry?: string } = { optimized: true },
): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'tandem-bundle-')), 'index.mjs');
  await build({
    entryPoints: [options.entry ?? join(projectRoot, 'functions/lambda', `${entryName}.ts`)],
    bundle: true,
    format: 'esm',
    platform: bundleSettings.platform,
    target: bundleSettings.target,
    mainFields: [...bundleSettings.mainFields],
    // The baseline for `npm run bench`: the same bundle without tree-shaking and minification.
    minify: options.optimized && bundleSettings.minify,
    treeShaking: options.optimized,
    sourcemap: bundleSettings.sourceMap,
    sourcesContent: bundleSettings.sourcesContent,
    banner: { js: bundleSettings.banner },
    alias: bundleSettings.alias,
    absWorkingDir: projectRoot,
    ...(options.hospital ? { define: hospitalDefine(options.hospital) } : {}),
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * Stands in for Secrets Manager's GetSecretValue (JSON 1.1 protocol), so the bundles' cold start,
 * which reads the link-signing secret, runs as in Lambda.
 */
export async function fakeSecretsManager(secret: string) {
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
