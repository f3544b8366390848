import type { HospitalConfig } from '#config/hospital-config';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { Partstat } from '#domain/inbound-mail';
import type { Meeting, MeetingStore } from '#domain/meeting';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import type { PairingTimeline } from '#domain/timeline';
import { renderDeclinedMeetingNote, renderInboundAlert } from '#templates/mail-in-emails';
import { programEmailWork } from './email-work.ts';
import { recountWork } from './program-counting.ts';

export interface AttendanceDependencies {
  meetings: MeetingStore;
  hospital: HospitalConfig;
  clock: Clock;
  /** Schedules work in the outbox and hands it to delivery. */
  outbox: (work: NewDueWork[]) => Promise<void>;
  timeline: PairingTimeline;
  /** Link to a meeting's reschedule/skip page for one party. */
  meetingLink: (claims: {
    pairingId: string;
    party: Party;
    version: number;
    meeting: number;
  }) => Promise<string>;
}

/**
 * An attendance answer, from a calendar reply or from the invite email's "I'll be there / I can't
 * make it" page: recorded on the meeting; a decline tells the other person (with a link to move
 * or skip the meeting), and a second decline in a row by the same person alerts the
 * administrators. `ref` makes the emails' outbox ids, so a repeated answer sends nothing more.
 */
export async function recordAttendanceAnswer(
  deps: AttendanceDependencies,
  pairing: Pairing,
  meeting: Meeting,
  party: Party,
  partstat: Partstat,
  ref: string,
): Promise<'saved' | 'conflict'> {
  const { hospital } = deps;
  const saved = await deps.meetings.setAttendance(meeting, party, partstat);
  const now = deps.clock.now();
  if (saved === 'conflict') return saved;
  await deps.timeline.record(pairing.id, {
    at: now.toISOString(),
    what: 'reply:attendance',
    who: party,
    detail: `${partstat.toLowerCase()} the meeting of ${meeting.date}`,
  });
  // The answer counts in the program's acceptance figures (the recount runs after this request).
  if (partstat !== 'DECLINED') {
    await deps.outbox([recountWork(pairing.id, now)]);
    return saved;
  }
  const other = otherParty(party);
  const link = await deps.meetingLink({
    pairingId: pairing.id,
    party: other,
    version: pairing.version,
    meeting: meeting.index,
  });
  const work = [
    programEmailWork(
      hospital,
      `declined-note:${ref}`,
      {
        kind: 'meeting-declined-note',
        to: [pairing[other].email],
        audit: { pairingId: pairing.id, to: other },
        ...renderDeclinedMeetingNote(hospital, pairing, meeting, party, link),
      },
      now,
    ),
  ];
  const previous =
    meeting.index > 0 ? await deps.meetings.get(pairing.id, meeting.index - 1) : null;
  if (previous?.attendance[party] === 'DECLINED') {
    work.push(
      programEmailWork(
        hospital,
        `two-declines:${ref}`,
        {
          kind: 'admin-alert-two-declines',
          to: hospital.administrators,
          audit: { pairingId: pairing.id, to: 'administrators' },
          ...renderInboundAlert(hospital, 'Two declined meetings in a row', [
            ['Pairing', pairing.id],
            ['Who declined', `${pairing[party].name} (${party})`],
            ['Meetings', `${previous.date} and ${meeting.date}`],
          ]),
        },
        now,
      ),
    );
  }
  await deps.outbox([...work, recountWork(pairing.id, now)]);
  return saved;
}
