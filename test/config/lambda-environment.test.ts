import { afterEach, describe, expect, it } from 'vitest';
import { loadRuntimeConfigFromEnv, runtimeEnv } from '#config/lambda-config';
import { testHospital } from '../../support/integration.ts';

// What esbuild's `define` puts in a bundle, set as the global it replaces.
const compiled = globalThis as { __TANDEM_HOSPITAL_JSON__?: string };

const env = {
  AWS_REGION: 'us-east-1',
  [runtimeEnv.tableName]: 'tandem-test',
  [runtimeEnv.publicBaseUrl]: 'https://mentoring.example.org',
  [runtimeEnv.signingSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s',
};

describe("a Lambda function's configuration", () => {
  afterEach(() => {
    delete compiled.__TANDEM_HOSPITAL_JSON__;
  });

  it('is the compiled-in hospital and the names from the environment', () => {
    compiled.__TANDEM_HOSPITAL_JSON__ = JSON.stringify(testHospital);
    expect(
      loadRuntimeConfigFromEnv({
        ...env,
        [runtimeEnv.adminIssuer]: 'https://cognito-idp.us-east-1.amazonaws.com/pool',
        [runtimeEnv.adminClientId]: 'client',
      }),
    ).toEqual({
      hospital: testHospital,
      region: 'us-east-1',
      tableName: 'tandem-test',
      signingSecretArn: env[runtimeEnv.signingSecretArn],
      logLevel: 'INFO',
      publicBaseUrl: 'https://mentoring.example.org',
      adminSignIn: {
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/pool',
        clientId: 'client',
        allowHttp: false,
      },
      acceptUnverifiedMail: false,
      endpoints: {},
    });
  });

  it('names every missing or malformed variable at once', () => {
    compiled.__TANDEM_HOSPITAL_JSON__ = JSON.stringify(testHospital);
    expect(() =>
      loadRuntimeConfigFromEnv({
        AWS_REGION: 'us-east-1',
        [runtimeEnv.publicBaseUrl]: 'mentoring.example.org',
        [runtimeEnv.logLevel]: 'LOUD',
        [runtimeEnv.adminIssuer]: 'https://issuer.example.org',
      }),
    ).toThrow(
      'invalid runtime configuration: POWERTOOLS_LOG_LEVEL: must be one of DEBUG, INFO, WARN, ERROR, SILENT; TANDEM_TABLE_NAME: is not set; TANDEM_PUBLIC_URL: is not an http(s) URL; TANDEM_ADMIN_CLIENT_ID: is not set',
    );
  });

  it('refuses to start without a compiled-in hospital', () => {
    expect(() => loadRuntimeConfigFromEnv(env)).toThrow(/no hospital config compiled/);
  });
});
