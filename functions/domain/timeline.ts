import type { OutgoingEmail } from './outgoing-email.ts';
import type { StorageWrite } from './storage-write.ts';

/**
 * What happened to a pairing besides its own state changes (which its history holds): each email
 * sent about it, and each reply received. Together they make the administrators' timeline.
 * Entries name people by role, never by address.
 */
export interface TimelineEntry {
  at: string;
  /** `email:<kind>` for an email sent, `reply:<kind>` for one received. */
  what: string;
  who?: string;
  detail?: string;
}

/** Port: the pairing's log of emails and replies. */
export interface PairingTimeline {
  record(pairingId: string, entry: TimelineEntry): Promise<void>;
  /** The same entry as a write for another store's transaction. */
  recordWrite(pairingId: string, entry: TimelineEntry): StorageWrite;
  list(pairingId: string): Promise<TimelineEntry[]>;
}

/** Each email that carries `audit` goes on its pairing's timeline (after sending). */
export function recordOnTimeline(timeline: PairingTimeline, now: () => Date) {
  return async (email: OutgoingEmail): Promise<void> => {
    if (!email.audit) return;
    await timeline.record(email.audit.pairingId, sentEmailEntry(email.kind, email.audit.to, now()));
  };
}

/** The entry of one email sent about a pairing. */
export function sentEmailEntry(kind: string, to: string, at: Date): TimelineEntry {
  return { at: at.toISOString(), what: `email:${kind}`, who: to };
}
