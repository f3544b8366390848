import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StorageWrite } from '#domain/storage-write';
import type { PairingTimeline, TimelineEntry } from '#domain/timeline';
import { queryAll } from './dynamo-query.ts';
import { storageWrite } from './dynamo-storage-write.ts';

/** The timeline under the pairing's partition: `PAIR#<id>` / `LOG#<time>#<uuid>`. */
export class DynamoPairingTimeline implements PairingTimeline {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(pairingId: string, entry: TimelineEntry): Promise<void> {
    await this.client.send(new PutCommand(this.put(pairingId, entry)));
  }

  recordWrite(pairingId: string, entry: TimelineEntry): StorageWrite {
    return storageWrite({ Put: this.put(pairingId, entry) });
  }

  private put(pairingId: string, entry: TimelineEntry) {
    return {
      TableName: this.tableName,
      Item: { pk: `PAIR#${pairingId}`, sk: `LOG#${entry.at}#${randomUUID()}`, ...entry },
    };
  }

  async list(pairingId: string): Promise<TimelineEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':log': 'LOG#' },
    });
    return items.map((item) => ({
      at: String(item.at),
      what: String(item.what),
      ...(item.who ? { who: String(item.who) } : {}),
      ...(item.detail ? { detail: String(item.detail) } : {}),
    }));
  }
}
