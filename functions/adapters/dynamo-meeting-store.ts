import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NewDueWork } from '#domain/due-work';
import type { Meeting, MeetingStore, SentInvite } from '#domain/meeting';
import type { Party } from '#domain/pairing';
import type { StoredPairing } from '#domain/pairing-store';
import type { StorageWrite } from '#domain/storage-write';
import { batchGetAll } from './dynamo-batch-get.ts';
import type { DynamoDueWorkStore } from './dynamo-due-work-store.ts';
import { pairingKey, toStoredPairing } from './dynamo-pairing-store.ts';
import { queryAll } from './dynamo-query.ts';
import { transactItem } from './dynamo-storage-write.ts';

const key = (pairingId: string, index: number) => ({
  pk: `PAIR#${pairingId}`,
  sk: `MEET#${String(index).padStart(4, '0')}`,
});

/**
 * One atomic write per person, so the two people's sends never overwrite each other; a later
 * send's record is never replaced by an earlier one finishing late.
 */
const setSent = 'SET sent.#party = :sent';
const laterSendNotRecorded =
  '(attribute_not_exists(sent.#party) OR sent.#party.#sequence <= :sequence)';

function toMeeting(item: Record<string, unknown>): Meeting {
  const { pk: _pk, sk: _sk, ...meeting } = item;
  return { sent: {}, sendCount: 0, ...meeting } as unknown as Meeting;
}

/** Meetings live in their pairing's partition (`PAIR#<id>` / `MEET#<index>`). */
export class DynamoMeetingStore implements MeetingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly dueWork: DynamoDueWorkStore,
  ) {}

  async get(pairingId: string, index: number): Promise<Meeting | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key(pairingId, index),
        ConsistentRead: true,
      }),
    );
    return result.Item ? toMeeting(result.Item) : null;
  }

  async getWithPairing(
    pairingId: string,
    index: number,
  ): Promise<{ meeting: Meeting | null; stored: StoredPairing | null }> {
    const meetingKey = key(pairingId, index);
    const pairingItemKey = pairingKey(pairingId);
    const items = await batchGetAll(this.client, this.tableName, [meetingKey, pairingItemKey]);
    const meeting = items.find((item) => item.sk === meetingKey.sk);
    const pairing = items.find((item) => item.sk === pairingItemKey.sk);
    return {
      meeting: meeting ? toMeeting(meeting) : null,
      stored: pairing ? toStoredPairing(pairing) : null,
    };
  }

  async list(pairingId: string): Promise<Meeting[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :meet)',
      ExpressionAttributeValues: { ':pk': `PAIR#${pairingId}`, ':meet': 'MEET#' },
      ConsistentRead: true,
    });
    return items.map(toMeeting);
  }

  async createIfAbsent(
    meeting: Meeting,
    work: NewDueWork[],
    alsoWrite: StorageWrite[] = [],
  ): Promise<'created' | 'exists'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key(meeting.pairingId, meeting.index), ...meeting },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...this.dueWork.transactPuts(work),
            ...alsoWrite.map(transactItem),
          ],
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
          return 'exists';
      }
      throw error;
    }
  }

  async save(
    meeting: Meeting,
    before: Meeting,
    work: NewDueWork[],
    alsoWrite: StorageWrite[] = [],
  ): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                // The record of sends is the one read: the condition proves nobody added to it.
                Item: {
                  ...key(meeting.pairingId, meeting.index),
                  ...meeting,
                  sent: before.sent,
                  sendCount: before.sendCount,
                },
                ConditionExpression:
                  '#sequence = :expected AND (sendCount = :sends OR (attribute_not_exists(sendCount) AND :sends = :zero))',
                ExpressionAttributeNames: { '#sequence': 'sequence' },
                ExpressionAttributeValues: {
                  ':expected': before.sequence,
                  ':sends': before.sendCount,
                  ':zero': 0,
                },
              },
            },
            ...this.dueWork.transactPuts(work),
            ...alsoWrite.map(transactItem),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      // The meeting changed since it was read, or another transaction (a dispatcher recording a
      // send) held one of these items at that moment: nothing was written, so deciding again on
      // a fresh read is safe. A failed condition on the new work alone is a bug, and thrown.
      const reasons =
        error instanceof TransactionCanceledException ? error.CancellationReasons : [];
      if (
        reasons?.[0]?.Code === 'ConditionalCheckFailed' ||
        reasons?.some((r) => r.Code === 'TransactionConflict')
      ) {
        return 'conflict';
      }
      throw error;
    }
  }

  async recordSent(
    pairingId: string,
    index: number,
    party: Party,
    sent: SentInvite,
  ): Promise<Meeting | null> {
    const update = (expression: string, condition: string, values: Record<string, unknown>) =>
      this.client.send(
        new UpdateCommand({
          ...this.sentUpdate(pairingId, index, party, expression, condition, values),
          ReturnValues: 'ALL_NEW',
        }),
      );
    try {
      const result = await update(setSent, laterSendNotRecorded, {
        ':sent': sent,
        ':sequence': sent.sequence,
      }).catch(async (error: unknown) => {
        // A meeting stored before sends were recorded has no `sent` map to set a path in.
        if ((error as { name?: string }).name !== 'ValidationException') throw error;
        return update('SET sent = :sent', 'attribute_not_exists(sent)', {
          ':sent': { [party]: sent },
        });
      });
      return result.Attributes ? toMeeting(result.Attributes) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.get(pairingId, index);
      throw error;
    }
  }

  async recordSentWith(
    pairingId: string,
    index: number,
    party: Party,
    sent: SentInvite,
    alsoWrite: StorageWrite[],
  ): Promise<'recorded' | 'changed'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: this.sentUpdate(
                pairingId,
                index,
                party,
                setSent,
                `#sequence = :sequence AND ${laterSendNotRecorded}`,
                { ':sent': sent, ':sequence': sent.sequence },
              ),
            },
            ...alsoWrite.map(transactItem),
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      // A cancelled transaction wrote nothing (a changed meeting, an expired lease, a conflict
      // with another transaction, or a meeting stored before sends were recorded, which has no
      // map to set a path in): the caller takes the one-write-at-a-time path. Anything else
      // (throttled after the SDK's retries) fails the item as `recordSent` failing always did.
      if (
        error instanceof TransactionCanceledException ||
        (error as { name?: string }).name === 'ValidationException'
      )
        return 'changed';
      throw error;
    }
  }

  /** A record of sends: `expression` sets it and counts the send, on the meeting that exists. */
  private sentUpdate(
    pairingId: string,
    index: number,
    party: Party,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
  ) {
    const UpdateExpression = `${expression}, sendCount = if_not_exists(sendCount, :zero) + :one`;
    const ConditionExpression = `attribute_exists(pk) AND ${condition}`;
    // Only the names the expressions use: DynamoDB refuses a request that names one it does not
    // use (the fallback for a meeting stored before sends were recorded uses neither).
    const names = Object.entries({ '#party': party, '#sequence': 'sequence' }).filter(([name]) =>
      `${UpdateExpression} ${ConditionExpression}`.includes(name),
    );
    return {
      TableName: this.tableName,
      Key: key(pairingId, index),
      UpdateExpression,
      ConditionExpression,
      ...(names.length ? { ExpressionAttributeNames: Object.fromEntries(names) } : {}),
      ExpressionAttributeValues: { ...values, ':zero': 0, ':one': 1 },
    };
  }

  async setAttendance(
    meeting: Meeting,
    party: Party,
    answer: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE',
  ): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(meeting.pairingId, meeting.index),
          UpdateExpression: 'SET attendance.#party = :answer',
          ConditionExpression: '#sequence = :sequence AND #status = :scheduled',
          ExpressionAttributeNames: {
            '#party': party,
            '#sequence': 'sequence',
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':answer': answer,
            ':sequence': meeting.sequence,
            ':scheduled': 'scheduled',
          },
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}
