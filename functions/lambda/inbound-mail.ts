import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/runtime-config';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { buildDependencies, deliveredByStream } from '#runtime/dependencies';
import { loadSecretsFromAws } from '#runtime/secrets';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
const config = loadRuntimeConfigFromEnv(process.env);
export const handler = createInboundMailHandler(
  buildDependencies(config, await loadSecretsFromAws(config), {
    metrics: new PowertoolsMetricsRecorder(config.hospital.id),
    // The outbox is sent by the outbox function, which the table's stream invokes.
    deliver: deliveredByStream,
  }),
);
