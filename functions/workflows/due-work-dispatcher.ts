import type { Clock } from '#domain/clock';
import {
  afterFailure,
  type ClaimedWork,
  type DueWorkRef,
  type NewDueWork,
  upperDueKey,
} from '#domain/due-work';
import type { StorageWrite } from '#domain/storage-write';

/** Storage port for due work; the DynamoDB adapter implements it against the sparse `due` index. */
export interface DueWorkStore {
  schedule(work: NewDueWork): Promise<'scheduled' | 'already-scheduled'>;
  /** One page of items on a shard whose due key is at or below `upToKey`, oldest first. */
  findDue(query: {
    shard: number;
    upToKey: string;
    limit: number;
    after?: DueWorkCursor;
  }): Promise<{ refs: DueWorkRef[]; itemsRead: number; next?: DueWorkCursor }>;
  /** Conditional claim: null when another run claimed (or finished) it first. */
  claim(ref: DueWorkRef, now: Date, leaseUntil: Date): Promise<ClaimedWork | null>;
  /**
   * `claim` for several items in fewer requests; each item is still claimed by one run only. An
   * item whose claim failed in storage (throttled after the SDK's retries) is `{ error }`.
   */
  claimMany(
    refs: DueWorkRef[],
    now: Date,
    leaseUntil: Date,
  ): Promise<(ClaimedWork | null | { error: unknown })[]>;
  complete(work: ClaimedWork, now: Date): Promise<void>;
  /** `complete` as a write for a handler to commit in its own transaction. */
  completion(work: ClaimedWork, now: Date): StorageWrite;
  /** Due again at `dueAt`; `attemptCounted: false` gives back the attempt its claim counted. */
  retryLater(
    work: ClaimedWork,
    dueAt: Date,
    error: string,
    now: Date,
    options?: { attemptCounted?: boolean },
  ): Promise<void>;
  park(work: ClaimedWork, error: string, now: Date): Promise<void>;
}

/** Opaque position in the due index (the store's own pagination key). */
export type DueWorkCursor = Record<string, unknown>;

/**
 * What one run's handlers share: a read made once per run under a key (the two invites of one
 * meeting version read its pairing once). A key must name everything the value depends on.
 */
export interface RunScope {
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * The completion of `work` as a write: a handler that commits it in its own transaction returns
   * 'completed', and the dispatcher does not complete the work again.
   */
  completion(work: ClaimedWork): StorageWrite;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a handler that completes nothing itself stays a plain `async () => {}`.
export type DueWorkHandler = (work: ClaimedWork, run?: RunScope) => Promise<void | 'completed'>;
export type DueWorkHandlers = Readonly<Record<string, DueWorkHandler>>;

export interface DispatcherSettings {
  shardCount: number;
  maxAttempts: number;
  /** A claim not completed within the lease (a crashed run) becomes due again after it. */
  leaseMs: number;
  /** Items fetched per shard page. */
  pageSize: number;
  /** Items worked on at once, so one slow item never holds up the rest. */
  concurrency: number;
}

export const defaultDispatcherSettings: Omit<DispatcherSettings, 'shardCount' | 'maxAttempts'> = {
  leaseMs: 10 * 60_000,
  pageSize: 100,
  concurrency: 8,
};

export interface DispatchRunSummary {
  startedAt: string;
  found: number;
  claimed: number;
  done: number;
  retried: number;
  parked: number;
  /** Items another run claimed first. */
  skipped: number;
  /**
   * Of `retried`, the items whose email SES throttled (sending rate or daily quota): due again
   * in `throttledRetryMs`, the attempt not counted, never parked for it.
   */
  throttled: number;
  /** Items whose storage calls failed (throttling, timeouts); they stay due for the next run. */
  errors: number;
  /** Items the due-index queries read: only due ones, never future work. */
  itemsRead: number;
  /** When the oldest item found was due (its lateness is the dispatcher's lag). */
  oldestDueAt?: string;
  /** Items found but not started because the run reached its deadline: still due, for the next run. */
  deferred: number;
  /** The run stopped at its deadline (what it did not reach stays in the due index). */
  stoppedAtDeadline: boolean;
  parkedItems: { id: string; kind: string; attempts: number; error: string }[];
}

export interface DispatcherDependencies {
  store: DueWorkStore;
  handlers: DueWorkHandlers;
  clock: Clock;
  settings: DispatcherSettings;
  /** Told about each parked item (the wiring emails the administrators and logs it). */
  onParked?: (work: ClaimedWork, error: string) => Promise<void>;
  onStorageError?: (ref: DueWorkRef, error: unknown) => void;
  /**
   * Work on exactly these items instead of querying the index: used right after a request
   * scheduled them (an outbox), so emails go out at once; the scheduled run is the safety net.
   */
  only?: DueWorkRef[];
  /**
   * Real time (ms since the epoch, `Date.now()`), not the simulated clock, after which no new item
   * is started and no further page read: items in flight finish, the rest stay due.
   */
  deadlineMs?: number;
  /** The real clock the deadline is read against (tests make it step). */
  realNow?: () => number;
}

/**
 * When an item whose email SES throttled is due again: AWS's guide for SES says to wait up to 10
 * minutes before sending again after a throttling error.
 */
export const throttledRetryMs = 10 * 60_000;

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}

/**
 * One dispatcher run: for each shard, page through what is due now, claim each item with a
 * conditional write, run its handler, and record the outcome. A failure retries with backoff and
 * is parked after `maxAttempts`; it never stops the other items.
 */
export async function runDueWork(deps: DispatcherDependencies): Promise<DispatchRunSummary> {
  const { store, handlers, clock, settings } = deps;
  const now = clock.now();
  const summary: DispatchRunSummary = {
    startedAt: now.toISOString(),
    found: 0,
    claimed: 0,
    done: 0,
    retried: 0,
    parked: 0,
    skipped: 0,
    throttled: 0,
    errors: 0,
    itemsRead: 0,
    deferred: 0,
    stoppedAtDeadline: false,
    parkedItems: [],
  };
  const upTo = upperDueKey(now);
  const memos = new Map<string, Promise<unknown>>();
  const run: RunScope = {
    memo: <T>(key: string, load: () => Promise<T>) => {
      let value = memos.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        memos.set(key, value);
        // A failed read is not kept: the next item reads again.
        value.catch(() => memos.delete(key));
      }
      return value;
    },
    completion: (work) => store.completion(work, clock.now()),
  };
  const realNow = deps.realNow ?? Date.now;
  const pastDeadline = () => deps.deadlineMs !== undefined && realNow() >= deps.deadlineMs;
  const leaseUntil = new Date(now.getTime() + settings.leaseMs);

  const park = async (work: ClaimedWork, error: string) => {
    await store.park(work, error, clock.now());
    summary.parked++;
    summary.parkedItems.push({ id: work.id, kind: work.kind, attempts: work.attempts, error });
    await deps.onParked?.(work, error);
  };

  const workOn = async (work: ClaimedWork) => {
    const handler = handlers[work.kind];
    if (handler === undefined) {
      await park(work, `no handler for work of kind "${work.kind}"`);
      return;
    }
    if (work.attempts > settings.maxAttempts) {
      // Only reachable when earlier runs crashed mid-item and their leases expired.
      await park(work, work.lastError ?? 'lease expired too many times');
      return;
    }
    let outcome: Awaited<ReturnType<DueWorkHandler>>;
    try {
      outcome = await handler(work, run);
    } catch (error) {
      const message = describeError(error);
      if ((error as { throttled?: unknown } | null)?.throttled === true) {
        const dueAt = new Date(clock.now().getTime() + throttledRetryMs);
        await store.retryLater(work, dueAt, message, clock.now(), { attemptCounted: false });
        summary.retried++;
        summary.throttled++;
        return;
      }
      const permanent = (error as { permanent?: unknown } | null)?.permanent === true;
      const next = permanent
        ? ({ action: 'park' } as const)
        : afterFailure(work.attempts, settings.maxAttempts, clock.now());
      if (next.action === 'park') {
        await park(work, message);
      } else {
        await store.retryLater(work, next.dueAt, message, clock.now());
        summary.retried++;
      }
      return;
    }
    if (outcome !== 'completed') await store.complete(work, clock.now());
    summary.done++;
  };

  const workOnSafely = async (work: ClaimedWork) => {
    try {
      await workOn(work);
    } catch (error) {
      // A storage failure (after the SDK's own retries) leaves the item due or leased; the next
      // run picks it up. It must not stop the other items.
      summary.errors++;
      deps.onStorageError?.({ id: work.id, dueKey: work.leaseKey }, error);
    }
  };

  const noteDue = (refs: readonly DueWorkRef[]) => {
    for (const ref of refs) {
      const dueAt = ref.dueKey.slice(0, ref.dueKey.indexOf('#'));
      if (summary.oldestDueAt === undefined || dueAt < summary.oldestDueAt)
        summary.oldestDueAt = dueAt;
    }
  };

  /**
   * Works on `refs` in `concurrency` lanes. Items are claimed `concurrency` at a time (one
   * `claimMany`) when a lane finds nothing claimed left to start, so a slow item holds up only
   * its own lane. Nothing is claimed past the deadline; what is claimed is always worked on.
   */
  const workOnAll = async (refs: readonly DueWorkRef[]) => {
    let next = 0;
    const ready: ClaimedWork[] = [];
    let claiming: Promise<void> | undefined;
    const claimNext = async () => {
      const chunk = refs.slice(next, next + settings.concurrency);
      next += chunk.length;
      let claimed: (ClaimedWork | null | { error: unknown })[];
      try {
        claimed = await store.claimMany(chunk, now, leaseUntil);
      } catch (error) {
        // The claimed items' read failed: they come back when their lease ends, as after a crash.
        claimed = chunk.map(() => ({ error }));
      }
      claimed.forEach((work, i) => {
        if (work === null) summary.skipped++;
        else if ('error' in work) {
          // Left due (or leased) for the next run; the other items go on.
          summary.errors++;
          deps.onStorageError?.(chunk[i] as DueWorkRef, work.error);
        } else {
          summary.claimed++;
          ready.push(work);
        }
      });
    };
    const lane = async () => {
      for (;;) {
        const work = ready.shift();
        if (work) {
          await workOnSafely(work);
          continue;
        }
        if (claiming) {
          await claiming;
          continue;
        }
        if (next >= refs.length) return;
        if (pastDeadline()) {
          summary.deferred += refs.length - next;
          summary.stoppedAtDeadline = true;
          next = refs.length;
          return;
        }
        claiming = claimNext().finally(() => {
          claiming = undefined;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, refs.length) }, lane));
  };

  if (deps.only) {
    // Only what is due: a transition may also schedule work for later (a resume on a date).
    const due = deps.only.filter((ref) => ref.dueKey <= upTo);
    summary.found = due.length;
    noteDue(due);
    await workOnAll(due);
    return summary;
  }

  for (let shard = 0; shard < settings.shardCount; shard++) {
    let after: DueWorkCursor | undefined;
    do {
      if (pastDeadline()) {
        // Shards and pages not read yet stay due for the next run.
        summary.stoppedAtDeadline = true;
        return summary;
      }
      const page = await store.findDue({ shard, upToKey: upTo, limit: settings.pageSize, after });
      summary.itemsRead += page.itemsRead;
      summary.found += page.refs.length;
      noteDue(page.refs);
      await workOnAll(page.refs);
      after = page.next;
    } while (after !== undefined);
  }
  return summary;
}

/** Works on `items` with at most `limit` at a time. */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}
