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
  return { signingSecret: result.SecretString };
}
