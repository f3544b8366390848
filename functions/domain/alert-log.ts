import type { OutgoingEmail } from './outgoing-email.ts';

/** An alert the administrators were emailed, kept for the admin page. */
export interface AlertEntry {
  at: string;
  kind: string;
  subject: string;
  text: string;
  /** The pairing the alert is about, when there is one (the dashboard links to it). */
  pairingId?: string;
}

/** Port: the administrators' alerts of the last weeks, newest first. */
export interface AlertLog {
  record(entry: AlertEntry): Promise<void>;
  recent(since: Date): Promise<AlertEntry[]>;
  /** Removes the entries whose text mentions any of `needles` (forgetting a person). */
  forget(needles: string[]): Promise<number>;
}

export const isAdministratorAlert = (email: OutgoingEmail) => email.kind.startsWith('admin-');

/** Every alert emailed to the administrators is also kept for the admin page (after sending). */
export function recordAlerts(log: AlertLog, now: () => Date) {
  return async (email: OutgoingEmail): Promise<void> => {
    if (!isAdministratorAlert(email)) return;
    await log.record({
      at: now().toISOString(),
      kind: email.kind,
      subject: email.subject,
      text: email.text.slice(0, 2000),
      ...(email.audit?.pairingId ? { pairingId: email.audit.pairingId } : {}),
    });
  };
}
