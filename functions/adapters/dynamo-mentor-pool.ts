import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { MenteeRequest, MentorPoolStore, MentorProfile } from '#domain/mentor-pool';
import { batchGetAll } from './dynamo-batch-get.ts';
import { queryAll } from './dynamo-query.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const keys = {
  profile: (id: string) => ({ pk: `MENTOR#${id}`, sk: 'PROFILE' }),
  /** One profile per address. */
  email: (email: string) => ({ pk: `MENTOREMAIL#${email}`, sk: 'PROFILE' }),
  /** The listed mentors, one partition: suggestions Query it. */
  pool: (id: string) => ({ pk: 'POOL', sk: id }),
  /** Every profile, for the administrators. */
  roster: (id: string) => ({ pk: 'POOLROSTER', sk: id }),
  /** The pairings' own count of a mentor's open pairings (DynamoPairingStore keeps it). */
  load: (email: string) => ({ pk: `MENTOR#${email}`, sk: 'LOAD' }),
  openPair: (mentor: string, mentee: string) => ({
    pk: `OPENPAIR#${mentor}#${mentee}`,
    sk: 'OPEN',
  }),
  request: (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' }),
  requestList: (request: Pick<MenteeRequest, 'createdAt' | 'id'>) => ({
    pk: 'REQUESTS',
    sk: `${request.createdAt}#${request.id}`,
  }),
  requestOfPairing: (pairingId: string) => ({ pk: `PAIR#${pairingId}`, sk: 'REQUEST' }),
};

function profileOf(item: Record<string, unknown>): MentorProfile {
  const { pk: _pk, sk: _sk, ...profile } = item;
  return profile as unknown as MentorProfile;
}

/**
 * The mentor pool in the single table. A profile is `MENTOR#<id>`; a listed one is also copied
 * into the `POOL` partition (written in the same transaction), so suggestions read the listed
 * mentors with one Query and never see a pending or stepped-out one. Loads are the pairings' own
 * `MENTOR#<email>` / `LOAD` counters, so every open pairing counts however it was made.
 */
export class DynamoMentorPool implements MentorPoolStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async join(profile: MentorProfile) {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.email(profile.email), mentorId: profile.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...this.profileWrites(profile, null),
          ],
        }),
      );
      return { outcome: 'joined' as const };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.email(profile.email),
          ConsistentRead: true,
        }),
      );
      if (!Item) throw error;
      return { outcome: 'exists' as const, id: String(Item.mentorId) };
    }
  }

  async get(id: string): Promise<MentorProfile | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.profile(id), ConsistentRead: true }),
    );
    return Item ? profileOf(Item) : null;
  }

  async save(profile: MentorProfile, expectedRevision: number): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: this.profileWrites(profile, expectedRevision) }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'conflict';
      throw error;
    }
  }

  /** The profile, its roster entry, and its place in the pool: there when listed, gone if not. */
  private profileWrites(profile: MentorProfile, expectedRevision: number | null): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.profile(profile.id), ...profile },
          ...(expectedRevision === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :revision',
                ExpressionAttributeValues: { ':revision': expectedRevision },
              }),
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.roster(profile.id), ...profile } } },
      profile.status === 'listed'
        ? { Put: { TableName: this.tableName, Item: { ...keys.pool(profile.id), ...profile } } }
        : { Delete: { TableName: this.tableName, Key: keys.pool(profile.id) } },
    ];
  }

  async listed(): Promise<MentorProfile[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'POOL' },
    });
    return items.map((item) => profileOf(item as Record<string, unknown>));
  }

  async all(): Promise<MentorProfile[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'POOLROSTER' },
    });
    return items.map((item) => profileOf(item as Record<string, unknown>));
  }

  async loads(emails: readonly string[]): Promise<Map<string, number>> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      [...new Set(emails)].map((email) => keys.load(email)),
    );
    const loads = new Map(emails.map((email) => [email, 0]));
    for (const item of items)
      loads.set(String(item.pk).slice('MENTOR#'.length), Number(item.openPairings ?? 0));
    return loads;
  }

  async openWith(menteeEmail: string, mentorEmails: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      [...new Set(mentorEmails)].map((mentor) => keys.openPair(mentor, menteeEmail)),
    );
    return new Set(
      items.map((item) => String(item.pk).slice('OPENPAIR#'.length, -`#${menteeEmail}`.length)),
    );
  }

  async saveRequest(
    request: MenteeRequest,
    expectedRevision: number | null,
  ): Promise<'saved' | 'conflict'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.request(request.id), ...request },
          ...(expectedRevision === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :revision',
                ExpressionAttributeValues: { ':revision': expectedRevision },
              }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.requestList(request),
            id: request.id,
            menteeName: request.mentee.name,
            status: request.status,
          },
        },
      },
      ...(request.proposed
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.requestOfPairing(request.proposed.pairingId),
                  requestId: request.id,
                },
              },
            },
          ]
        : []),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'saved';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'conflict';
      throw error;
    }
  }

  async getRequest(id: string): Promise<MenteeRequest | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.request(id), ConsistentRead: true }),
    );
    if (!Item) return null;
    const { pk: _pk, sk: _sk, ...request } = Item;
    return request as MenteeRequest;
  }

  async requestOfPairing(pairingId: string): Promise<string | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.requestOfPairing(pairingId) }),
    );
    return Item ? String(Item.requestId) : null;
  }

  async requests(): Promise<MenteeRequest[]> {
    const entries = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'REQUESTS' },
      ScanIndexForward: false,
      Limit: 200,
    });
    const found = await Promise.all(entries.map((e) => this.getRequest(String(e.id))));
    return found.filter((r): r is MenteeRequest => r !== null);
  }
}
