import type { CheckinStore, CheckinTokens } from '#domain/checkin';
import {
  type Classified,
  classifyInbound,
  type InboundMailStore,
  type InboundMessage,
  type InboundOutcome,
  maxKeptRecipients,
  type OrganizationalDomain,
  senderTrust,
} from '#domain/inbound-mail';
import type { OutgoingEmail } from '#domain/outgoing-email';
import { otherParty, parties } from '#domain/pairing';
import type { PairingStore } from '#domain/pairing-store';
import {
  renderCheckinAcknowledgement,
  renderCheckinNote,
  renderInboundAlert,
} from '#templates/mail-in-emails';
import { type AttendanceDependencies, recordAttendanceAnswer } from './attendance.ts';
import { programEmailWork, workIdPart } from './email-work.ts';

/** Mail in: what reading replies needs, on top of recording an attendance answer. */
export interface InboundDependencies extends AttendanceDependencies {
  inboundStore: InboundMailStore;
  checkins: CheckinStore;
  tokens: CheckinTokens;
  pairings: PairingStore;
  /** Only the embedded runtime accepts mail without SES verdicts (nothing checked it there). */
  acceptUnverified: boolean;
  /** DMARC's organizational domain of a domain (the Public Suffix List). */
  organizationalDomain: OrganizationalDomain;
}

export interface InboundResult {
  kind: Classified['kind'];
  outcome: InboundOutcome;
  reason?: string;
  duplicate: boolean;
  /** The pairing the mail was about, when known (a correlation id for logs). */
  pairingId?: string;
}

const meetingUidPattern = /^tandem-(.+)-m(\d+)@/;

/**
 * One received message: classify it, act on it if it is trusted, and record it once. Acting
 * comes first and is idempotent (same message → same writes, same outbox ids), so a duplicate
 * delivery, or a retry after a failure, changes nothing more.
 */
export async function processInbound(
  deps: InboundDependencies,
  message: InboundMessage,
): Promise<InboundResult> {
  const { hospital } = deps;
  const classified = classifyInbound(message, hospital.replyDomain);
  const now = deps.clock.now();
  const ref = workIdPart(message.messageId);
  const email = (id: string, outgoing: Omit<OutgoingEmail, 'from'>) =>
    programEmailWork(hospital, id, outgoing, now);

  const finish = async (
    outcome: InboundOutcome,
    reason?: string,
    detail: Record<string, unknown> = {},
  ) => {
    const recorded = await deps.inboundStore.recordOnce(message, {
      kind: classified.kind,
      outcome,
      ...(reason ? { reason } : {}),
      detail,
    });
    return {
      kind: classified.kind,
      outcome,
      ...(reason ? { reason } : {}),
      ...(typeof detail.pairingId === 'string' ? { pairingId: detail.pairingId } : {}),
      duplicate: recorded === 'duplicate',
    };
  };

  const quarantine = async (reason: string) => {
    await deps.outbox([
      email(`quarantine:${ref}`, {
        kind: 'admin-alert-quarantine',
        to: hospital.administrators,
        ...renderInboundAlert(hospital, 'A reply was quarantined', [
          ['Reason', reason],
          ['From', message.from.address],
          ['To', message.recipients.join(', ')],
          ['Subject', message.subject],
          ['Message-ID', message.messageId],
          ['Stored as', message.receiptId],
        ]),
      }),
    ]);
    return finish('quarantined', reason);
  };

  switch (classified.kind) {
    case 'auto-reply':
      return finish('ignored', classified.reason);
    case 'unknown':
      return finish('flagged', 'not a check-in or calendar reply');
    case 'checkin-reply': {
      const grantId = deps.tokens.verify(classified.token);
      if (!grantId) return quarantine('the reply address carries a token that does not verify');
      const grant = await deps.checkins.getGrant(grantId);
      if (!grant) return quarantine('the reply address is for a check-in Tandem does not know');
      if (Date.parse(grant.validUntil) < now.getTime())
        return quarantine('the check-in reply address has expired');
      const by = grant.party ?? 'mentee';
      if (message.from.address !== grant.email) {
        return quarantine(
          `the sender ${message.from.address} is not the ${by} the check-in was sent to`,
        );
      }
      const trust = await senderTrust(message, deps.acceptUnverified, deps.organizationalDomain);
      if (!trust.authenticated) return quarantine(`the sender is not proven: ${trust.reason}`);
      if (!classified.text) return finish('ignored', 'the reply has no new text');
      const [stored, meeting] = await Promise.all([
        deps.pairings.get(grant.pairingId),
        deps.meetings.get(grant.pairingId, grant.meetingIndex),
      ]);
      if (!stored || !meeting) return quarantine('the pairing or meeting no longer exists');
      const { pairing } = stored;
      await deps.checkins.saveReply({
        pairingId: pairing.id,
        meetingIndex: meeting.index,
        text: classified.text,
        messageId: message.messageId,
        receivedAt: message.receivedAt.toISOString(),
        by,
      });
      // The other person reads the next steps (a reply reaches the writer: Reply-To), and the
      // writer hears that they arrived.
      const other = otherParty(by);
      await deps.outbox([
        email(`checkin-note:${ref}`, {
          kind: 'checkin-note',
          to: [pairing[other].email],
          audit: { pairingId: pairing.id, to: other },
          ...renderCheckinNote(hospital, pairing, meeting, classified.text, by),
          replyTo: pairing[by].email,
        }),
        email(`checkin-thanks:${ref}`, {
          kind: 'checkin-thanks',
          to: [pairing[by].email],
          audit: { pairingId: pairing.id, to: by },
          ...renderCheckinAcknowledgement(hospital, pairing, by, 'reply'),
        }),
      ]);
      await deps.timeline.record(pairing.id, {
        at: message.receivedAt.toISOString(),
        what: 'reply:checkin',
        who: by,
        detail: `meeting ${meeting.date}`,
      });
      return finish('recorded', undefined, { pairingId: pairing.id, meetingIndex: meeting.index });
    }
    case 'calendar-reply': {
      const match = meetingUidPattern.exec(classified.uid);
      if (!match?.[1] || !match[2])
        return quarantine(
          `the calendar reply is for an event Tandem did not send (${classified.uid})`,
        );
      const [stored, meeting] = await Promise.all([
        deps.pairings.get(match[1]),
        deps.meetings.get(match[1], Number(match[2])),
      ]);
      if (!stored || !meeting || meeting.uid !== classified.uid)
        return quarantine('the calendar reply is for an unknown meeting');
      const { pairing } = stored;
      const party = parties.find((p) => pairing[p].email === classified.attendee);
      if (!party)
        return quarantine(
          `the attendee ${classified.attendee} is not one of the meeting's parties`,
        );
      if (classified.attendee !== message.from.address) {
        return quarantine(
          `the attendee ${classified.attendee} differs from the sender ${message.from.address}`,
        );
      }
      const trust = await senderTrust(message, deps.acceptUnverified, deps.organizationalDomain);
      if (!trust.authenticated) return quarantine(`the sender is not proven: ${trust.reason}`);
      if (classified.sequence < meeting.sequence)
        return finish('ignored', 'a reply to an older version of the meeting');
      if (meeting.status === 'cancelled') return finish('ignored', 'the meeting was cancelled');

      await recordAttendanceAnswer(deps, pairing, meeting, party, classified.partstat, ref);
      return finish('recorded', undefined, {
        pairingId: pairing.id,
        meetingIndex: meeting.index,
        partstat: classified.partstat,
      });
    }
  }
}

/**
 * A message no parser could read: recorded once under its receipt id, flagged for the
 * administrators, acted on never.
 */
export async function recordUnreadable(
  deps: Pick<InboundDependencies, 'inboundStore'>,
  receipt: { receiptId: string; envelopeFrom: string; recipients: string[]; receivedAt: Date },
  problem: string,
): Promise<InboundResult> {
  const message: InboundMessage = {
    messageId: `<receipt-${receipt.receiptId}@unreadable.invalid>`,
    receiptId: receipt.receiptId,
    from: { address: receipt.envelopeFrom.toLowerCase().slice(0, 320), name: '' },
    recipients: receipt.recipients.slice(0, maxKeptRecipients),
    subject: '',
    headers: {},
    text: '',
    calendars: [],
    receivedAt: receipt.receivedAt,
  };
  const reason = `the message could not be read (${problem}); it is kept for the administrators`;
  const recorded = await deps.inboundStore.recordOnce(message, {
    kind: 'unknown',
    outcome: 'flagged',
    reason,
  });
  return { kind: 'unknown', outcome: 'flagged', reason, duplicate: recorded === 'duplicate' };
}
