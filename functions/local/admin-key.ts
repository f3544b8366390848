import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The local administrator key (the stand-in for Cognito sign-in), made once and kept. */
export function ensureAdminKey(home: string): string {
  const path = join(home, 'admin-key');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(home, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
