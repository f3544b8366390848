import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '#adapters/dynamo-client';
import { startDynamoDbLocal, waitForDynamoDb } from './embedded-dynamodb.ts';
import { startLocalSes } from './embedded-ses.ts';
import { javaProblem } from './java.ts';
import { freePort } from './ports.ts';

/**
 * DynamoDB Local (in memory) and the SES v2 endpoint on free ports, for the test run and the
 * benchmark: ready to use when this returns, stopped together.
 */
export async function startEmulators(): Promise<{
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** DynamoDB Local's process id (the benchmark waits for its JIT compiler to settle). */
  dynamodbPid: number | undefined;
  stop: () => Promise<void>;
}> {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    credentials: localCredentials,
  });
  try {
    await waitForDynamoDb(client, dynamo.process);
  } finally {
    client.destroy();
  }
  const ses = await startLocalSes(await freePort());
  return {
    dynamodbEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    dynamodbPid: dynamo.process.pid,
    stop: async () => {
      await ses.stop();
      await dynamo.stop();
    },
  };
}
