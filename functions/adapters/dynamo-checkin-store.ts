import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CheckinGrant, CheckinReply, CheckinStore } from '#domain/checkin';
import type { DynamoDueWorkStore } from './dynamo-due-work-store.ts';

const sortableIndex = (index: number) => String(index).padStart(5, '0');

export class DynamoCheckinStore implements CheckinStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly _dueWork: DynamoDueWorkStore,
  ) {}

  async saveGrant(grant: CheckinGrant): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              // expiresAt (epoch seconds): DynamoDB's TTL removes the grant after it lapses.
              Item: {
                pk: `CHECKIN#${grant.id}`,
                sk: 'GRANT',
                ...grant,
                expiresAt: Math.floor(Date.parse(grant.validUntil) / 1000) + 30 * 86_400,
              },
            },
          },
          {
            // Under the pairing: which meetings' check-ins were sent (no address, no token).
            Put: {
              TableName: this.tableName,
              Item: {
                pk: `PAIR#${grant.pairingId}`,
                sk: `SENTCHECKIN#${sortableIndex(grant.meetingIndex)}`,
                meetingIndex: grant.meetingIndex,
              },
            },
          },
        ],
      }),
    );
  }

  sentCheckins(pairingId: string): Promise<number[]> {
    return this.indices(pairingId, 'SENTCHECKIN#');
  }

  answeredCheckins(pairingId: string): Promise<number[]> {
    return this.indices(pairingId, 'CHECKIN#');
  }

  private async indices(pairingId: string, prefix: string): Promise<number[]> {
    const indices: number[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': prefix },
          ProjectionExpression: 'meetingIndex',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) indices.push(Number(item.meetingIndex));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return indices;
  }

  async getGrant(id: string): Promise<CheckinGrant | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CHECKIN#${id}`, sk: 'GRANT' },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return null;
    const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...grant } = result.Item;
    return grant as CheckinGrant;
  }

  async saveReply(reply: CheckinReply): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `PAIR#${reply.pairingId}`,
          sk: `CHECKIN#${sortableIndex(reply.meetingIndex)}`,
          ...reply,
        },
      }),
    );
  }

  async latestReply(pairingId: string): Promise<CheckinReply | null> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': 'CHECKIN#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = result.Items?.[0];
    if (!item) return null;
    const { pk: _pk, sk: _sk, ...reply } = item;
    return reply as CheckinReply;
  }

  async countReplies(pairingId: string): Promise<number> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': 'CHECKIN#' },
        Select: 'COUNT',
      }),
    );
    return result.Count ?? 0;
  }
}
