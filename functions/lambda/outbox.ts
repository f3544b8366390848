import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/runtime-config';
import { createOutboxHandler } from '#handlers/outbox';
import { buildDependencies } from '#runtime/dependencies';
import { loadSecretsFromAws } from '#runtime/secrets';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
const config = loadRuntimeConfigFromEnv(process.env);
export const handler = createOutboxHandler(
  buildDependencies(config, await loadSecretsFromAws(config), {
    metrics: new PowertoolsMetricsRecorder(config.hospital.id),
  }),
);
