import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createOutboxHandler } from '#handlers/outbox';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { loadSecretsFromAws } from '#runtime/secrets';
import { buildCore } from '#runtime/wiring/core';
import { withMailOut } from '#runtime/wiring/mail-out';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
const config = loadRuntimeConfigFromEnv(process.env);
export const handler = withMappedStacks(
  createOutboxHandler(
    withMailOut(
      buildCore(config, await loadSecretsFromAws(config), {
        metrics: new PowertoolsMetricsRecorder(config.hospital.id),
      }),
    ),
  ),
);
