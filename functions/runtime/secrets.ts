import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '#config/runtime-config';
import type { DueWorkHandler, DueWorkHandlers } from '#workflows/due-work-dispatcher';
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

/**
 * The secrets fetched at their first need instead of at start, for a function whose invocations
 * may sign nothing: the dispatcher, which runs every few minutes and mostly finds nothing due.
 * The SDK's first request is most of the fetch's cost (~35 ms of a cold start measured here), and
 * an idle run never pays it. `secrets` throws until `load` has resolved; `beforeEach` makes each
 * due-work handler load them first, so nothing can sign before they are there.
 */
export function deferredSecretsFromAws(config: RuntimeConfig) {
  let loaded: DependencySecrets | undefined;
  let loading: Promise<void> | undefined;
  const load = () => {
    loading ??= loadSecretsFromAws(config).then(
      (secrets) => {
        loaded = secrets;
      },
      (error: unknown) => {
        loading = undefined; // the next item tries again
        throw error;
      },
    );
    return loading;
  };
  return {
    secrets: (): DependencySecrets => {
      if (!loaded) throw new Error('the signing secret was used before it was loaded');
      return loaded;
    },
    load,
    /** The handlers, each loading the secrets before it starts. */
    beforeEach: (handlers: DueWorkHandlers): DueWorkHandlers =>
      Object.fromEntries(
        Object.entries(handlers).map(([kind, handler]) => [
          kind,
          async (...args: Parameters<DueWorkHandler>) => {
            await load();
            return handler(...args);
          },
        ]),
      ),
  };
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
