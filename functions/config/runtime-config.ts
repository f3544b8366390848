import * as z from 'zod';
import { builtOnce } from './built-once.ts';
import { hospitalConfigSchema } from './hospital-config.ts';

/** The fields from the environment (a bundle's hospital is compiled in and validated at synth). */
const environmentSchema = builtOnce(() =>
  z.object({
    region: z.string().min(1),
    tableName: z.string().min(1),
    configurationSetName: z.string().min(1).optional(),
    inboundBucketName: z.string().min(1).optional(),
    signingSecretArn: z.string().min(1).optional(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
    /** Where people reach the service: the base of every link in an email. */
    publicBaseUrl: z.url(),
    /**
     * The admin key: locally the runner makes one (the admin pages' sign-in and the admin API's
     * bearer key). In AWS it is unset: administrators sign in through Cognito (`adminSignIn`).
     */
    adminKey: z.string().min(20).optional(),
    /**
     * The administrators' sign-in in AWS: the stack's Cognito user pool (its issuer URL) and app
     * client. When set, the admin pages sign in there instead of with a key.
     */
    adminSignIn: z
      .object({
        issuer: z.url(),
        clientId: z.string().min(1),
        /** Only tests: a provider on plain http://127.0.0.1. */
        allowHttp: z.boolean().default(false),
      })
      .optional(),
    /**
     * Accept incoming mail that nothing checked (no SES SPF/DKIM/DMARC verdicts). Only the
     * embedded runtime sets it: its SMTP listener cannot check senders.
     */
    acceptUnverifiedMail: z.boolean().default(false),
    /** Only for the embedded runtime and tests: where the emulators listen. */
    endpoints: z
      .object({ dynamodb: z.url().optional(), ses: z.url().optional() })
      .strict()
      .default({}),
  }),
);

/**
 * Everything a function needs at run time, validated once at start and passed down. In Lambda it
 * comes from environment variables set by the stack; locally the runner builds it directly.
 */
export const runtimeConfigSchema = builtOnce(() =>
  environmentSchema().extend({ hospital: hospitalConfigSchema() }),
);

export type RuntimeConfig = z.infer<ReturnType<typeof runtimeConfigSchema>>;
export type RuntimeConfigInput = z.input<ReturnType<typeof runtimeConfigSchema>>;

/** Names of the environment variables the stack sets (infra uses the same constants). */
export const runtimeEnv = {
  hospital: 'TANDEM_HOSPITAL',
  tableName: 'TANDEM_TABLE_NAME',
  configurationSetName: 'TANDEM_CONFIGURATION_SET',
  inboundBucketName: 'TANDEM_INBOUND_BUCKET',
  signingSecretArn: 'TANDEM_SIGNING_SECRET_ARN',
  publicBaseUrl: 'TANDEM_PUBLIC_URL',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  adminIssuer: 'TANDEM_ADMIN_ISSUER',
  adminClientId: 'TANDEM_ADMIN_CLIENT_ID',
} as const;

/**
 * The hospital config the stack compiles into each function's bundle (esbuild `define`), so the
 * environment holds only names and ARNs and stays far under Lambda's 4 KB, however long the
 * closures and domain lists grow. Undefined where nothing was compiled in (tests, tools).
 */
declare const __TANDEM_HOSPITAL_JSON__: string | undefined;
export const bundledHospitalDefine = '__TANDEM_HOSPITAL_JSON__';

function bundledHospitalJson(): string | undefined {
  return typeof __TANDEM_HOSPITAL_JSON__ === 'string' ? __TANDEM_HOSPITAL_JSON__ : undefined;
}

export function loadRuntimeConfigFromEnv(env: Record<string, string | undefined>): RuntimeConfig {
  const bundled = bundledHospitalJson();
  let hospital: unknown;
  try {
    hospital = JSON.parse(bundled ?? env[runtimeEnv.hospital] ?? '');
  } catch {
    throw new Error(
      `no hospital config: none compiled into the bundle, and ${runtimeEnv.hospital} does not hold it as JSON`,
    );
  }
  const fields = {
    region: env.AWS_REGION,
    tableName: env[runtimeEnv.tableName],
    configurationSetName: env[runtimeEnv.configurationSetName],
    inboundBucketName: env[runtimeEnv.inboundBucketName],
    signingSecretArn: env[runtimeEnv.signingSecretArn],
    publicBaseUrl: env[runtimeEnv.publicBaseUrl],
    logLevel: env[runtimeEnv.logLevel],
    ...(env[runtimeEnv.adminIssuer]
      ? {
          adminSignIn: {
            issuer: env[runtimeEnv.adminIssuer],
            clientId: env[runtimeEnv.adminClientId],
          },
        }
      : {}),
  };
  const refuse = (issues: z.core.$ZodIssue[]) => {
    const problems = issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return new Error(`invalid runtime configuration: ${problems.join('; ')}`);
  };
  if (bundled) {
    // A compiled-in hospital is the output of hospitalConfigSchema at synth (hospitalDefine takes
    // the parsed config, defaults applied): validating it again cost ~45 ms of every cold start.
    const result = environmentSchema().safeParse(fields);
    if (!result.success) throw refuse(result.error.issues);
    return { ...result.data, hospital: hospital as RuntimeConfig['hospital'] };
  }
  const result = runtimeConfigSchema().safeParse({ hospital, ...fields });
  if (!result.success) throw refuse(result.error.issues);
  return result.data;
}
