import { type CheckinRecord, wantsCheckin } from './checkin.ts';
import type { Meeting } from './meeting.ts';
import type { Pairing } from './pairing.ts';

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

/** The academic year a date falls in, named by its two calendar years ("2026–27"). */
export function academicYear(date: string, startMonth: number): string {
  const year = Number(date.slice(0, 4));
  const first = Number(date.slice(5, 7)) >= startMonth ? year : year - 1;
  return startMonth === 1 ? String(first) : `${first}–${String(first + 1).slice(2)}`;
}

export interface MentorHoursRow {
  mentorName: string;
  mentorEmail: string;
  academicYear: string;
  /** Mentees with at least one meeting held with this mentor that year. */
  mentees: number;
  meetingsHeld: number;
  hours: number;
}

/**
 * Each mentor's held meetings and hours per academic year (faculty credit and promotion
 * dossiers): held by the one definition above, counted in the year of the meeting's date.
 * Sorted by year, then mentor.
 */
export function mentorHours(
  pairings: readonly {
    pairing: Pick<Pairing, 'id' | 'mentor' | 'mentee'>;
    meetings: readonly Meeting[];
    checkins?: readonly CheckinRecord[];
  }[],
  startMonth: number,
  now: number,
): MentorHoursRow[] {
  const rows = new Map<string, MentorHoursRow & { menteeSet: Set<string>; minutes: number }>();
  for (const { pairing, meetings, checkins = [] } of pairings) {
    const byMeeting = new Map(checkins.map((c) => [c.meetingIndex, c]));
    for (const meeting of meetings) {
      if (!isHeld(meeting, now, byMeeting.get(meeting.index))) continue;
      const year = academicYear(meeting.date, startMonth);
      const key = `${year}\n${pairing.mentor.email.toLowerCase()}`;
      const row = rows.get(key) ?? {
        mentorName: pairing.mentor.name,
        mentorEmail: pairing.mentor.email,
        academicYear: year,
        mentees: 0,
        meetingsHeld: 0,
        hours: 0,
        menteeSet: new Set<string>(),
        minutes: 0,
      };
      row.meetingsHeld++;
      row.minutes += (Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000;
      row.menteeSet.add(pairing.id);
      rows.set(key, row);
    }
  }
  return [...rows.values()]
    .map(({ menteeSet, minutes, ...row }) => ({
      ...row,
      mentees: menteeSet.size,
      hours: Math.round((minutes / 60) * 10) / 10,
    }))
    .sort(
      (a, b) =>
        a.academicYear.localeCompare(b.academicYear) || a.mentorName.localeCompare(b.mentorName),
    );
}
