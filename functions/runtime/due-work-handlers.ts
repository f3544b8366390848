import { checkinWorkKind } from '#domain/checkin';
import type { Mailer } from '#domain/outgoing-email';
import { attentionHandlers, checkinAnsweredCheck } from '#workflows/attention';
import { type DigestDependencies, digestWorkKind } from '#workflows/digest-schedule';
import type { DueWorkHandlers } from '#workflows/due-work-dispatcher';
import { emailWorkHandlers } from '#workflows/email-work';
import { type MeetingWorkDependencies, meetingWorkHandlers } from '#workflows/meeting-work';
import {
  askReviewIfDue,
  type PairingWorkDependencies,
  pairingWorkHandlers,
} from '#workflows/pairing-work';
import {
  agreementClockKind,
  agreementClockSteps,
  agreementClockWork,
} from '#workflows/pairing-workflow';

/**
 * Work kinds the dispatcher knows, by name. Features register theirs here. Work of an unknown
 * kind is parked and reported, never silently dropped.
 */
export function dueWorkHandlers(
  pairing: PairingWorkDependencies,
  meetings: MeetingWorkDependencies,
  mailer: Mailer,
  digest: DigestDependencies,
): DueWorkHandlers {
  const meetingHandlers = meetingWorkHandlers(meetings);
  const sendCheckin = meetingHandlers[checkinWorkKind];
  const handlers: DueWorkHandlers = {
    ...pairingWorkHandlers(pairing),
    ...meetingHandlers,
    // After a meeting: the frequency review when its turn has come (idempotent, so it goes first
    // and a retried check-in never asks twice), then the check-in.
    // A week later, the check whether it is the third check-in in a row without an answer.
    [checkinWorkKind]: async (work) => {
      const { pairingId, index, sequence } = work.payload as Record<string, number>;
      await askReviewIfDue(pairing, String(pairingId));
      await digest.schedule(
        checkinAnsweredCheck(
          String(pairingId),
          Number(index),
          Number(sequence),
          pairing.workflow.clock.now(),
        ),
      );
      await sendCheckin?.(work);
    },
    ...emailWorkHandlers(mailer),
    // The weekly digest's rendering (its chart's d3 and resvg) loads when a digest is due: a
    // Lambda bundle keeps it in a chunk of its own, out of the dispatcher's cold start.
    [digestWorkKind]: async (work, run) => {
      const { digestHandlers } = await import('#workflows/digest');
      return digestHandlers(digest)[digestWorkKind]?.(work, run);
    },
    ...attentionHandlers(digest),
  };
  return {
    ...handlers,
    // One step of the agreement's clock: the step does the work it stands for, then the next
    // step is stored, and handed to the outbox when already due, so a run that catches up goes
    // through the steps in order (no reminder after the expiry). The next is stored even when
    // this step failed, so one failing step never stops the clock; a step retried after a
    // failure stores it again, which changes nothing.
    [agreementClockKind]: async (work, run) => {
      const pairingId = String(work.payload.pairingId);
      const step = Number(work.payload.step);
      const proposedAt = new Date(String(work.payload.proposedAt));
      const stands = agreementClockSteps(pairingId, proposedAt)[step];
      const handler = stands && handlers[stands.kind];
      if (!stands || !handler) throw new Error(`no step ${step} in the agreement clock`);
      try {
        return await handler({ ...work, kind: stands.kind, payload: stands.payload }, run);
      } finally {
        const next = agreementClockWork(pairingId, step + 1, proposedAt);
        if (next && next.dueAt <= pairing.workflow.clock.now()) await meetings.outbox([next]);
        else if (next) await digest.schedule(next);
      }
    },
  };
}
