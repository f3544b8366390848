import { loadRuntimeConfigFromEnv } from '#config/runtime-config';
import { createHttpApiHandler } from '#handlers/http-api';
import { buildDependencies } from '#runtime/dependencies';

// Lambda entry point: configuration is read and validated once, at cold start.
export const handler = createHttpApiHandler(
  buildDependencies(loadRuntimeConfigFromEnv(process.env)),
);
