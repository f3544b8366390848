import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { MenteeRequest, MentorPoolStore, MentorProfile } from '#domain/mentor-pool';
import { batchGetAll } from './dynamo-batch-get.ts';
import { queryAll } from './dynamo-query.ts';
import { revisionGuard, type TransactItem, transactOrConflict } from './dynamo-storage-write.ts';

const keys = {
  /** Every profile, one partition: the administrators' pool page Queries it. */
  profile: (id: string) => ({ pk: 'POOLROSTER', sk: id }),
  /** One profile per address. */
  email: (email: string) => ({ pk: `MENTOREMAIL#${email}`, sk: 'PROFILE' }),
  /** The listed mentors, one partition: suggestions Query it. */
  pool: (id: string) => ({ pk: 'POOL', sk: id }),
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

function requestOf(item: Record<string, unknown>): MenteeRequest {
  const { pk: _pk, sk: _sk, ...request } = item;
  return request as unknown as MenteeRequest;
}

/**
 * The mentor pool in the single table. A profile is `POOLROSTER` / `<id>`; a listed one is also copied
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

  save(profile: MentorProfile, expectedRevision: number): Promise<'saved' | 'conflict'> {
    return transactOrConflict(this.client, this.profileWrites(profile, expectedRevision));
  }

  /** The profile, and its place in the pool: there when listed, gone if not. */
  private profileWrites(profile: MentorProfile, expectedRevision: number | null): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.profile(profile.id), ...profile },
          ...revisionGuard(expectedRevision),
        },
      },
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
      ExpressionAttributeValues: { ':pk': keys.profile('').pk },
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

  saveRequest(
    request: MenteeRequest,
    expectedRevision: number | null,
  ): Promise<'saved' | 'conflict'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.request(request.id), ...request },
          ...revisionGuard(expectedRevision),
        },
      },
      // Listed for the administrators once, when the request is new.
      ...(expectedRevision === null
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.requestList(request), id: request.id },
              },
            },
          ]
        : []),
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
    return transactOrConflict(this.client, items);
  }

  async getRequest(id: string): Promise<MenteeRequest | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.request(id), ConsistentRead: true }),
    );
    return Item ? requestOf(Item) : null;
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
    });
    const items = await batchGetAll(
      this.client,
      this.tableName,
      entries.map((e) => keys.request(String(e.id))),
    );
    const byId = new Map(items.map((item) => [String(item.id), item]));
    // Newest first, as listed (a batch read answers in any order).
    return entries.flatMap((e) => {
      const item = byId.get(String(e.id));
      return item ? [requestOf(item)] : [];
    });
  }
}
