/**
 * A key given at construction, or read at its first use: a function that answers the secret
 * once it has been fetched (a Lambda function that may not need it on an invocation fetches it
 * only when it does; see functions/runtime/secrets.ts).
 */
export type SecretValue = string | (() => string);
export type SecretValues = readonly string[] | (() => readonly string[]);

export const secretOf = (value: SecretValue): string =>
  typeof value === 'string' ? value : value();

export const secretsOf = (values: SecretValues): readonly string[] =>
  typeof values === 'function' ? values() : values;
