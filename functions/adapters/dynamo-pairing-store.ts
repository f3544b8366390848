import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NewDueWork } from '#domain/due-work';
import type { Pairing } from '#domain/pairing';
import type {
  CreateOutcome,
  PairingListEntry,
  PairingStore,
  StoredPairing,
} from '#domain/pairing-store';
import { runWithConcurrency } from '#workflows/due-work-dispatcher';
import type { DynamoDueWorkStore } from './dynamo-due-work-store.ts';
import { queryAll } from './dynamo-query.ts';
import type { TransactItem } from './dynamo-storage-write.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** DynamoDB's limit of items in one TransactWriteItems. */
const maxTransactionItems = 100;

/** The pairing's own item (its meetings share the partition). */
export const pairingKey = (id: string) => ({ pk: `PAIR#${id}`, sk: 'META' });

export function toStoredPairing(item: Record<string, unknown>): StoredPairing {
  const { pk: _pk, sk: _sk, revision, ...pairing } = item;
  return { pairing: pairing as unknown as Pairing, revision: Number(revision) };
}

const keys = {
  pairing: pairingKey,
  openPair: (p: Pairing) => ({ pk: `OPENPAIR#${p.mentor.email}#${p.mentee.email}`, sk: 'OPEN' }),
  mentorLoad: (email: string) => ({ pk: `MENTOR#${email}`, sk: 'LOAD' }),
  idempotency: (key: string) => ({ pk: `IDEMP#${key}`, sk: 'PAIRING' }),
};

/**
 * Pairings in the single table. Creation is one transaction: the pairing, the "one open pairing
 * per two people" marker, the mentor's open-pairing count (capped), the idempotency record and the
 * outbox of due work all succeed or fail together.
 */
export class DynamoPairingStore implements PairingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly dueWork: DynamoDueWorkStore,
  ) {}

  async create(
    pairing: Pairing,
    options: { idempotencyKey?: string; mentorCapacity: number; work: NewDueWork[] },
  ): Promise<CreateOutcome> {
    const items = this.creationItems(pairing, options);
    const openPairIndex = options.idempotencyKey ? 2 : 1;
    const loadIndex = openPairIndex + 1;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { outcome: 'created' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failed = (error.CancellationReasons ?? []).map(
        (r) => r.Code === 'ConditionalCheckFailed',
      );
      if (options.idempotencyKey && failed[0]) {
        const earlier = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.idempotency(options.idempotencyKey),
            ConsistentRead: true,
          }),
        );
        return { outcome: 'repeated-request', pairingId: String(earlier.Item?.pairingId) };
      }
      if (failed[openPairIndex]) {
        const open = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.openPair(pairing),
            ConsistentRead: true,
          }),
        );
        return { outcome: 'already-paired', pairingId: String(open.Item?.pairingId) };
      }
      if (failed[loadIndex]) return { outcome: 'mentor-at-capacity' };
      throw error;
    }
  }

  /**
   * Many new pairings in few requests (a CSV import): as many as fit in one transaction (100
   * items, no mentor twice, since each adds to that mentor's count) are created together, four
   * transactions at a time. A transaction that fails in any way wrote nothing; its pairings are
   * answered 'alone', for the caller to create one by one and learn each one's outcome.
   */
  async createMany(
    entries: { pairing: Pairing; idempotencyKey?: string; work: NewDueWork[] }[],
    mentorCapacity: number,
  ): Promise<('created' | 'alone')[]> {
    const groups: { indexes: number[]; items: TransactItem[]; mentors: Set<string> }[] = [];
    entries.forEach((entry, index) => {
      const items = this.creationItems(entry.pairing, { ...entry, mentorCapacity });
      const mentor = entry.pairing.mentor.email;
      let group = groups.find(
        (g) => g.items.length + items.length <= maxTransactionItems && !g.mentors.has(mentor),
      );
      if (!group) {
        group = { indexes: [], items: [], mentors: new Set() };
        groups.push(group);
      }
      group.indexes.push(index);
      group.items.push(...items);
      group.mentors.add(mentor);
    });
    const results: ('created' | 'alone')[] = entries.map(() => 'alone');
    await runWithConcurrency(groups, 4, async (group) => {
      const outcome = await this.client
        .send(new TransactWriteCommand({ TransactItems: group.items }))
        .then(
          () => 'created' as const,
          () => 'alone' as const,
        );
      for (const index of group.indexes) results[index] = outcome;
    });
    return results;
  }

  /** Everything a new pairing is stored as, in one transaction's items (see `create`). */
  private creationItems(
    pairing: Pairing,
    options: { idempotencyKey?: string; mentorCapacity: number; work: NewDueWork[] },
  ): TransactItem[] {
    const now = Math.floor(Date.parse(pairing.createdAt) / 1000);
    const items: TransactItem[] = [];
    if (options.idempotencyKey) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(options.idempotencyKey),
            pairingId: pairing.id,
            expiresAt: now + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    items.push(
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.pairing(pairing.id), ...pairing, revision: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.openPair(pairing), pairingId: pairing.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.mentorLoad(pairing.mentor.email),
          UpdateExpression: 'ADD openPairings :one',
          ConditionExpression: 'attribute_not_exists(openPairings) OR openPairings < :capacity',
          ExpressionAttributeValues: { ':one': 1, ':capacity': options.mentorCapacity },
        },
      },
      ...this.dueWork.transactPuts(options.work),
      this.listEntry(pairing),
    );
    return items;
  }

  /**
   * One small entry per pairing in the `PAIRLIST` partition, written with every change: the
   * administrators' list reads it with one Query (a hospital has hundreds of pairings, not millions).
   */
  private listEntry(pairing: Pairing): TransactItem {
    return { Put: { TableName: this.tableName, Item: this.listEntryItem(pairing) } };
  }

  /** The pairing's `PAIRLIST` item (public for bulk loading, as the benchmark does). */
  listEntryItem(pairing: Pairing): Record<string, unknown> {
    return {
      pk: 'PAIRLIST',
      sk: pairing.id,
      id: pairing.id,
      status: pairing.status,
      mentorName: pairing.mentor.name,
      mentorEmail: pairing.mentor.email,
      menteeName: pairing.mentee.name,
      menteeEmail: pairing.mentee.email,
      createdAt: pairing.createdAt,
      updatedAt: pairing.history.at(-1)?.at ?? pairing.createdAt,
    };
  }

  async list(): Promise<PairingListEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PAIRLIST' },
    });
    const entries = items.map(({ pk: _pk, sk: _sk, ...entry }) => entry as PairingListEntry);
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async createdBy(idempotencyKey: string): Promise<string | null> {
    const found = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(idempotencyKey),
        ConsistentRead: true,
      }),
    );
    return typeof found.Item?.pairingId === 'string' ? found.Item.pairingId : null;
  }

  async get(id: string): Promise<StoredPairing | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.pairing(id), ConsistentRead: true }),
    );
    return result.Item ? toStoredPairing(result.Item) : null;
  }

  async save(
    pairing: Pairing,
    expectedRevision: number,
    options: { work: NewDueWork[]; releaseOpenPairing: boolean },
  ): Promise<'saved' | 'conflict'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.pairing(pairing.id), ...pairing, revision: expectedRevision + 1 },
          ConditionExpression: 'revision = :expected',
          ExpressionAttributeValues: { ':expected': expectedRevision },
        },
      },
      ...this.dueWork.transactPuts(options.work),
      this.listEntry(pairing),
    ];
    if (options.releaseOpenPairing) {
      items.push(
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.openPair(pairing),
            ConditionExpression: 'pairingId = :id',
            ExpressionAttributeValues: { ':id': pairing.id },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.mentorLoad(pairing.mentor.email),
            UpdateExpression: 'ADD openPairings :minusOne',
            ConditionExpression: 'openPairings > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          },
        },
      );
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'saved';
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return 'conflict';
      }
      throw error;
    }
  }
}
