import type { HospitalConfig } from '#config/hospital-config';
import type { CheckinAnswer, CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { Meeting } from '#domain/meeting';
import type { OutgoingEmail } from '#domain/outgoing-email';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import type { PairingTimeline } from '#domain/timeline';
import {
  checkinAnswerLabels,
  renderCheckinAcknowledgement,
  renderCheckinAnswerNote,
  renderCheckinNote,
} from '#templates/mail-in-emails';
import { meetingWhen } from '#templates/meeting-emails';
import { renderAdministratorAlert } from '#templates/pairing-emails';
import { programEmailWork, workIdPart } from './email-work.ts';

export interface CheckinAnswerDependencies {
  checkins: Pick<CheckinStore, 'saveAnswer' | 'saveReply'>;
  hospital: HospitalConfig;
  clock: Clock;
  outbox: (work: NewDueWork[]) => Promise<void>;
  timeline: PairingTimeline;
}

/**
 * One person's answer to a check-in from its page: the answer (and any next steps) stored, a
 * thank-you to them, and the other person told, except for a request for help, which goes to the
 * program office alone (it may be about the other person). The emails' outbox ids are the
 * answer's, so a second click of the same answer sends nothing twice.
 */
export async function answerCheckin(
  deps: CheckinAnswerDependencies,
  pairing: Pairing,
  meeting: Meeting,
  party: Party,
  answer: CheckinAnswer,
  nextSteps?: string,
): Promise<void> {
  const now = deps.clock.now();
  await deps.checkins.saveAnswer(pairing.id, meeting.index, party, answer, now);
  if (nextSteps)
    await deps.checkins.saveReply({
      pairingId: pairing.id,
      meetingIndex: meeting.index,
      text: nextSteps,
      messageId: `checkin-page:${party}:${now.toISOString()}`,
      receivedAt: now.toISOString(),
      by: party,
    });
  const { hospital } = deps;
  const other = otherParty(party);
  const ref = workIdPart(`${pairing.id}:${meeting.index}:${party}:${answer}`);
  const send = (id: string, outgoing: Omit<OutgoingEmail, 'from'>) =>
    programEmailWork(hospital, id, outgoing, now);
  const emails = [
    send(`checkin-thanks:${ref}`, {
      kind: 'checkin-thanks',
      to: [pairing[party].email],
      audit: { pairingId: pairing.id, to: party },
      ...renderCheckinAcknowledgement(hospital, pairing, party, answer),
    }),
    answer === 'help'
      ? send(`checkin-help:${ref}`, {
          kind: 'admin-alert-checkin-help',
          to: hospital.administrators,
          ...renderAdministratorAlert(
            hospital,
            pairing,
            'checkin-help',
            `${pairing[party].name} (the ${party}) asked for help after the meeting on ${meetingWhen(meeting, pairing.expectations.timeZone)}.`,
          ),
          replyTo: pairing[party].email,
        })
      : send(`checkin-answer:${ref}`, {
          kind: 'checkin-answer',
          to: [pairing[other].email],
          audit: { pairingId: pairing.id, to: other },
          ...renderCheckinAnswerNote(hospital, pairing, meeting, party, answer),
        }),
  ];
  if (nextSteps && answer !== 'help')
    emails.push(
      send(`checkin-note:${ref}:${workIdPart(now.toISOString())}`, {
        kind: 'checkin-note',
        to: [pairing[other].email],
        audit: { pairingId: pairing.id, to: other },
        ...renderCheckinNote(hospital, pairing, meeting, nextSteps, party),
        replyTo: pairing[party].email,
      }),
    );
  await deps.outbox(emails);
  await deps.timeline.record(pairing.id, {
    at: now.toISOString(),
    what: 'answer:checkin',
    who: party,
    detail: `${checkinAnswerLabels[answer]} (meeting ${meeting.date})`,
  });
}
