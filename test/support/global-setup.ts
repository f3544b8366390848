import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { localCredentials } from '#adapters/dynamo-client';
import { startDynamoDbLocal, waitForDynamoDb } from '#local/embedded-dynamodb';
import { startLocalSes } from '#local/embedded-ses';
import { javaProblem } from '#local/java';
import { freePort } from '#local/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}

/** Starts the real emulators once for the whole run: DynamoDB Local (in memory) and SES v2. */
export default async function setup(project: TestProject) {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    credentials: localCredentials,
  });
  await waitForDynamoDb(client, dynamo.process);
  client.destroy();
  const ses = await startLocalSes(await freePort());
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await ses.stop();
    await dynamo.stop();
  };
}
