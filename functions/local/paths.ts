import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the embedded runtime keeps its state; TANDEM_HOME moves it (tests use a temp folder). */
export function tandemHome(env: Record<string, string | undefined> = process.env): string {
  return env.TANDEM_HOME ?? join(projectRoot, '.tandem');
}

export const runtimeFileName = 'runtime.json';
