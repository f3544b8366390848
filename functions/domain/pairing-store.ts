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
