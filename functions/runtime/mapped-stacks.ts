import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/*
 * Stack traces in the sources' terms, without paying for it at every cold start. Node's
 * `--enable-source-maps` reads and indexes each bundle file's map as the file loads (~20 ms of a
 * function's start, 8–10% measured side by side), for the rare error that needs it. Instead,
 * an error that leaves a handler has its stack mapped then: each frame in a bundle file is looked
 * up in that file's map (written beside it by infra/lambda-build.ts) with Node's own SourceMap
 * class, and the error is rethrown for Lambda to log. Only the decoding of frames is ours.
 */

const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null; // no map beside it (not a bundle): the frame stays as it is
    }
    maps.set(file, map);
  }
  return map;
}

// `at name (file:///var/task/index.mjs:1:2345)` or `at file:///var/task/index.mjs:1:2345`.
const frame = /(file:\/\/[^\s()]+\.mjs):(\d+):(\d+)/g;

/** A stack with each frame in a bundle file replaced by its source file, line and column. */
export function mappedStack(stack: string): string {
  return stack.replace(frame, (whole, url: string, line: string, column: string) => {
    const map = mapOf(fileURLToPath(url));
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return whole;
    // Sources are relative to the build's folder: keep the path from the project's own folders.
    const source = entry.originalSource
      .replace(/^(\.\.\/)+/, '')
      .replace(/^.*?(?=(?:functions|templates|support|bench|node_modules)\/)/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** The handler, with the stack of any error it throws mapped to the sources. */
export function withMappedStacks<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof Error && error.stack) error.stack = mappedStack(error.stack);
      throw error;
    }
  };
}
