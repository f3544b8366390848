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
import { emailWork, workIdPart } from './email-work.ts';

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
  const from = { name: hospital.branding.programName, address: hospital.senderAddress };
  const other = otherParty(party);
  const ref = workIdPart(`${pairing.id}:${meeting.index}:${party}:${answer}`);
  const send = (
    id: string,
    to: string[],
    kind: string,
    rendered: Omit<OutgoingEmail, 'from' | 'to' | 'kind'>,
    audit?: OutgoingEmail['audit'],
  ) => emailWork(id, { kind, from, to, ...rendered, ...(audit ? { audit } : {}) }, now);
  const emails = [
    send(
      `checkin-thanks:${ref}`,
      [pairing[party].email],
      'checkin-thanks',
      renderCheckinAcknowledgement(hospital, pairing, party, answer),
      { pairingId: pairing.id, to: party },
    ),
    answer === 'help'
      ? send(`checkin-help:${ref}`, hospital.administrators, 'admin-alert-checkin-help', {
          ...renderAdministratorAlert(
            hospital,
            pairing,
            'checkin-help',
            `${pairing[party].name} (the ${party}) asked for help after the meeting on ${meetingWhen(meeting, pairing.expectations.timeZone)}.`,
          ),
          replyTo: pairing[party].email,
        })
      : send(
          `checkin-answer:${ref}`,
          [pairing[other].email],
          'checkin-answer',
          renderCheckinAnswerNote(hospital, pairing, meeting, party, answer),
          { pairingId: pairing.id, to: other },
        ),
  ];
  if (nextSteps && answer !== 'help')
    emails.push(
      send(
        `checkin-note:${ref}:${workIdPart(now.toISOString())}`,
        [pairing[other].email],
        'checkin-note',
        {
          ...renderCheckinNote(hospital, pairing, meeting, nextSteps, party),
          replyTo: pairing[party].email,
        },
        { pairingId: pairing.id, to: other },
      ),
    );
  await deps.outbox(emails);
  await deps.timeline.record(pairing.id, {
    at: now.toISOString(),
    what: 'answer:checkin',
    who: party,
    detail: `${checkinAnswerLabels[answer]} (meeting ${meeting.date})`,
  });
}
