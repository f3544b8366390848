import type { Clock } from '#domain/clock';
import {
  afterFailure,
  type ClaimedWork,
  type DueWorkRef,
  type NewDueWork,
  upperDueKey,
} from '#domain/due-work';

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
  complete(work: ClaimedWork, now: Date): Promise<void>;
  retryLater(work: ClaimedWork, dueAt: Date, error: string, now: Date): Promise<void>;
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
}

export type DueWorkHandler = (work: ClaimedWork, run?: RunScope) => Promise<void>;
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
  };
  const realNow = deps.realNow ?? Date.now;
  const pastDeadline = () => deps.deadlineMs !== undefined && realNow() >= deps.deadlineMs;

  const park = async (work: ClaimedWork, error: string) => {
    await store.park(work, error, clock.now());
    summary.parked++;
    summary.parkedItems.push({ id: work.id, kind: work.kind, attempts: work.attempts, error });
    await deps.onParked?.(work, error);
  };

  const workOn = async (ref: DueWorkRef) => {
    const work = await store.claim(ref, now, new Date(now.getTime() + settings.leaseMs));
    if (work === null) {
      summary.skipped++;
      return;
    }
    summary.claimed++;
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
    try {
      await handler(work, run);
    } catch (error) {
      const message = describeError(error);
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
    await store.complete(work, clock.now());
    summary.done++;
  };

  const noteDue = (refs: readonly DueWorkRef[]) => {
    for (const ref of refs) {
      const dueAt = ref.dueKey.slice(0, ref.dueKey.indexOf('#'));
      if (summary.oldestDueAt === undefined || dueAt < summary.oldestDueAt)
        summary.oldestDueAt = dueAt;
    }
  };

  const workOnSafely = async (ref: DueWorkRef) => {
    if (pastDeadline()) {
      summary.deferred++;
      summary.stoppedAtDeadline = true;
      return;
    }
    try {
      await workOn(ref);
    } catch (error) {
      // A storage failure (after the SDK's own retries) leaves the item due or leased; the next
      // run picks it up. It must not stop the other items.
      summary.errors++;
      deps.onStorageError?.(ref, error);
    }
  };

  if (deps.only) {
    // Only what is due: a transition may also schedule work for later (a resume on a date).
    const due = deps.only.filter((ref) => ref.dueKey <= upTo);
    summary.found = due.length;
    noteDue(due);
    await runWithConcurrency(due, settings.concurrency, workOnSafely);
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
      await runWithConcurrency(page.refs, settings.concurrency, workOnSafely);
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
