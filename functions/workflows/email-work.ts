import { createHash } from 'node:crypto';
import type { HospitalConfig } from '#config/hospital-config';
import type { NewDueWork } from '#domain/due-work';
import { type Mailer, type OutgoingEmail, programSender } from '#domain/outgoing-email';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';

/** A ready email in the outbox: sent by the dispatcher, retried on failure, never twice. */
export const emailWorkKind = 'send-email';

/** A work id from any text (a Message-ID has characters ids may not hold). */
export function workIdPart(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export function emailWork(id: string, email: OutgoingEmail, dueAt: Date): NewDueWork {
  return { id: `${emailWorkKind}:${id}`, kind: emailWorkKind, dueAt, payload: { email } };
}

/** An email from the program's sender identity, as outbox work. */
export function programEmailWork(
  hospital: HospitalConfig,
  id: string,
  email: Omit<OutgoingEmail, 'from'>,
  dueAt: Date,
): NewDueWork {
  return emailWork(id, { from: programSender(hospital), ...email }, dueAt);
}

export function emailWorkHandlers(mailer: Mailer): DueWorkHandlers {
  return {
    [emailWorkKind]: async (work) => {
      await mailer.send(work.payload.email as OutgoingEmail);
    },
  };
}
