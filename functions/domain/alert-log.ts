import type { Mailer, OutgoingEmail } from './outgoing-email.ts';

/** An alert the administrators were emailed, kept for the admin page. */
export interface AlertEntry {
  at: string;
  kind: string;
  subject: string;
  text: string;
}

/** Port: the administrators' alerts of the last weeks, newest first. */
export interface AlertLog {
  record(entry: AlertEntry): Promise<void>;
  recent(since: Date): Promise<AlertEntry[]>;
  /** Removes the entries whose text mentions any of `needles` (forgetting a person). */
  forget(needles: string[]): Promise<number>;
}

export const isAdministratorAlert = (email: OutgoingEmail) => email.kind.startsWith('admin-');

/**
 * Every alert emailed to the administrators is also shown on the admin page: this mailer records
 * each one after it was sent. A failed record is logged, not retried: the email went out, and a
 * retry would send it again.
 */
export class AlertLoggingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly log: AlertLog,
    private readonly now: () => Date,
    private readonly onRecordError: (error: unknown) => void,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const sent = await this.inner.send(email);
    if (isAdministratorAlert(email)) {
      await this.log
        .record({
          at: this.now().toISOString(),
          kind: email.kind,
          subject: email.subject,
          text: email.text.slice(0, 2000),
        })
        .catch(this.onRecordError);
    }
    return sent;
  }
}
