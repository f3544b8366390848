import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableSchema } from '#config/table-schema';
import {
  assertValidWorkId,
  type ClaimedWork,
  type DueWorkRef,
  type DueWorkStatus,
  dueKeyFor,
  type NewDueWork,
  shardFor,
} from '#domain/due-work';
import type { StorageWrite } from '#domain/storage-write';
import type { DueWorkCursor, DueWorkStore } from '#workflows/due-work-dispatcher';
import { batchGetAll } from './dynamo-batch-get.ts';
import { storageWrite } from './dynamo-storage-write.ts';

const DONE_RETENTION_DAYS = 90;
const workKey = (id: string) => ({ pk: `WORK#${id}`, sk: 'WORK' });

/** Partition holding one marker per parked item, so `tandem status` lists them without a Scan. */
export const PARKED_PARTITION = 'PARKED';

export interface StoredWork {
  pk: string;
  sk: string;
  id: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
  status: DueWorkStatus;
  attempts: number;
  lastError?: string;
  dueShard?: number;
  dueKey?: string;
}

function claimedWork(item: StoredWork, leaseKey: string): ClaimedWork {
  return {
    id: item.id,
    kind: item.kind,
    dueAt: new Date(item.dueAt),
    payload: item.payload,
    status: item.status,
    attempts: item.attempts,
    ...(item.lastError === undefined ? {} : { lastError: item.lastError }),
    leaseKey,
  };
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

export class DynamoDueWorkStore implements DueWorkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly shardCount: number,
  ) {}

  /** The item a new piece of work is stored as (also used inside other stores' transactions). */
  itemFor(work: NewDueWork): StoredWork {
    assertValidWorkId(work.id);
    return {
      ...workKey(work.id),
      id: work.id,
      kind: work.kind,
      dueAt: work.dueAt.toISOString(),
      payload: work.payload,
      status: 'pending',
      attempts: 0,
      dueShard: shardFor(work.id, this.shardCount),
      dueKey: dueKeyFor(work.dueAt, work.id),
    };
  }

  /**
   * New work as one element of another store's transaction (an outbox saved together with the
   * change that causes it); like `schedule`, it is stored only once.
   */
  transactPuts(work: NewDueWork[]) {
    return work.map((w) => ({
      Put: {
        TableName: this.tableName,
        Item: this.itemFor(w),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  async schedule(work: NewDueWork): Promise<'scheduled' | 'already-scheduled'> {
    const item = this.itemFor(work);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'scheduled';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-scheduled';
      throw error;
    }
  }

  async findDue(query: {
    shard: number;
    upToKey: string;
    limit: number;
    after?: DueWorkCursor;
  }): Promise<{ refs: DueWorkRef[]; itemsRead: number; next?: DueWorkCursor }> {
    const { dueIndex } = tableSchema;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: dueIndex.indexName,
        KeyConditionExpression: '#shard = :shard AND #dueKey <= :upTo',
        ExpressionAttributeNames: {
          '#shard': dueIndex.partitionKey.name,
          '#dueKey': dueIndex.sortKey.name,
        },
        ExpressionAttributeValues: { ':shard': query.shard, ':upTo': query.upToKey },
        Limit: query.limit,
        ExclusiveStartKey: query.after,
      }),
    );
    const refs = (result.Items ?? []).map((item) => {
      const dueKey = String(item[dueIndex.sortKey.name]);
      return { id: String(item.pk).slice('WORK#'.length), dueKey };
    });
    return { refs, itemsRead: result.ScannedCount ?? refs.length, next: result.LastEvaluatedKey };
  }

  /**
   * The claim moves the item's due key to its lease expiry: it leaves the "due now" range at
   * once, and comes back by itself if this run dies before completing it.
   */
  private claimUpdate(ref: DueWorkRef, now: Date, leaseKey: string) {
    return {
      TableName: this.tableName,
      Key: workKey(ref.id),
      UpdateExpression:
        'SET #status = :claimed, attempts = attempts + :one, dueKey = :leaseKey, claimedAt = :now',
      ConditionExpression: 'dueKey = :seenKey',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':claimed': 'claimed',
        ':one': 1,
        ':leaseKey': leaseKey,
        ':now': now.toISOString(),
        ':seenKey': ref.dueKey,
      },
    };
  }

  async claim(ref: DueWorkRef, now: Date, leaseUntil: Date): Promise<ClaimedWork | null> {
    const leaseKey = dueKeyFor(leaseUntil, ref.id);
    try {
      const result = await this.client.send(
        new UpdateCommand({ ...this.claimUpdate(ref, now, leaseKey), ReturnValues: 'ALL_NEW' }),
      );
      return claimedWork(result.Attributes as StoredWork, leaseKey);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /**
   * Claims several items with two requests instead of one each: one transaction of the claims,
   * then one consistent batch read of what was claimed. When any claim fails (another run got
   * there first, or both tried at once) the transaction writes nothing, and each item is claimed
   * alone, so exactly one run holds each item either way.
   */
  async claimMany(
    refs: DueWorkRef[],
    now: Date,
    leaseUntil: Date,
  ): Promise<(ClaimedWork | null | { error: unknown })[]> {
    // Alone, each claim returns its item: one request per item, with no read after.
    const oneByOne = () =>
      Promise.all(
        refs.map((ref) => this.claim(ref, now, leaseUntil).catch((error: unknown) => ({ error }))),
      );
    if (refs.length < 3) return oneByOne();
    const leaseKeys = refs.map((ref) => dueKeyFor(leaseUntil, ref.id));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: refs.map((ref, i) => ({
            Update: this.claimUpdate(ref, now, leaseKeys[i] as string),
          })),
        }),
      );
    } catch {
      // Cancelled (another run claimed one first, or both at once) or throttled: the transaction
      // wrote nothing, so each item is claimed alone. (A time-out whose transaction did commit
      // leaves its items leased: each claim below then finds them taken, and they come back when
      // the lease ends, as after a crash.)
      return oneByOne();
    }
    const items = await batchGetAll(
      this.client,
      this.tableName,
      refs.map((ref) => workKey(ref.id)),
    );
    const byId = new Map(items.map((item) => [String(item.id), item as unknown as StoredWork]));
    return refs.map((ref, i) => {
      const item = byId.get(ref.id);
      // Claimed a moment ago under this lease: only a missing table could lose it.
      if (!item) throw new Error(`claimed work ${ref.id} could not be read back`);
      return claimedWork(item, leaseKeys[i] as string);
    });
  }

  async complete(work: ClaimedWork, now: Date): Promise<void> {
    await this.client.send(new UpdateCommand(this.completeUpdate(work, now)));
  }

  /** The completion as a write inside another store's transaction (the invite's record of sends). */
  completion(work: ClaimedWork, now: Date): StorageWrite {
    return storageWrite({ Update: this.completeUpdate(work, now) });
  }

  private completeUpdate(work: ClaimedWork, now: Date) {
    return {
      TableName: this.tableName,
      Key: workKey(work.id),
      UpdateExpression:
        'SET #status = :done, doneAt = :now, expiresAt = :expires REMOVE dueShard, dueKey',
      ConditionExpression: 'dueKey = :leaseKey',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':now': now.toISOString(),
        ':expires': Math.floor(now.getTime() / 1000) + DONE_RETENTION_DAYS * 86_400,
        ':leaseKey': work.leaseKey,
      },
    };
  }

  async retryLater(
    work: ClaimedWork,
    dueAt: Date,
    error: string,
    now: Date,
    options: { attemptCounted?: boolean } = {},
  ): Promise<void> {
    // An attempt that does not count gives back the one its claim added.
    const uncounted = options.attemptCounted === false;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: workKey(work.id),
        UpdateExpression: `SET #status = :pending, dueAt = :dueAt, dueKey = :dueKey, lastError = :error, failedAt = :now${uncounted ? ', attempts = :attempts' : ''}`,
        ConditionExpression: 'dueKey = :leaseKey',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':dueAt': dueAt.toISOString(),
          ':dueKey': dueKeyFor(dueAt, work.id),
          ':error': error,
          ':now': now.toISOString(),
          ':leaseKey': work.leaseKey,
          ...(uncounted ? { ':attempts': Math.max(0, work.attempts - 1) } : {}),
        },
      }),
    );
  }

  async park(work: ClaimedWork, error: string, now: Date): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: workKey(work.id),
              UpdateExpression:
                'SET #status = :parked, lastError = :error, parkedAt = :now REMOVE dueShard, dueKey',
              ConditionExpression: 'dueKey = :leaseKey',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':parked': 'parked',
                ':error': error,
                ':now': now.toISOString(),
                ':leaseKey': work.leaseKey,
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: PARKED_PARTITION,
                sk: `${now.toISOString()}#${work.id}`,
                id: work.id,
                kind: work.kind,
                attempts: work.attempts,
                error,
              },
            },
          },
        ],
      }),
    );
  }

  /** Parked items, newest first (for `tandem status` and, later, the admin page). */
  async listParked(
    limit = 50,
  ): Promise<{ id: string; kind: string; attempts: number; error: string; parkedAt: string }[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARKED_PARTITION },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      id: String(item.id),
      kind: String(item.kind),
      attempts: Number(item.attempts),
      error: String(item.error),
      parkedAt: String(item.sk).split('#')[0] ?? '',
    }));
  }

  /** Items waiting on the due index, split into due by `now` and later (counts only). */
  async countWaiting(now: Date): Promise<{ dueNow: number; later: number }> {
    const { dueIndex } = tableSchema;
    let dueNow = 0;
    let total = 0;
    for (let shard = 0; shard < this.shardCount; shard++) {
      for (const [bound, add] of [
        [`${now.toISOString()}#\uffff`, (n: number) => (dueNow += n)],
        ['\uffff', (n: number) => (total += n)],
      ] as const) {
        let after: Record<string, unknown> | undefined;
        do {
          const page = await this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: dueIndex.indexName,
              KeyConditionExpression: 'dueShard = :shard AND dueKey <= :bound',
              ExpressionAttributeValues: { ':shard': shard, ':bound': bound },
              Select: 'COUNT',
              ExclusiveStartKey: after,
            }),
          );
          add(page.Count ?? 0);
          after = page.LastEvaluatedKey;
        } while (after !== undefined);
      }
    }
    return { dueNow, later: total - dueNow };
  }
}
