import * as z from 'zod';
import { builtOnce } from './built-once.ts';
import { hospitalConfigSchema } from './hospital-config.ts';

/** The fields from the environment (a bundle's hospital is compiled in and validated at synth). */
const environmentSchema = /* @__PURE__ */ builtOnce(() =>
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
export const runtimeConfigSchema = /* @__PURE__ */ builtOnce(() =>
  environmentSchema().extend({ hospital: hospitalConfigSchema() }),
);

export type RuntimeConfig = z.infer<ReturnType<typeof runtimeConfigSchema>>;
export type RuntimeConfigInput = z.input<ReturnType<typeof runtimeConfigSchema>>;
