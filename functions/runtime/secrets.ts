import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '#config/runtime-config';
import type { DependencySecrets } from './dependencies.ts';

/** Reads the stack's secrets once, at cold start (Lambda entry points await it at top level). */
export async function loadSecretsFromAws(config: RuntimeConfig): Promise<DependencySecrets> {
  if (!config.signingSecretArn) throw new Error('TANDEM_SIGNING_SECRET_ARN is not set');
  const client = new SecretsManagerClient({ region: config.region });
  const result = await client.send(
    new GetSecretValueCommand({ SecretId: config.signingSecretArn }),
  );
  if (!result.SecretString) throw new Error('the link-signing secret has no value');
  client.destroy();
  return parseSigningSecret(result.SecretString);
}

/** `{"current": key, "previous"?: [key, …]}`, every key of at least 32 characters, nothing else. */
function rotatingSecret(json: unknown): { current: string; previous: string[] } | null {
  const isKey = (k: unknown): k is string => typeof k === 'string' && k.length >= 32;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const { current, previous = [], ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || !isKey(current)) return null;
  if (!Array.isArray(previous) || !previous.every(isKey)) return null;
  return { current, previous };
}

/**
 * The secret's value: the key itself (as the stack generates it), or during a rotation
 * `{"current": "<new key>", "previous": ["<old key>"]}` — new links are signed with the current
 * key, and links signed with a previous one keep working until they expire.
 */
export function parseSigningSecret(value: string): DependencySecrets {
  if (!value.trimStart().startsWith('{')) return { signingSecret: value };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('the link-signing secret looks like JSON but is not valid JSON');
  }
  // By hand, not with zod: every function reads the secret at start, and most never load zod.
  const parsed = rotatingSecret(json);
  if (!parsed)
    throw new Error(
      'the link-signing secret must be a key, or {"current": "<key>", "previous": ["<key>", …]} with keys of at least 32 characters',
    );
  return { signingSecret: parsed.current, previousSigningSecrets: parsed.previous };
}
