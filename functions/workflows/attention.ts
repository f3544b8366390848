import type { NewDueWork } from '#domain/due-work';
import type { Meeting } from '#domain/meeting';
import { type OutgoingEmail, programSender } from '#domain/outgoing-email';
import { isOpen, type Pairing, parties } from '#domain/pairing';
import { renderAdministratorAlert } from '#templates/pairing-emails';
import type { DigestDependencies } from './digest-schedule.ts';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';

/**
 * Checks that reach the administrators when a relationship needs a word from them. Each is one
 * due-work item at the moment it could first be true; when it runs it looks at the facts again
 * and alerts only if they still hold.
 */
export const attentionCheckKind = 'attention-check';
export type AttentionAlert = 'pending-agreement' | 'no-first-meeting' | 'checkins-unanswered';

const day = 86_400_000;
export const pendingAgreementDays = 7;
export const firstMeetingWithinDays = 42;
export const unansweredCheckinsInARow = 3;
export const checkinAnswerDays = 7;

export function pendingAgreementCheck(pairingId: string, now: Date): NewDueWork {
  return {
    id: `${attentionCheckKind}:${pairingId}:pending-agreement`,
    kind: attentionCheckKind,
    dueAt: new Date(now.getTime() + pendingAgreementDays * day),
    payload: { pairingId, alert: 'pending-agreement' },
  };
}

export function firstMeetingCheck(pairing: Pairing, agreedAt: Date): NewDueWork {
  return {
    id: `${attentionCheckKind}:${pairing.id}:no-first-meeting`,
    kind: attentionCheckKind,
    dueAt: new Date(agreedAt.getTime() + firstMeetingWithinDays * day),
    payload: { pairingId: pairing.id, alert: 'no-first-meeting' },
  };
}

/** A week after a check-in is sent: is it the third unanswered in a row? */
export function checkinAnsweredCheck(
  pairingId: string,
  meetingIndex: number,
  sequence: number,
  sentAt: Date,
): NewDueWork {
  return {
    id: `${attentionCheckKind}:${pairingId}:checkin-${meetingIndex}-s${sequence}`,
    kind: attentionCheckKind,
    dueAt: new Date(sentAt.getTime() + checkinAnswerDays * day),
    payload: { pairingId, alert: 'checkins-unanswered', meetingIndex },
  };
}

/** A meeting counts as held when it was not cancelled, is over, and nobody declined it. */
export function wasHeld(meeting: Meeting, now: Date): boolean {
  return (
    meeting.status === 'scheduled' &&
    Date.parse(meeting.end) <= now.getTime() &&
    meeting.attendance.mentor !== 'DECLINED' &&
    meeting.attendance.mentee !== 'DECLINED'
  );
}

export interface AttentionFacts {
  pairing: Pairing;
  meetings: Meeting[];
  /** Meeting indices of the check-ins sent, and of those answered. */
  checkinsSent: number[];
  checkinsAnswered: number[];
  now: Date;
}

/** The alert's detail when it holds, else null. Pure. */
export function attentionDetail(
  alert: AttentionAlert,
  facts: AttentionFacts,
  meetingIndex?: number,
): string | null {
  const { pairing, now } = facts;
  switch (alert) {
    case 'pending-agreement': {
      if (!isOpen(pairing)) return null;
      const waiting = parties.filter((p) => pairing.agreedVersion[p] !== pairing.version);
      return `Proposed ${pairing.createdAt.slice(0, 10)}; still waiting on the ${waiting.join(' and the ')} (version ${pairing.version}).`;
    }
    case 'no-first-meeting': {
      if (pairing.status !== 'active' || !pairing.agreedAt) return null;
      if (facts.meetings.some((m) => wasHeld(m, now))) return null;
      return `Agreed ${pairing.agreedAt.slice(0, 10)}; no meeting held in the ${firstMeetingWithinDays / 7} weeks since (cancelled, declined or not yet due).`;
    }
    case 'checkins-unanswered': {
      if (pairing.status !== 'active' || meetingIndex === undefined) return null;
      const answered = new Set(facts.checkinsAnswered);
      const sent = facts.checkinsSent.filter((i) => i <= meetingIndex).sort((a, b) => b - a);
      if (sent[0] !== meetingIndex) return null;
      let streak = 0;
      while (streak < sent.length && !answered.has(sent[streak] as number)) streak++;
      // Once per three: the third, sixth, … unanswered in a row.
      if (streak === 0 || streak % unansweredCheckinsInARow !== 0) return null;
      return `The last ${streak} check-ins sent to ${pairing.mentee.name} have had no reply.`;
    }
  }
}

/** The program's stores and mail, as the weekly digest reads them (without its scheduling). */
export type AttentionDependencies = Omit<DigestDependencies, 'schedule'>;

export function attentionHandlers(deps: AttentionDependencies): DueWorkHandlers {
  return {
    [attentionCheckKind]: async (work) => {
      const pairingId = String(work.payload.pairingId);
      const alert = work.payload.alert as AttentionAlert;
      const stored = await deps.pairings.get(pairingId);
      if (!stored) return;
      const [meetings, checkinsSent, checkinsAnswered] = await Promise.all([
        deps.meetings.list(pairingId),
        deps.checkins.sentCheckins(pairingId),
        deps.checkins.answeredCheckins(pairingId),
      ]);
      const detail = attentionDetail(
        alert,
        {
          pairing: stored.pairing,
          meetings,
          checkinsSent,
          checkinsAnswered,
          now: deps.clock.now(),
        },
        typeof work.payload.meetingIndex === 'number' ? work.payload.meetingIndex : undefined,
      );
      if (!detail) return;
      const email: OutgoingEmail = {
        kind: `admin-alert-${alert}`,
        from: programSender(deps.hospital),
        to: deps.hospital.administrators,
        audit: { pairingId, to: 'administrators' },
        ...renderAdministratorAlert(deps.hospital, stored.pairing, alert, detail),
      };
      await deps.mailer.send(email);
    },
  };
}
