import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createHttpApiHandler } from '#handlers/http-api';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { deferredSecretsFromAws } from '#runtime/secrets';
import { admin } from '#runtime/wiring/admin';
import { buildCore, deliveredByStream } from '#runtime/wiring/core';
import { rawMailSourceFor } from '#runtime/wiring/raw-mail';

// Lambda entry point: configuration is read and validated once, at cold start. The signing
// secret is fetched before the first request that may sign (any but a GET or HEAD outside
// /admin), so a cold start that shows a page or a form does not wait for it.
// This function sends no mail itself: what a request saves in the outbox is sent by the outbox
// function, which the table's stream invokes.
const config = loadRuntimeConfigFromEnv(process.env);
const deferred = deferredSecretsFromAws(config);
const core = buildCore(config, deferred.secrets, {
  metrics: new PowertoolsMetricsRecorder(config.hospital.id),
  deliver: deliveredByStream,
});
export const handler = withMappedStacks(
  deferred.beforeSigningRequests(
    createHttpApiHandler({
      ...core,
      ...admin(core, rawMailSourceFor(config)),
      deliverability: { suppressions: core.suppressions },
    }),
  ),
);
