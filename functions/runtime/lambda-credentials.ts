import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * `@aws-sdk/credential-provider-node` for the Lambda bundles (`bundleSettings.alias` in
 * infra/tandem-function.ts): Lambda hands a function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the default chain's other
 * sources (SSO, profiles, web identity, the login flow, instance metadata) are never read there.
 * They and the STS and SSO clients they carry (`@aws-sdk/nested-clients`) are about 90 KB of
 * every bundle that Node would compile at each cold start. The clients import only
 * `defaultProvider`; an export missing here fails the bundle's build. Local runs and tests do
 * not bundle and keep the full chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> =>
  fromEnv(init);
