import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CheckinGrant, CheckinReply, CheckinStore } from '#domain/checkin';
import type { DynamoDueWorkStore } from './dynamo-due-work-store.ts';
import { queryAll } from './dynamo-query.ts';

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
                grantId: grant.id,
              },
            },
          },
        ],
      }),
    );
  }

  async eraseCheckins(pairingId: string): Promise<void> {
    for (const item of await this.items(pairingId, 'CHECKIN#')) {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #text = :empty, erased = :true',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: { ':empty': '', ':true': true },
        }),
      );
    }
    for (const item of await this.items(pairingId, 'SENTCHECKIN#')) {
      if (typeof item.grantId !== 'string') continue;
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `CHECKIN#${item.grantId}`, sk: 'GRANT' },
        }),
      );
    }
  }

  sentCheckins(pairingId: string): Promise<number[]> {
    return this.indices(pairingId, 'SENTCHECKIN#');
  }

  answeredCheckins(pairingId: string): Promise<number[]> {
    return this.indices(pairingId, 'CHECKIN#');
  }

  private async indices(pairingId: string, prefix: string): Promise<number[]> {
    return (await this.items(pairingId, prefix)).map((item) => Number(item.meetingIndex));
  }

  private items(pairingId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': prefix },
      ProjectionExpression: 'pk, sk, meetingIndex, grantId',
    });
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
    const { pk: _pk, sk: _sk, erased: _erased, ...reply } = item;
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
