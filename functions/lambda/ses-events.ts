import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createSesEventsHandler } from '#handlers/ses-events';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { loadSecretsFromAws } from '#runtime/secrets';
import { buildCore, deliveredByStream } from '#runtime/wiring/core';
import { withMailOut } from '#runtime/wiring/mail-out';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
// The administrators' alert is sent here; the pause notices go through the outbox.
const config = loadRuntimeConfigFromEnv(process.env);
export const handler = withMappedStacks(
  createSesEventsHandler(
    withMailOut(
      buildCore(config, await loadSecretsFromAws(config), {
        metrics: new PowertoolsMetricsRecorder(config.hospital.id),
        deliver: deliveredByStream,
      }),
    ),
  ),
);
