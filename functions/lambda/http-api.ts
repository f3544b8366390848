import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import { loadRuntimeConfigFromEnv } from '#config/lambda-config';
import { createHttpApiHandler } from '#handlers/http-api';
import { withMappedStacks } from '#runtime/mapped-stacks';
import { loadSecretsFromAws } from '#runtime/secrets';
import { admin } from '#runtime/wiring/admin';
import { buildCore, deliveredByStream } from '#runtime/wiring/core';
import { rawMailSourceFor } from '#runtime/wiring/raw-mail';

// Lambda entry point: configuration and secrets are read and validated once, at cold start.
// This function sends no mail itself: what a request saves in the outbox is sent by the outbox
// function, which the table's stream invokes.
const config = loadRuntimeConfigFromEnv(process.env);
const core = buildCore(config, await loadSecretsFromAws(config), {
  metrics: new PowertoolsMetricsRecorder(config.hospital.id),
  deliver: deliveredByStream,
});
export const handler = withMappedStacks(
  createHttpApiHandler({
    ...core,
    ...admin(core, rawMailSourceFor(config)),
    deliverability: { suppressions: core.suppressions },
  }),
);
