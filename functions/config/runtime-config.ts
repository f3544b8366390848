import { z } from 'zod';
import { hospitalConfigSchema } from './hospital-config.ts';

/**
 * Everything a function needs at run time, validated once at start and passed down. In Lambda it
 * comes from environment variables set by the stack; locally the runner builds it directly.
 */
export const runtimeConfigSchema = z.object({
  hospital: hospitalConfigSchema,
  region: z.string().min(1),
  tableName: z.string().min(1),
  configurationSetName: z.string().min(1).optional(),
  inboundBucketName: z.string().min(1).optional(),
  signingSecretArn: z.string().min(1).optional(),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /** Only for the embedded runtime and tests: where the emulators listen. */
  endpoints: z
    .object({ dynamodb: z.url().optional(), ses: z.url().optional() })
    .strict()
    .default({}),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;
export type RuntimeConfigInput = z.input<typeof runtimeConfigSchema>;

/** Names of the environment variables the stack sets (infra uses the same constants). */
export const runtimeEnv = {
  hospital: 'TANDEM_HOSPITAL',
  tableName: 'TANDEM_TABLE_NAME',
  configurationSetName: 'TANDEM_CONFIGURATION_SET',
  inboundBucketName: 'TANDEM_INBOUND_BUCKET',
  signingSecretArn: 'TANDEM_SIGNING_SECRET_ARN',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

export function loadRuntimeConfigFromEnv(env: Record<string, string | undefined>): RuntimeConfig {
  let hospital: unknown;
  try {
    hospital = JSON.parse(env[runtimeEnv.hospital] ?? '');
  } catch {
    throw new Error(`${runtimeEnv.hospital} must hold the hospital config as JSON`);
  }
  const result = runtimeConfigSchema.safeParse({
    hospital,
    region: env.AWS_REGION,
    tableName: env[runtimeEnv.tableName],
    configurationSetName: env[runtimeEnv.configurationSetName],
    inboundBucketName: env[runtimeEnv.inboundBucketName],
    signingSecretArn: env[runtimeEnv.signingSecretArn],
    logLevel: env[runtimeEnv.logLevel],
  });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid runtime configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
