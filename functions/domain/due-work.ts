/**
 * Due work: something Tandem must do at or after a moment (send an agreement reminder, an
 * invite, a check-in, end a term). Pure rules only; storage lives in an adapter.
 */

export type DueWorkStatus = 'pending' | 'claimed' | 'done' | 'parked';

export interface NewDueWork {
  /** Stable id chosen by the caller, so scheduling the same work twice stores it once. */
  id: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export interface DueWork extends NewDueWork {
  status: DueWorkStatus;
  /** How many times a dispatcher has claimed it, this claim included. */
  attempts: number;
  lastError?: string;
}

/** A claimed item, with the lease key that proves the claim when completing or releasing it. */
export interface ClaimedWork extends DueWork {
  leaseKey: string;
}

/** A GSI hit: only keys are projected, the item itself is read when claimed. */
export interface DueWorkRef {
  id: string;
  dueKey: string;
}

const idPattern = /^[A-Za-z0-9_.:-]{1,200}$/;

export function assertValidWorkId(id: string): void {
  if (!idPattern.test(id)) {
    throw new Error(`due work id "${id}" must be 1-200 characters of letters, digits, _ . : -`);
  }
}

/**
 * Sort key on the due index. ISO-8601 UTC strings of the same length sort in time order, and the
 * id suffix keeps keys unique. `#` sorts before every id character, so `dueKey <= upperDueKey(now)`
 * selects exactly the items due at or before `now`.
 */
export function dueKeyFor(dueAt: Date, id: string): string {
  return `${dueAt.toISOString()}#${id}`;
}

/** The due-index references of new work (id and due key), for a run over just these items. */
export function refsFor(work: readonly NewDueWork[]): DueWorkRef[] {
  return work.map((w) => ({ id: w.id, dueKey: dueKeyFor(w.dueAt, w.id) }));
}

export function upperDueKey(now: Date): string {
  return `${now.toISOString()}#\uffff`;
}

/**
 * Write sharding: items spread over `shardCount` partitions of the due index so that a burst of
 * work due at the same minute does not pile onto one hot partition. FNV-1a is tiny, stable across
 * runtimes and good enough for spreading ids; no library needed for 6 lines.
 */
export function shardFor(id: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shardCount;
}

/** Exponential backoff for a failed attempt: 1, 2, 4, 8 … minutes, capped at 6 hours. */
export function retryDelayMs(attempts: number): number {
  const minutes = 2 ** Math.max(0, attempts - 1);
  return Math.min(minutes, 360) * 60_000;
}

export type AfterFailure = { action: 'retry'; dueAt: Date } | { action: 'park' };

export function afterFailure(attempts: number, maxAttempts: number, now: Date): AfterFailure {
  if (attempts >= maxAttempts) return { action: 'park' };
  return { action: 'retry', dueAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
