/**
 * Calendar dates as ISO strings (YYYY-MM-DD). Dates are computed on the UTC calendar so that
 * adding days never depends on the machine's zone; the zone only matters when turning an
 * instant into "today" for a person, which `dateInZone` does.
 */

export type IsoDate = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A date format: its locale and options, without the zone (see `formatIn`). */
export interface DateFormat {
  locale: string;
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>;
}

const madeFormats = new WeakMap<DateFormat, Map<string, Intl.DateTimeFormat>>();

/**
 * `format` in `timeZone`, made once per format and zone: making an Intl.DateTimeFormat costs far
 * more than using it (luxon, and each call here before, made one for every date).
 */
export function formatIn(format: DateFormat, timeZone: string): Intl.DateTimeFormat {
  let byZone = madeFormats.get(format);
  if (!byZone) {
    byZone = new Map();
    madeFormats.set(format, byZone);
  }
  let made = byZone.get(timeZone);
  if (!made) {
    made = new Intl.DateTimeFormat(format.locale, { ...format.options, timeZone });
    byZone.set(timeZone, made);
  }
  return made;
}

// en-CA formats as YYYY-MM-DD.
const isoDate: DateFormat = {
  locale: 'en-CA',
  options: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

export function dateInZone(instant: Date, timeZone: string): IsoDate {
  return formatIn(isoDate, timeZone).format(instant);
}

// The wall clock in a zone, to the second, as numbers (h23: midnight is 0, never 24).
const wallClock: DateFormat = {
  locale: 'en-US',
  options: {
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  },
};

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const part: Record<string, number> = {};
  for (const { type, value } of formatIn(wallClock, timeZone).formatToParts(whole))
    part[type] = Number(value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = part;
  return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
}

/**
 * The instant of a local date and time (HH:MM) in a zone, read as a calendar reads a DTSTART
 * with that TZID (RFC 5545 §3.3.5): a time that occurs twice (the autumn change) is its first
 * occurrence; a time that does not occur (the spring gap) takes the offset before the gap, so it
 * moves forward by the gap (02:30 becomes 03:30). Written by hand on Intl (no date library): it
 * was luxon's only use in most functions, 69 KB of each cold start; a property test holds it to
 * luxon wherever luxon's answer does not depend on the clock (it resolves the doubled hour by the
 * offset at the moment it runs).
 */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute);
  if (!isIsoDate(date) || Number.isNaN(local) || hour > 23 || minute > 59)
    throw new Error(`invalid local time ${date}T${time} in ${timeZone}`);
  // The offsets a day either side cover every offset this local time may have (no zone changes
  // its offset twice within two days).
  const before = offsetAt(local - 86_400_000, timeZone);
  const after = offsetAt(local + 86_400_000, timeZone);
  const occurrences = [local - before, local - after]
    .filter((instant) => offsetAt(instant, timeZone) === local - instant)
    .sort((a, b) => a - b);
  return new Date(occurrences[0] ?? local - before);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months, keeping the day or, when the month is shorter, its last day (Jan 31 + 1 = Feb 28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export const weekdays = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof weekdays)[number];

export function weekdayOf(date: IsoDate): Weekday {
  return weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] as Weekday;
}

/** The first date on or after `from` that falls on `weekday`. */
export function nextWeekday(from: IsoDate, weekday: Weekday): IsoDate {
  const offset = (weekdays.indexOf(weekday) - new Date(`${from}T00:00:00Z`).getUTCDay() + 7) % 7;
  return addDays(from, offset);
}

/** "Tuesday, December 1, 2026". */
export const longDate: DateFormat = {
  locale: 'en-US',
  options: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
};

export function formatLongDate(date: IsoDate): string {
  return formatIn(longDate, 'UTC').format(new Date(`${date}T00:00:00Z`));
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: IsoDate): IsoDate {
  const back = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  return addDays(date, -back.indexOf(weekdayOf(date)));
}
