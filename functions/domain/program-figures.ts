import { type CheckinRecord, wantsCheckin } from './checkin.ts';
import type { Meeting } from './meeting.ts';

/*
 * One definition of a meeting planned, held and answered (issue 16), used by the closing email,
 * the weekly digest, the CSV export and the frequency review: the closing email once said 0
 * meetings while the CSV counted cancelled ones as planned.
 */

/** Planned: in the calendar, not cancelled (skipped, paused, moved and ended ones are not). */
export function isPlanned(meeting: Pick<Meeting, 'status'>): boolean {
  return meeting.status !== 'cancelled';
}

/**
 * Held: planned and over, not declined by both, and not reported "we didn't meet" unless the
 * other person reported that they met.
 */
export function isHeld(
  meeting: Pick<Meeting, 'status' | 'end' | 'attendance' | 'index'>,
  now: number,
  checkin?: Pick<CheckinRecord, 'answers'>,
): boolean {
  // The rule that decides a check-in: not cancelled, not declined by both.
  if (!wantsCheckin(meeting) || Date.parse(meeting.end) > now) return false;
  const answers = Object.values(checkin?.answers ?? {});
  return !(answers.includes('not-met') && !answers.includes('met'));
}

/** Answered: someone replied with text (erased or not) or tapped an answer. */
export function isAnswered(checkin: Pick<CheckinRecord, 'text' | 'answers' | 'erased'>): boolean {
  return (
    Boolean(checkin.text) || checkin.erased === true || Object.keys(checkin.answers).length > 0
  );
}

export interface MeetingFigures {
  planned: number;
  held: number;
  /** Hours of the held meetings, to one decimal. */
  hours: number;
  checkinsAnswered: number;
}

export function meetingFigures(
  meetings: readonly Pick<Meeting, 'status' | 'start' | 'end' | 'attendance' | 'index'>[],
  checkins: readonly CheckinRecord[],
  now: number,
): MeetingFigures {
  const byMeeting = new Map(checkins.map((c) => [c.meetingIndex, c]));
  const held = meetings.filter((m) => isHeld(m, now, byMeeting.get(m.index)));
  const minutes = held.reduce(
    (sum, m) => sum + (Date.parse(m.end) - Date.parse(m.start)) / 60_000,
    0,
  );
  return {
    planned: meetings.filter(isPlanned).length,
    held: held.length,
    hours: Math.round((minutes / 60) * 10) / 10,
    checkinsAnswered: checkins.filter(isAnswered).length,
  };
}
