import type { HospitalConfig } from '#config/hospital-config';
import type { Clock } from '#domain/clock';
import { type Mailer, type OutgoingEmail, programSender } from '#domain/outgoing-email';
import { pause, type Transition } from '#domain/pairing';
import type { PairingStore } from '#domain/pairing-store';
import { renderInboundAlert } from '#templates/mail-in-emails';

/** Port: addresses Tandem must never write to again (hard bounce, complaint) until cleared. */
export interface SuppressionStore {
  isSuppressed(email: string): Promise<boolean>;
  /** Every undeliverable address, lower-cased (one read, for a dispatcher run's invites). */
  listSuppressed(): Promise<Set<string>>;
  suppress(email: string, reason: string, at: Date): Promise<'suppressed' | 'already'>;
  clear(email: string): Promise<void>;
}

/** The part of an SES event (EventBridge `detail`, or SNS message) Tandem reads. */
export interface SesSendingEvent {
  eventType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/** Hard bounces and complaints name addresses to stop; soft (transient) bounces do not. */
export function undeliverableAddresses(
  event: SesSendingEvent,
): { emails: string[]; reason: string } | null {
  if (event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    const emails = (event.bounce.bouncedRecipients ?? [])
      .map((r) => r.emailAddress?.toLowerCase() ?? '')
      .filter(Boolean);
    return { emails, reason: 'hard bounce' };
  }
  if (event.eventType === 'Complaint') {
    const emails = (event.complaint?.complainedRecipients ?? [])
      .map((r) => r.emailAddress?.toLowerCase() ?? '')
      .filter(Boolean);
    return { emails, reason: 'spam complaint' };
  }
  return null;
}

export interface DeliverabilityDependencies {
  suppressions: SuppressionStore;
  pairings: PairingStore;
  hospital: HospitalConfig;
  clock: Clock;
  mailer: Mailer;
  /** Applies a transition to a pairing (optimistic locking and outbox included). */
  act: (
    pairingId: string,
    decide: (p: import('#domain/pairing').Pairing, now: Date) => Transition,
  ) => Promise<unknown>;
}

/**
 * A hard bounce or a complaint: the address is marked undeliverable (nothing is sent to it again
 * until an administrator clears it), its running pairings are paused, the administrators told.
 */
export async function handleSesEvent(
  deps: DeliverabilityDependencies,
  event: SesSendingEvent,
): Promise<string[]> {
  const found = undeliverableAddresses(event);
  if (!found) return [];
  const now = deps.clock.now();
  const marked: string[] = [];
  for (const email of found.emails) {
    if ((await deps.suppressions.suppress(email, found.reason, now)) === 'already') continue;
    marked.push(email);
    const affected = (await deps.pairings.list()).filter(
      (p) => (p.mentorEmail === email || p.menteeEmail === email) && p.status === 'active',
    );
    for (const entry of affected)
      await deps.act(entry.id, (p, at) => pause(p, 'program', undefined, at));
    const { hospital } = deps;
    await deps.mailer.send({
      kind: 'admin-alert-undeliverable',
      from: programSender(hospital),
      to: hospital.administrators,
      ...renderInboundAlert(hospital, `An address stopped receiving mail (${found.reason})`, [
        ['Address', email],
        [
          'Pairings paused',
          affected.map((p) => `${p.mentorName} → ${p.menteeName}`).join('; ') || 'none',
        ],
        [
          'What now',
          'Nothing is sent to this address until an administrator clears it on the admin page.',
        ],
      ]),
    });
  }
  return marked;
}

/** Sends only to recipients that are not suppressed; with none left, sends nothing. */
export class SuppressionAwareMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly suppressions: SuppressionStore,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (email.suppressionChecked) return this.inner.send(email);
    const allowed: string[] = [];
    for (const to of email.to)
      if (!(await this.suppressions.isSuppressed(to.toLowerCase()))) allowed.push(to);
    if (allowed.length === 0) return { messageId: 'suppressed' };
    return this.inner.send({ ...email, to: allowed });
  }
}
