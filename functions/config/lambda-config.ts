import type { RuntimeConfig } from './runtime-config.ts';

// How a Lambda function reads its configuration. Apart from runtime-config (the schemas) so that
// a function's entry point imports no schema module at all: a bundle that never validates a form
// carries neither zod nor the time-zone tables the hospital config's schema checks zones with.

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

/**
 * The configuration of a Lambda function: the hospital compiled into its bundle (validated by
 * hospitalConfigSchema at synth; validating it again cost ~45 ms of every cold start) and the
 * names and ARNs from its environment, checked here by hand. Hand-written so that no function
 * that never reads a form carries zod (95 KB to compile, and ~20 ms to build its first schema at
 * every cold start) for eight strings; `environmentSchema` states the same rules for `npm start`.
 */
export function loadRuntimeConfigFromEnv(env: Record<string, string | undefined>): RuntimeConfig {
  const bundled = bundledHospitalJson();
  if (bundled === undefined)
    throw new Error('no hospital config compiled into this bundle (the stack compiles it in)');
  const problems: string[] = [];
  const text = (name: string, value: string | undefined, required: boolean) => {
    if (value === undefined || value === '') {
      if (required) problems.push(`${name}: is not set`);
      return undefined;
    }
    return value;
  };
  const url = (name: string, value: string | undefined) => {
    const given = text(name, value, true);
    if (given === undefined) return '';
    try {
      if (['http:', 'https:'].includes(new URL(given).protocol)) return given;
    } catch {}
    problems.push(`${name}: is not an http(s) URL`);
    return '';
  };
  const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
  const logLevel = text(runtimeEnv.logLevel, env[runtimeEnv.logLevel], false) ?? 'INFO';
  if (!(logLevels as readonly string[]).includes(logLevel))
    problems.push(`${runtimeEnv.logLevel}: must be one of ${logLevels.join(', ')}`);
  const optional = (name: keyof typeof runtimeEnv) => {
    const value = text(runtimeEnv[name], env[runtimeEnv[name]], false);
    return value === undefined ? {} : { [name]: value };
  };
  const config = {
    hospital: JSON.parse(bundled) as RuntimeConfig['hospital'],
    region: text('AWS_REGION', env.AWS_REGION, true) ?? '',
    tableName: text(runtimeEnv.tableName, env[runtimeEnv.tableName], true) ?? '',
    ...optional('configurationSetName'),
    ...optional('inboundBucketName'),
    ...optional('signingSecretArn'),
    logLevel: logLevel as RuntimeConfig['logLevel'],
    publicBaseUrl: url(runtimeEnv.publicBaseUrl, env[runtimeEnv.publicBaseUrl]),
    ...(env[runtimeEnv.adminIssuer]
      ? {
          adminSignIn: {
            issuer: url(runtimeEnv.adminIssuer, env[runtimeEnv.adminIssuer]),
            clientId: text(runtimeEnv.adminClientId, env[runtimeEnv.adminClientId], true) ?? '',
            allowHttp: false,
          },
        }
      : {}),
    acceptUnverifiedMail: false,
    endpoints: {},
  } satisfies RuntimeConfig;
  if (problems.length > 0) throw new Error(`invalid runtime configuration: ${problems.join('; ')}`);
  return config;
}
