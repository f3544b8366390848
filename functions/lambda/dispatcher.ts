import { loadRuntimeConfigFromEnv } from '#config/runtime-config';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { buildDependencies } from '#runtime/dependencies';

// Lambda entry point: configuration is read and validated once, at cold start.
export const handler = createDispatcherHandler(
  buildDependencies(loadRuntimeConfigFromEnv(process.env)),
);
