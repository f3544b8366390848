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
