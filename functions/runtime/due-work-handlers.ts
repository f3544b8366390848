import { checkinWorkKind } from '#domain/checkin';
import type { Mailer } from '#domain/outgoing-email';
import { attentionHandlers, checkinAnsweredCheck } from '#workflows/attention';
import { type DigestDependencies, digestHandlers } from '#workflows/digest';
import type { DueWorkHandlers } from '#workflows/due-work-dispatcher';
import { emailWorkHandlers } from '#workflows/email-work';
import { type MeetingWorkDependencies, meetingWorkHandlers } from '#workflows/meeting-work';
import {
  askReviewIfDue,
  type PairingWorkDependencies,
  pairingWorkHandlers,
} from '#workflows/pairing-work';

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
  return {
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
    ...digestHandlers(digest),
    ...attentionHandlers(digest),
  };
}
