import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createSesEventsHandler } from '#handlers/ses-events';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { deferredSecretsFromAws } from '#runtime/secrets';
import { buildCore, deliveredByStream } from '#runtime/wiring/core';
import { withMailOut } from '#runtime/wiring/mail-out';

// Lambda entry point: configuration is read and validated once, at cold start. A bounce or a
// complaint signs nothing (the pause notices are rendered by the outbox function), so the
// signing secret is fetched only if something asks for it (functions/runtime/secrets.ts).
// The administrators' alert is sent here; the pause notices go through the outbox.
const config = loadRuntimeConfigFromEnv(process.env);
const deferred = deferredSecretsFromAws(config);
export const handler = withMappedStacks(
  deferred.onDemand(
    createSesEventsHandler(
      withMailOut(
        buildCore(config, deferred.secrets, {
          metrics: new PowertoolsMetricsRecorder(config.hospital.id),
          deliver: deliveredByStream,
        }),
      ),
    ),
  ),
);
