import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;

const maxKeysPerRequest = 100;
const maxRounds = 8;

/**
 * Consistent reads of many items, in requests of up to 100 keys. DynamoDB may answer part of a
 * batch and return the rest as UnprocessedKeys (throttling); the SDK does not retry those, so
 * this does, with a short backoff. Hand-written because the document client has no such helper.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
): Promise<Item[]> {
  const items: Item[] = [];
  for (let start = 0; start < keys.length; start += maxKeysPerRequest) {
    let pending: Key[] = keys.slice(start, start + maxKeysPerRequest);
    for (let round = 0; pending.length > 0; round++) {
      if (round === maxRounds)
        throw new Error(`DynamoDB left ${pending.length} keys unread after ${maxRounds} tries`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  }
  return items;
}
