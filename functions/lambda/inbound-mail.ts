import { loadRuntimeConfigFromEnv } from '#config/runtime-config';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { buildDependencies } from '#runtime/dependencies';

// Lambda entry point: configuration is read and validated once, at cold start.
export const handler = createInboundMailHandler(
  buildDependencies(loadRuntimeConfigFromEnv(process.env)),
);
