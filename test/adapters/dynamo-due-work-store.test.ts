import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type ClaimedWork, type DueWorkRef, dueKeyFor, shardFor } from '#domain/due-work';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import type { TandemDependencies } from '#runtime/dependencies';
import { runDueWorkWith } from '#runtime/run-due-work';
import type { DispatchRunSummary } from '#workflows/due-work-dispatcher';
import {
  adminOffice,
  integrationDependencies,
  sentEmails,
  steppingClock,
} from '../../support/integration.ts';

const start = new Date('2027-03-01T14:00:00Z');
const minute = 60_000;

/** The scheduled dispatcher over these dependencies (tests replace the handlers and the store). */
async function runDispatcher(
  deps: TandemDependencies,
  timeoutMs?: number,
): Promise<DispatchRunSummary> {
  const runDueWork = (only?: DueWorkRef[], options?: { deadlineMs?: number }) =>
    runDueWorkWith(deps, only, options);
  return (await createDispatcherHandler({ ...deps, runDueWork })(
    {},
    localLambdaContext('dispatcher', timeoutMs),
  )) as DispatchRunSummary;
}

/** Counts every DynamoDB command the store sends, by name. */
function countCommands(deps: TandemDependencies): Map<string, number> {
  const counts = new Map<string, number>();
  deps.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName ?? '?', (counts.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return counts;
}

/** Only one handler, for `kind`: it takes `ms` and counts how often each item was done. */
function countingEach(base: TandemDependencies, kind: string, ms: number) {
  const doneCount = new Map<string, number>();
  const deps: TandemDependencies = {
    ...base,
    dueWorkHandlers: {
      [kind]: async (work: ClaimedWork) => {
        await new Promise((r) => setTimeout(r, ms));
        doneCount.set(work.id, (doneCount.get(work.id) ?? 0) + 1);
      },
    },
  };
  return { deps, doneCount };
}

async function waitingInIndex(deps: TandemDependencies): Promise<number> {
  let total = 0;
  for (let shard = 0; shard < deps.config.hospital.dispatcher.shardCount; shard++) {
    const page = await deps.documentClient.send(
      new QueryCommand({
        TableName: deps.config.tableName,
        IndexName: 'due',
        KeyConditionExpression: 'dueShard = :s',
        ExpressionAttributeValues: { ':s': shard },
        Select: 'COUNT',
      }),
    );
    total += page.Count ?? 0;
  }
  return total;
}

describe('due work', () => {
  it('is stored once when the same work is scheduled twice', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const work = { id: 'reminder:pairing-1:day-3', kind: 'reminder', dueAt: start, payload: {} };
    expect(await deps.dueWorkStore.schedule(work)).toBe('scheduled');
    expect(await deps.dueWorkStore.schedule(work)).toBe('already-scheduled');
    expect(await waitingInIndex(deps)).toBe(1);
  });

  it('is done exactly once by two overlapping dispatcher runs over 200 due items', async () => {
    const clock = steppingClock(start);
    // 1 ms per item lets the two runs interleave.
    const { deps, doneCount } = countingEach(await integrationDependencies({ clock }), 'invite', 1);
    for (let i = 0; i < 200; i++) {
      await deps.dueWorkStore.schedule({
        id: `invite:pairing-${i}`,
        kind: 'invite',
        dueAt: new Date(start.getTime() - (i % 7) * minute),
        payload: { pairingId: `pairing-${i}` },
      });
    }

    const [first, second] = await Promise.all([runDispatcher(deps), runDispatcher(deps)]);

    expect(doneCount.size).toBe(200);
    expect([...doneCount.values()].every((n) => n === 1)).toBe(true);
    expect(first.done + second.done).toBe(200);
    expect(first.claimed + second.claimed).toBe(200);
    // Finished work leaves the sparse index: nothing is read again by later runs. (What waits is
    // the next weekly digest, which every dispatcher run makes sure exists.)
    expect(await waitingInIndex(deps)).toBe(1);
    clock.advance(60 * minute);
    expect((await runDispatcher(deps)).itemsRead).toBe(0);
  });

  it('claims several items with one transaction and one read, or one by one when another run took one first', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const store = deps.dueWorkStore;
    const lease = new Date(start.getTime() + 10 * minute);
    const refs = [];
    for (let i = 0; i < 5; i++) {
      const work = {
        id: `batch:${i}-${start.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
        kind: 'invite',
        dueAt: start,
        payload: { n: i },
      };
      await store.schedule(work);
      refs.push({ id: work.id, dueKey: dueKeyFor(work.dueAt, work.id) });
    }
    const counts = countCommands(deps);
    const claimed = await store.claimMany(refs.slice(0, 3), start, lease);
    expect(claimed.map((c) => (c && !('error' in c) ? c.payload.n : c))).toEqual([0, 1, 2]);
    expect(Object.fromEntries(counts)).toEqual({
      TransactWriteItemsCommand: 1,
      BatchGetItemCommand: 1,
    });

    // Another run claims the last one first: the transaction writes nothing, each is claimed
    // alone, and exactly the free ones are this run's.
    expect(await store.claim(refs[4] as DueWorkRef, start, lease)).not.toBeNull();
    counts.clear();
    const again = await store.claimMany(refs, start, lease);
    expect(again.map((c) => (c && !('error' in c) ? c.payload.n : c))).toEqual([
      null,
      null,
      null,
      3,
      null,
    ]);
    expect(Object.fromEntries(counts)).toEqual({
      TransactWriteItemsCommand: 1,
      UpdateItemCommand: 5,
    });
  });

  it('reads none of 10,000 items that are not yet due, and never scans', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const items = Array.from({ length: 10_000 }, (_, i) => {
      const id = `checkin:pairing-${i}`;
      const dueAt = new Date(start.getTime() + (1 + (i % 500)) * minute);
      return {
        pk: `WORK#${id}`,
        sk: 'WORK',
        id,
        kind: 'checkin',
        dueAt: dueAt.toISOString(),
        payload: {},
        status: 'pending',
        attempts: 0,
        dueShard: shardFor(id, deps.config.hospital.dispatcher.shardCount),
        dueKey: dueKeyFor(dueAt, id),
      };
    });
    const batches = Array.from({ length: items.length / 25 }, (_, b) =>
      items.slice(b * 25, b * 25 + 25),
    );
    for (let i = 0; i < batches.length; i += 16) {
      await Promise.all(
        batches.slice(i, i + 16).map((batch) =>
          deps.documentClient.send(
            new BatchWriteCommand({
              RequestItems: {
                [deps.config.tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
              },
            }),
          ),
        ),
      );
    }
    let handled = 0;
    const counted = countCommands(deps);
    const summary = await runDispatcher({
      ...deps,
      dueWorkHandlers: { checkin: async () => void handled++ },
    });

    expect(summary.itemsRead).toBe(0);
    expect(summary.found).toBe(0);
    expect(handled).toBe(0);
    expect(counted.get('ScanCommand')).toBeUndefined();
    expect(counted.get('QueryCommand')).toBe(deps.config.hospital.dispatcher.shardCount);
    expect(await deps.dueWorkStore.countWaiting(start)).toEqual({ dueNow: 0, later: 10_001 }); // + the weekly digest
  });

  it('retries a failing item with backoff without holding up the others', async () => {
    const clock = steppingClock(start);
    const base = await integrationDependencies({ clock });
    let failuresLeft = 1;
    const done: string[] = [];
    const deps: TandemDependencies = {
      ...base,
      dueWorkHandlers: {
        flaky: async (work) => {
          if (failuresLeft-- > 0) throw new Error('SES throttled');
          done.push(work.id);
        },
        steady: async (work) => void done.push(work.id),
      },
    };
    await deps.dueWorkStore.schedule({ id: 'flaky-1', kind: 'flaky', dueAt: start, payload: {} });
    await deps.dueWorkStore.schedule({ id: 'steady-1', kind: 'steady', dueAt: start, payload: {} });

    const first = await runDispatcher(deps);
    expect(first).toMatchObject({ found: 2, done: 1, retried: 1, parked: 0 });
    expect(done).toEqual(['steady-1']);

    clock.advance(30_000); // before the one-minute backoff: not due again yet
    expect(await runDispatcher(deps)).toMatchObject({ found: 0, itemsRead: 0 });

    clock.advance(31_000);
    expect(await runDispatcher(deps)).toMatchObject({ found: 1, done: 1 });
    expect(done).toEqual(['steady-1', 'flaky-1']);
  });

  it('parks an item after the last attempt, reports it to the administrators, and moves on', async () => {
    const clock = steppingClock(start);
    const base = await integrationDependencies({ clock });
    const deps: TandemDependencies = {
      ...base,
      dueWorkHandlers: {
        broken: async () => {
          throw new Error('template <missing> for "invite"');
        },
      },
    };
    await deps.dueWorkStore.schedule({ id: 'broken-1', kind: 'broken', dueAt: start, payload: {} });
    await deps.dueWorkStore.schedule({
      id: 'unknown-1',
      kind: 'no-such-kind',
      dueAt: start,
      payload: {},
    });

    const summaries: DispatchRunSummary[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      summaries.push(await runDispatcher(deps));
      clock.advance(6 * 60 * minute);
    }
    expect(summaries.map((s) => s.parked)).toEqual([1, 0, 1]); // unknown kind at once, broken after 3
    expect(summaries.map((s) => s.retried)).toEqual([1, 1, 0]);
    expect(await runDispatcher(deps)).toMatchObject({ found: 0 });

    const parked = await deps.dueWorkStore.listParked();
    expect(parked.map((p) => p.id).sort()).toEqual(['broken-1', 'unknown-1']);
    expect(parked.find((p) => p.id === 'broken-1')).toMatchObject({ attempts: 3, kind: 'broken' });

    const alerts = (await sentEmails(adminOffice(deps))).filter((e) =>
      e.subject.includes('scheduled task failed 3 times'),
    );
    const alert = alerts.find((e) => e.body.text?.includes('broken-1'));
    expect(alert?.from).toContain('mentoring@test-hospital.example.org');
    expect(alert?.body.text).toContain('Last error: Error: template <missing> for "invite"');
    // What the task said is escaped in the HTML part, never markup.
    expect(alert?.body.html).toContain('template &lt;missing&gt; for &quot;invite&quot;');
  });

  it('picks up work claimed by a run that died, once its lease has expired', async () => {
    const clock = steppingClock(start);
    const base = await integrationDependencies({ clock });
    let runs = 0;
    const deps: TandemDependencies = {
      ...base,
      dueWorkHandlers: { invite: async () => void runs++ },
    };
    await deps.dueWorkStore.schedule({
      id: 'invite-lost',
      kind: 'invite',
      dueAt: start,
      payload: {},
    });
    const [ref] = (
      await deps.dueWorkStore.findDue({
        shard: shardFor('invite-lost', 4),
        upToKey: '\uffff',
        limit: 10,
      })
    ).refs;
    // A run claims it and dies before finishing.
    expect(
      await deps.dueWorkStore.claim(ref!, start, new Date(start.getTime() + 10 * minute)),
    ).not.toBeNull();

    expect(await runDispatcher(deps)).toMatchObject({ found: 0 });
    clock.advance(10 * minute + 1000);
    expect(await runDispatcher(deps)).toMatchObject({ found: 1, done: 1 });
    expect(runs).toBe(1);
  });

  it('leaves an item whose claim is throttled for the next run and still does the others', async () => {
    const clock = steppingClock(start);
    const base = await integrationDependencies({ clock });
    const done: string[] = [];
    const deps: TandemDependencies = {
      ...base,
      dueWorkHandlers: { invite: async (w) => void done.push(w.id) },
    };
    for (const id of ['invite-a', 'invite-b', 'invite-c']) {
      await deps.dueWorkStore.schedule({ id, kind: 'invite', dueAt: start, payload: {} });
    }
    // Fault injection: DynamoDB throttles every write to invite-b (after the SDK's own retries),
    // alone or in a transaction of claims.
    let throttle = true;
    deps.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as {
          Key?: { pk?: unknown };
          TransactItems?: { Update?: { Key?: { pk?: unknown } } }[];
        };
        const writes = [input.Key, ...(input.TransactItems ?? []).map((t) => t.Update?.Key)];
        if (
          throttle &&
          ['UpdateItemCommand', 'TransactWriteItemsCommand'].includes(context.commandName ?? '') &&
          writes.some((key) => key?.pk === 'WORK#invite-b')
        ) {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleOneItem' },
    );

    expect(await runDispatcher(deps)).toMatchObject({ found: 3, done: 2, errors: 1 });
    expect(done.sort()).toEqual(['invite-a', 'invite-c']);

    throttle = false;
    expect(await runDispatcher(deps)).toMatchObject({ found: 1, done: 1, errors: 0 });
    expect(done).toContain('invite-b');
  });

  it('stops starting items before its time limit, prints what it left, and the next run does the rest, each once', async () => {
    const clock = steppingClock(start);
    const { deps, doneCount } = countingEach(await integrationDependencies({ clock }), 'slow', 400);
    for (let i = 0; i < 100; i++)
      await deps.dueWorkStore.schedule({
        id: `slow-${i}`,
        kind: 'slow',
        dueAt: start,
        payload: {},
      });

    // A 6 s invocation stops starting items at 4.5 s (its last quarter is left for what is in
    // flight, 400 ms here, even on a loaded machine); 100 items of 400 ms, 8 at a time, need 5.2 s.
    const first = await runDispatcher(deps, 6_000);
    expect(first.stoppedAtDeadline).toBe(true);
    // It stopped either among a page's items (deferred) or before reading a page or shard.
    expect(first.done).toBeLessThan(100);
    expect(first.done + first.deferred).toBe(first.found);
    expect(first.errors).toBe(0);
    const second = await runDispatcher(deps);
    expect(second.stoppedAtDeadline).toBe(false);
    expect(doneCount.size).toBe(100);
    expect([...doneCount.values()].every((n) => n === 1)).toBe(true);
  });
});
