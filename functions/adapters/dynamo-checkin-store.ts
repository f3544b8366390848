import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CheckinAnswer,
  type CheckinGrant,
  type CheckinRecord,
  type CheckinReply,
  type CheckinStore,
  isCheckinAnswer,
} from '#domain/checkin';
import { type Party, parties } from '#domain/pairing';
import type { DynamoDueWorkStore } from './dynamo-due-work-store.ts';
import { queryAll } from './dynamo-query.ts';

const sortableIndex = (index: number) => String(index).padStart(5, '0');

/** Where a meeting's SENTCHECKIN item keeps each person's grant id. */
const grantAttribute = (party: Party) => (party === 'mentee' ? 'grantId' : 'mentorGrantId');

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
            // Under the pairing: which meetings' check-ins were sent (no address, no token), with
            // each person's grant (`grantId` is the mentee's, as before check-ins went to both).
            Update: {
              TableName: this.tableName,
              Key: {
                pk: `PAIR#${grant.pairingId}`,
                sk: `SENTCHECKIN#${sortableIndex(grant.meetingIndex)}`,
              },
              UpdateExpression: 'SET meetingIndex = :index, #grant = :id',
              ExpressionAttributeNames: { '#grant': grantAttribute(grant.party ?? 'mentee') },
              ExpressionAttributeValues: { ':index': grant.meetingIndex, ':id': grant.id },
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
      for (const party of parties) {
        const grantId = item[grantAttribute(party)];
        if (typeof grantId !== 'string') continue;
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: `CHECKIN#${grantId}`, sk: 'GRANT' },
          }),
        );
      }
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
      ProjectionExpression: 'pk, sk, meetingIndex, grantId, mentorGrantId',
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

  /** An update, not a put: the one-tap answers on the same item stay. */
  async saveReply(reply: CheckinReply): Promise<void> {
    const { pairingId, meetingIndex, ...fields } = reply;
    const names = Object.keys(fields);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `PAIR#${pairingId}`, sk: `CHECKIN#${sortableIndex(meetingIndex)}` },
        UpdateExpression: `SET pairingId = :pairingId, meetingIndex = :index, ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: {
          ':pairingId': pairingId,
          ':index': meetingIndex,
          ...Object.fromEntries(Object.entries(fields).map(([n, v]) => [`:${n}`, v])),
        },
      }),
    );
  }

  async saveAnswer(
    pairingId: string,
    meetingIndex: number,
    party: Party,
    answer: CheckinAnswer,
    at: Date,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `PAIR#${pairingId}`, sk: `CHECKIN#${sortableIndex(meetingIndex)}` },
        UpdateExpression:
          'SET pairingId = :pairingId, meetingIndex = :index, #answer = :answer, #answeredAt = :at',
        ExpressionAttributeNames: {
          '#answer': `${party}Answer`,
          '#answeredAt': `${party}AnsweredAt`,
        },
        ExpressionAttributeValues: {
          ':pairingId': pairingId,
          ':index': meetingIndex,
          ':answer': answer,
          ':at': at.toISOString(),
        },
      }),
    );
  }

  async listCheckins(pairingId: string): Promise<CheckinRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': 'CHECKIN#' },
    });
    return items.map((item) => {
      const answers: CheckinRecord['answers'] = {};
      for (const party of parties) {
        const answer = item[`${party}Answer`];
        if (isCheckinAnswer(answer)) answers[party] = answer;
      }
      return {
        meetingIndex: Number(item.meetingIndex),
        ...(typeof item.text === 'string' && item.text ? { text: item.text } : {}),
        ...(item.by === 'mentor' || item.by === 'mentee' ? { by: item.by } : {}),
        ...(item.erased === true ? { erased: true as const } : {}),
        answers,
      };
    });
  }

  /** The newest check-in with text: a one-tap answer alone has none. */
  async latestReply(pairingId: string): Promise<CheckinReply | null> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_exists(#text)',
      ExpressionAttributeNames: { '#text': 'text' },
      ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':prefix': 'CHECKIN#' },
      ScanIndexForward: false,
    });
    const item = items[0];
    if (!item) return null;
    const { pairingId: id, meetingIndex, text, messageId, receivedAt, by } = item;
    return {
      pairingId: String(id),
      meetingIndex: Number(meetingIndex),
      text: String(text),
      messageId: String(messageId),
      receivedAt: String(receivedAt),
      ...(by === 'mentor' || by === 'mentee' ? { by } : {}),
    };
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
