import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { chartAssetFiles } from '#config/chart-assets';
import type { HospitalConfig } from '#config/hospital-config';
import { bundledHospitalDefine } from '#config/lambda-config';
import { bundledTimeZoneNamesDefine, timeZoneNames } from '#config/time-zones';
import { projectRoot } from './project-root.ts';

/** Some dependencies are CommonJS and call require(); an ESM bundle needs it defined. */
export const esmRequireBanner =
  "import { createRequire as __tandemCreateRequire } from 'node:module'; const require = __tandemCreateRequire(import.meta.url);";

/** The file Lambda loads (`index.handler`); the lazily imported chunks sit beside it. */
export const lambdaEntryFile = 'index.mjs';

/** esbuild `define` that compiles the hospital config into a bundle (runtime-config reads it). */
export function hospitalDefine(hospital: HospitalConfig): Record<string, string> {
  return { [bundledHospitalDefine]: JSON.stringify(JSON.stringify(hospital)) };
}

export interface LambdaBuild {
  /** The entry point under functions/lambda/, without extension (or `entry`, a file). */
  entryName: string;
  entry?: string;
  outdir: string;
  hospital?: HospitalConfig;
  /** false: the benchmark's baseline, the same bundle without tree-shaking and minification. */
  optimized?: boolean;
}

/**
 * The esbuild options of every function's bundle, in one place: TandemFunction builds with them
 * at synth, and the bundle test and the benchmark build with exactly these.
 *
 * Code splitting: a dynamic `import()` becomes a chunk file that Node loads only when that line
 * runs, so a function compiles at its cold start only what it runs on every invocation (the
 * admin area, CSV import and the digest's charts load at their first use). CDK's NodejsFunction
 * writes one file (`--outfile`) and cannot split, so TandemFunction calls esbuild itself
 * (docs/decisions.md).
 */
export function lambdaBuildOptions(build: LambdaBuild): BuildOptions {
  const optimized = build.optimized ?? true;
  return {
    entryPoints: {
      index: build.entry ?? join(projectRoot, 'functions/lambda', `${build.entryName}.ts`),
    },
    outdir: build.outdir,
    outExtension: { '.js': '.mjs' },
    // Beside the entry, so a chunk's `import.meta.url` finds the files a function carries.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: optimized,
    treeShaking: optimized,
    // Beside each file, for functions/runtime/mapped-stacks.ts to map an error's stack when it
    // happens (never read at start); without a copy of the sources, a third of the size.
    sourcemap: true,
    sourcesContent: false,
    banner: { js: esmRequireBanner },
    alias: {
      // `node:http` through CommonJS: its ES-module view loads undici (functions/runtime/node-http.ts).
      'node:http': './functions/runtime/node-http.ts',
      http: './functions/runtime/node-http.ts',
      // Lambda's credentials are in the environment: the default chain's other sources are never
      // read there (functions/runtime/lambda-credentials.ts).
      '@aws-sdk/credential-provider-node': './functions/runtime/lambda-credentials.ts',
    },
    absWorkingDir: projectRoot,
    define: {
      // The validated hospital config travels in the code, not the 4 KB environment.
      ...(build.hospital ? hospitalDefine(build.hospital) : {}),
      // The form's list of zones, found once here instead of at a cold start's first form.
      [bundledTimeZoneNamesDefine]: JSON.stringify(JSON.stringify(timeZoneNames())),
    },
    metafile: true,
    logLevel: 'silent',
  };
}

/** What a build wrote: the files, and the bytes Node loads at a cold start. */
export interface LambdaBundle {
  entryFile: string;
  /** The entry and every chunk it imports statically: compiled at each cold start. */
  bytesAtStart: number;
  /** Every .mjs file of the asset, lazily loaded chunks included (maps excluded). */
  bytesInAsset: number;
  /** The source maps of the files loaded at start. */
  sourceMapBytesAtStart: number;
}

/** The bytes a Node process loads when it imports `entry`: static imports, not `import()`. */
function bundleSizes(metafile: Metafile): Omit<LambdaBundle, 'entryFile'> {
  const entryKey = Object.keys(metafile.outputs).find((file) =>
    file.endsWith(`/${lambdaEntryFile}`),
  );
  if (!entryKey) throw new Error(`no ${lambdaEntryFile} in the build`);
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entryKey);
  const code = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  return {
    bytesAtStart: code.filter(([file]) => atStart.has(file)).reduce((n, [, o]) => n + o.bytes, 0),
    bytesInAsset: code.reduce((n, [, o]) => n + o.bytes, 0),
    sourceMapBytesAtStart: Object.entries(metafile.outputs)
      .filter(([file]) => file.endsWith('.map') && atStart.has(file.replace(/\.map$/, '')))
      .reduce((n, [, o]) => n + o.bytes, 0),
  };
}

/**
 * Builds a function's asset into `outdir` (synchronously: CDK's local bundling is synchronous).
 * A function that draws charts gets resvg's WebAssembly and the font beside its code, where
 * functions/adapters/resvg-png.ts looks first.
 */
export function buildLambda(build: LambdaBuild & { drawsCharts?: boolean }): LambdaBundle {
  const result = buildSync(lambdaBuildOptions(build));
  if (build.drawsCharts)
    for (const [name, from] of Object.entries(chartAssetFiles))
      copyFileSync(join(projectRoot, 'node_modules', from), join(build.outdir, name));
  if (!result.metafile) throw new Error('esbuild wrote no metafile');
  return {
    entryFile: join(build.outdir, lambdaEntryFile),
    ...bundleSizes(result.metafile),
  };
}
