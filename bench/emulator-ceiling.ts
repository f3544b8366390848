// How fast DynamoDB Local itself serves the requests one invite makes, with no Tandem code
// around them: the ceiling the embedded stack puts on invites per second, beside the figure.
import { performance } from 'node:perf_hooks';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { median, round } from './load.ts';

/**
 * One invite's requests in the dispatcher (docs/decisions.md): an eighth of a claim transaction
 * of eight items and of its batch read, a batch read of two items (the meeting and its pairing),
 * and a transaction of three writes (the record of sends, the timeline entry, the completion),
 * each made `rounds` times one after another on items of about the real size.
 */
export async function emulatorCeiling(
  client: DynamoDBDocumentClient,
  tableName: string,
  rounds = 60,
) {
  const body = 'x'.repeat(1500);
  const put = (pk: string) => ({
    Put: { TableName: tableName, Item: { pk, sk: 'ITEM', body, n: 0 } },
  });
  const update = (pk: string) => ({
    Update: {
      TableName: tableName,
      Key: { pk, sk: 'ITEM' },
      UpdateExpression: 'SET n = n + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });
  const keys = Array.from({ length: 8 }, (_, i) => `CEILING#${i}`);
  await client.send(new TransactWriteCommand({ TransactItems: keys.map(put) }));
  const time = async (request: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await request();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const read = (n: number) => () =>
    client.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: keys.slice(0, n).map((pk) => ({ pk, sk: 'ITEM' })),
            ConsistentRead: true,
          },
        },
      }),
    );
  const write = (n: number) => () =>
    client.send(new TransactWriteCommand({ TransactItems: keys.slice(0, n).map(update) }));
  const claim8 = await time(write(8));
  const read8 = await time(read(8));
  const read2 = await time(read(2));
  const write3 = await time(write(3));
  const perInviteMs = (claim8 + read8) / 8 + read2 + write3;
  return {
    transactionOf8Ms: round(claim8),
    batchReadOf8Ms: round(read8),
    batchReadOf2Ms: round(read2),
    transactionOf3Ms: round(write3),
    /** One request at a time: DynamoDB Local serves transactions one after another. */
    invitesPerSecond: Math.round(1000 / perInviteMs),
  };
}
