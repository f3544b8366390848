import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertEntry, AlertLog } from '#domain/alert-log';
import { queryAll } from './dynamo-query.ts';

const partition = 'ALERTS';
/** Alerts stay on the admin page for 90 days; DynamoDB's TTL removes them after that. */
const keepDays = 90;

/** The alert log: one partition per hospital table, sorted by time. */
export class DynamoAlertLog implements AlertLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AlertEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: partition,
          sk: `${entry.at}#${randomUUID()}`,
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + keepDays * 86_400,
        },
      }),
    );
  }

  async recent(since: Date): Promise<AlertEntry[]> {
    return (await this.query(since)).map((item) => ({
      at: String(item.at),
      kind: String(item.kind),
      subject: String(item.subject),
      text: String(item.text),
      ...(item.pairingId ? { pairingId: String(item.pairingId) } : {}),
    }));
  }

  async forget(needles: string[]): Promise<number> {
    const lowered = needles.filter(Boolean).map((n) => n.toLowerCase());
    const doomed = (await this.query(new Date(0))).filter((item) =>
      lowered.some((n) => `${item.subject}\n${item.text}`.toLowerCase().includes(n)),
    );
    for (let i = 0; i < doomed.length; i += 25) {
      await this.client.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tableName]: doomed
              .slice(i, i + 25)
              .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
          },
        }),
      );
    }
    return doomed.length;
  }

  private async query(since: Date): Promise<Record<string, string>[]> {
    return (await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': partition, ':since': since.toISOString() },
      ScanIndexForward: false,
    })) as Record<string, string>[];
  }
}
