import { type DigestDependencies, digestHandlers } from '#domain/digest';
import type { DueWorkHandlers } from '#domain/due-work-dispatcher';
import { emailWorkHandlers } from '#domain/email-work';
import { type MeetingWorkDependencies, meetingWorkHandlers } from '#domain/meeting-work';
import type { Mailer } from '#domain/outgoing-email';
import { type PairingWorkDependencies, pairingWorkHandlers } from '#domain/pairing-work';

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
  return {
    ...pairingWorkHandlers(pairing),
    ...meetingWorkHandlers(meetings),
    ...emailWorkHandlers(mailer),
    ...digestHandlers(digest),
  };
}
