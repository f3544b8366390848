import type { NewDueWork } from './due-work.ts';
import type { Pairing } from './pairing.ts';

export type CreateOutcome =
  | { outcome: 'created' }
  | { outcome: 'repeated-request'; pairingId: string }
  | { outcome: 'already-paired'; pairingId: string }
  | { outcome: 'mentor-at-capacity' };

export interface PairingListEntry {
  id: string;
  status: Pairing['status'];
  mentorName: string;
  mentorEmail: string;
  menteeName: string;
  menteeEmail: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredPairing {
  pairing: Pairing;
  /** Optimistic-lock counter: a save succeeds only if nobody saved in between. */
  revision: number;
}

/** Port: pairings, their uniqueness rules and their outbox of due work, changed atomically. */
export interface PairingStore {
  create(
    pairing: Pairing,
    options: { idempotencyKey?: string; mentorCapacity: number; work: NewDueWork[] },
  ): Promise<CreateOutcome>;
  /**
   * Many new pairings in few writes, each with the same guarantees as `create`; a pairing that
   * could not be stored with the others is answered 'alone', for `create` to store and explain.
   */
  createMany(
    entries: { pairing: Pairing; idempotencyKey?: string; work: NewDueWork[] }[],
    mentorCapacity: number,
  ): Promise<('created' | 'alone')[]>;
  get(id: string): Promise<StoredPairing | null>;
  /** The pairing a request with this idempotency key created (kept 24 hours), if any. */
  createdBy(idempotencyKey: string): Promise<string | null>;
  /** Every pairing of the hospital, newest first, for the administrators. */
  list(): Promise<PairingListEntry[]>;
  save(
    pairing: Pairing,
    expectedRevision: number,
    options: { work: NewDueWork[]; releaseOpenPairing: boolean },
  ): Promise<'saved' | 'conflict'>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A pairing's id in 22 characters (its UUID's 16 bytes, base64url), for the administrators'
 * links in emails: `/admin/p/<ref>` keeps the longest API Gateway URL's link under 100
 * characters, as every emailed link is. An id that is not a UUID stays as it is.
 */
export function pairingRef(id: string): string {
  if (!uuidPattern.test(id)) return id;
  return Buffer.from(id.replaceAll('-', ''), 'hex').toString('base64url');
}

/** The pairing id of a `pairingRef`. */
export function pairingIdOfRef(ref: string): string {
  if (!/^[A-Za-z0-9_-]{22}$/.test(ref)) return ref;
  const hex = Buffer.from(ref, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
