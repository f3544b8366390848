import type { TestProject } from 'vitest/node';
import { startEmulators } from '#local/emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}

/** Starts the real emulators once for the whole run: DynamoDB Local (in memory) and SES v2. */
export default async function setup(project: TestProject) {
  const emulators = await startEmulators();
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('sesEndpoint', emulators.sesEndpoint);
  return emulators.stop;
}
