import type { Mailer, OutgoingEmail } from './outgoing-email.ts';

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
  list(pairingId: string): Promise<TimelineEntry[]>;
}

/** Records each email that carries `audit` on its pairing's timeline, after it was sent. */
export class TimelineMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly timeline: PairingTimeline,
    private readonly now: () => Date,
    private readonly onRecordError: (error: unknown) => void,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const sent = await this.inner.send(email);
    if (email.audit) {
      await this.timeline
        .record(email.audit.pairingId, {
          at: this.now().toISOString(),
          what: `email:${email.kind}`,
          who: email.audit.to,
        })
        .catch(this.onRecordError);
    }
    return sent;
  }
}
