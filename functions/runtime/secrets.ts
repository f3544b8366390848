import { credentialsFromEnv, getSecretString } from '#adapters/secret-request';
import type { RuntimeConfig } from '#config/runtime-config';
import type { DueWorkHandler, DueWorkHandlers } from '#workflows/due-work-dispatcher';
import type { DependencySecrets } from './dependencies.ts';

/** Reads the stack's secrets once, at cold start (Lambda entry points await it at top level). */
export async function loadSecretsFromAws(config: RuntimeConfig): Promise<DependencySecrets> {
  if (!config.signingSecretArn) throw new Error('TANDEM_SIGNING_SECRET_ARN is not set');
  // One signed request, not the Secrets Manager client: see adapters/secret-request.ts.
  const value = await getSecretString(config.signingSecretArn, {
    region: config.region,
    credentials: credentialsFromEnv(process.env),
  });
  if (!value) throw new Error('the link-signing secret has no value');
  return parseSigningSecret(value);
}

/** A signer asked for the secrets before they were fetched (functions/runtime/secrets.ts). */
export class SecretNotLoadedError extends Error {
  constructor() {
    super('the signing secret was used before it was loaded');
    this.name = 'SecretNotLoadedError';
  }
}

/** What the HTTP wrapper needs of a request: its method and path. */
interface HttpRequestLine {
  rawPath: string;
  requestContext: { http: { method: string } };
}

/**
 * The secrets fetched at their first need instead of at start, for a function whose invocations
 * may sign nothing: a network round trip (and, with the SDK's client, ~35 ms of a cold start; the
 * signed request of adapters/secret-request.ts costs far less) that such an invocation never
 * waits for. `secrets` throws `SecretNotLoadedError` until `load` has resolved; each way of
 * wrapping a handler below makes sure nothing signs before they are there:
 * - `beforeEach` (the dispatcher, which mostly finds nothing due): each due-work handler loads
 *   them first, so an idle run never fetches them;
 * - `beforeSigningRequests` (the HTTP API): loaded before any request that may sign, which is any
 *   but a GET or HEAD outside /admin; a GET that asked for them after all (none does today: GET
 *   only shows) is answered again once they are loaded, so a person never sees the miss;
 * - `onDemand` (SES events, which sign nothing): should a handler ask for them all the same, they
 *   are loaded and its error stands, so Lambda's retry of the event finds them.
 */
export function deferredSecretsFromAws(config: RuntimeConfig) {
  let loaded: DependencySecrets | undefined;
  let loading: Promise<void> | undefined;
  /** Set when `secrets` was asked before the load: the HTTP wrapper answers that request again. */
  let missed = false;
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
      if (!loaded) {
        missed = true;
        throw new SecretNotLoadedError();
      }
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
    beforeSigningRequests:
      <E extends HttpRequestLine, C, R>(handler: (event: E, context: C) => Promise<R>) =>
      async (event: E, context: C): Promise<R> => {
        const method = event.requestContext.http.method.toUpperCase();
        const onlyShows =
          (method === 'GET' || method === 'HEAD') && !/^\/admin(\/|$)/.test(event.rawPath);
        if (!onlyShows) await load();
        missed = false;
        const result = await handler(event, context);
        if (!missed) return result;
        missed = false;
        await load();
        return onlyShows ? handler(event, context) : result;
      },
    onDemand:
      <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await handler(...args);
        } catch (error) {
          if (error instanceof SecretNotLoadedError) await load();
          throw error;
        }
      },
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
