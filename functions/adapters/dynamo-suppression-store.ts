import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SuppressionStore } from '#workflows/deliverability';
import { queryAll } from './dynamo-query.ts';

const key = (email: string) => ({ pk: `PERSON#${email.toLowerCase()}`, sk: 'PROFILE' });

/**
 * One marker per undeliverable address under one partition, written with the profile's flag in
 * one transaction: a dispatcher run reads every suppressed address with one Query instead of one
 * read per email. A hospital keeps few of them (a bounce or complaint each).
 */
export const SUPPRESSED_PARTITION = 'SUPPRESSED';
export const suppressedMarkerKey = (email: string) => ({
  pk: SUPPRESSED_PARTITION,
  sk: email.toLowerCase(),
});

export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isSuppressed(email: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(email) }),
    );
    return result.Item?.undeliverable !== undefined;
  }

  async listSuppressed(): Promise<Set<string>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SUPPRESSED_PARTITION },
      ConsistentRead: true,
    });
    return new Set(items.map((item) => String(item.sk)));
  }

  async suppress(email: string, reason: string, at: Date): Promise<'suppressed' | 'already'> {
    const undeliverable = { reason, at: at.toISOString() };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: key(email),
                UpdateExpression: 'SET undeliverable = :u',
                ConditionExpression: 'attribute_not_exists(undeliverable)',
                ExpressionAttributeValues: { ':u': undeliverable },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...suppressedMarkerKey(email), undeliverable },
              },
            },
          ],
        }),
      );
      return 'suppressed';
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return 'already';
      throw error;
    }
  }

  async clear(email: string): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: key(email),
              UpdateExpression: 'REMOVE undeliverable',
            },
          },
          { Delete: { TableName: this.tableName, Key: suppressedMarkerKey(email) } },
        ],
      }),
    );
  }
}
