import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { deferredSecretsFromAws } from '#runtime/secrets';
import { buildCore } from '#runtime/wiring/core';
import { withMailOut } from '#runtime/wiring/mail-out';

// Lambda entry point: configuration is read and validated once, at cold start. The signing
// secret is fetched before the first item of work runs, so an idle run never fetches it.
const config = loadRuntimeConfigFromEnv(process.env);
const deferred = deferredSecretsFromAws(config);
const core = withMailOut(
  buildCore(config, deferred.secrets, {
    metrics: new PowertoolsMetricsRecorder(config.hospital.id),
  }),
);
core.dueWorkHandlers = deferred.beforeEach(core.dueWorkHandlers);
export const handler = withMappedStacks(createDispatcherHandler(core));
