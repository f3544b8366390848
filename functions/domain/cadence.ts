import {
  addDays,
  addMonths,
  type IsoDate,
  nextWeekday,
  type Weekday,
  weekdayOf,
  zonedInstant,
} from './calendar-dates.ts';
import type { Frequency } from './pairing-request.ts';

/**
 * The meeting series of an agreement. Dates are planned on the calendar and only then turned into
 * instants in the pairing's zone, so 15:00 stays 15:00 local across DST changes.
 *
 * Rules (documented in docs/calendar.md):
 * - weekly / every 2 weeks: the first meeting's weekday, every 7 / 14 days;
 * - monthly / every 2 months / quarterly, `nth-weekday`: the same nth weekday as the first
 *   meeting ("2nd Tuesday"); a 5th weekday becomes the last one in months with only four;
 * - the same, `day-of-month`: the first meeting's day; in shorter months the last day
 *   ("31st" → 30 April, 28/29 February);
 * - a meeting on a hospital closure moves to the next working day (not a weekend, not a
 *   closure), and so does one that falls on a weekend when the series is on weekdays (a
 *   day-of-month date); if that reaches the next meeting of the series, it is dropped rather
 *   than doubled;
 * - nothing after the term's end date;
 * - a start time that does not exist locally (inside a spring-forward gap) moves forward by the
 *   gap, as calendars do.
 */

export type MonthlyRule = 'nth-weekday' | 'day-of-month';

export interface CadenceInput {
  frequency: Frequency;
  monthlyRule: MonthlyRule;
  firstMeetingOn: IsoDate;
  /** Local start time, HH:MM. */
  startTime: string;
  meetingMinutes: number;
  timeZone: string;
  /** The term's end: no meeting after this date. */
  endsOn: IsoDate;
  closures: readonly IsoDate[];
}

export interface Occurrence {
  index: number;
  /** Local date of the meeting. */
  date: IsoDate;
  start: Date;
  end: Date;
  /** Set when a closure or weekend moved the meeting from this date. */
  movedFrom?: IsoDate;
}

const stepDays: Partial<Record<Frequency, number>> = { weekly: 7, biweekly: 14 };
const stepMonths: Partial<Record<Frequency, number>> = { monthly: 1, bimonthly: 2, quarterly: 3 };

function lastDayOfMonth(date: IsoDate): IsoDate {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);
}

/** The nth `weekday` of the month `date` is in; the last one when the month has fewer. */
export function nthWeekdayOfMonth(date: IsoDate, weekday: Weekday, n: number): IsoDate {
  const first = nextWeekday(`${date.slice(0, 7)}-01`, weekday);
  let candidate = addDays(first, 7 * (n - 1));
  while (candidate > lastDayOfMonth(date)) candidate = addDays(candidate, -7);
  return candidate;
}

/** The k-th nominal date of the series, before closures. */
export function nominalDate(
  input: Pick<CadenceInput, 'frequency' | 'monthlyRule' | 'firstMeetingOn'>,
  k: number,
): IsoDate {
  const { frequency, firstMeetingOn } = input;
  const days = stepDays[frequency];
  if (days !== undefined) return addDays(firstMeetingOn, k * days);
  const months = (stepMonths[frequency] ?? 1) * k;
  const monthStart = addMonths(`${firstMeetingOn.slice(0, 7)}-01`, months);
  const day = Number(firstMeetingOn.slice(8, 10));
  if (input.monthlyRule === 'day-of-month') {
    const last = lastDayOfMonth(monthStart);
    const wanted = `${monthStart.slice(0, 8)}${String(day).padStart(2, '0')}`;
    return wanted > last || Number(last.slice(8)) < day ? last : wanted;
  }
  return nthWeekdayOfMonth(monthStart, weekdayOf(firstMeetingOn), Math.ceil(day / 7));
}

const isWeekend = (date: IsoDate) => ['saturday', 'sunday'].includes(weekdayOf(date));

export function isWorkingDay(date: IsoDate, closures: ReadonlySet<IsoDate>): boolean {
  return !isWeekend(date) && !closures.has(date);
}

/** Local date and time in a zone → the instant, as calendars read it. */
export { zonedInstant } from './calendar-dates.ts';

export function meetingSeries(input: CadenceInput): Occurrence[] {
  const closures = new Set(input.closures);
  const occurrences: Occurrence[] = [];
  for (let k = 0; k < 1000; k++) {
    const nominal = nominalDate(input, k);
    if (nominal > input.endsOn) break;
    let date = nominal;
    const mustMove = closures.has(date) || (isWeekend(date) && !isWeekend(input.firstMeetingOn));
    if (mustMove) {
      date = addDays(date, 1);
      while (!isWorkingDay(date, closures)) date = addDays(date, 1);
    }
    const next = nominalDate(input, k + 1);
    if (date >= next || date > input.endsOn) continue;
    const start = zonedInstant(date, input.startTime, input.timeZone);
    occurrences.push({
      index: occurrences.length,
      date,
      start,
      end: new Date(start.getTime() + input.meetingMinutes * 60_000),
      ...(date === nominal ? {} : { movedFrom: nominal }),
    });
  }
  return occurrences;
}

const meetingsPerYear: Record<Frequency, number> = {
  weekly: 52,
  biweekly: 26,
  monthly: 12,
  bimonthly: 6,
  quarterly: 4,
};

/**
 * The time a pairing asks over its term, in the words a proposal uses ("about 9 hours over 12
 * months"): meetings at the agreed frequency, each of the agreed length; holidays not counted.
 */
export function timeAsked(e: {
  frequency: Frequency;
  meetingMinutes: number;
  termMonths: number;
}): { meetings: number; hours: number } {
  const meetings = Math.max(1, Math.round((meetingsPerYear[e.frequency] * e.termMonths) / 12));
  const exact = (meetings * e.meetingMinutes) / 60;
  // Whole hours read best; under three hours, halves keep it honest.
  const hours = exact >= 3 ? Math.round(exact) : Math.max(0.5, Math.round(exact * 2) / 2);
  return { meetings, hours };
}
