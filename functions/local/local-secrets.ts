import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A random secret kept in a file under the local home, made on first use (mode 600). */
function ensureSecretFile(home: string, name: string, bytes: number): string {
  const path = join(home, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(home, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** The local administrator key (the stand-in for Cognito sign-in), made once and kept. */
export function ensureAdminKey(home: string): string {
  return ensureSecretFile(home, 'admin-key', 24);
}

/** The local link-signing secret (Secrets Manager's stand-in), so links survive restarts. */
export function ensureSigningSecret(home: string): string {
  return ensureSecretFile(home, 'signing-secret', 48);
}
