import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { loadSecretsFromAws } from '#runtime/secrets';
import { buildCore, deliveredByStream } from '#runtime/wiring/core';
import { mailIn } from '#runtime/wiring/mail-in';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
// What a received message causes to be sent goes through the outbox (the table stream).
const config = loadRuntimeConfigFromEnv(process.env);
export const handler = withMappedStacks(
  createInboundMailHandler({
    ...buildCore(config, await loadSecretsFromAws(config), {
      metrics: new PowertoolsMetricsRecorder(config.hospital.id),
      deliver: deliveredByStream,
    }),
    ...mailIn(config),
  }),
);
