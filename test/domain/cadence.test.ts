import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type CadenceInput, meetingSeries, nominalDate } from '#domain/cadence';
import { addDays, addMonths, weekdayOf, weekdays } from '#domain/calendar-dates';

const base: CadenceInput = {
  frequency: 'weekly',
  monthlyRule: 'nth-weekday',
  firstMeetingOn: '2027-03-02',
  startTime: '15:00',
  meetingMinutes: 30,
  timeZone: 'America/New_York',
  endsOn: '2027-06-30',
  closures: [],
};

const local = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone });

// Zones on both hemispheres, with and without DST, with odd offsets.
const zones = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/Dublin',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Adelaide',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Africa/Nairobi',
  'UTC',
];

describe('cadence', () => {
  it('keeps 3 pm local time across the March DST change', () => {
    const series = meetingSeries(base);
    const march = series.filter((o) => o.date >= '2027-03-02' && o.date <= '2027-03-23');
    expect(march.map((o) => o.start.toISOString())).toEqual([
      '2027-03-02T20:00:00.000Z', // EST, UTC-5
      '2027-03-09T20:00:00.000Z',
      '2027-03-16T19:00:00.000Z', // EDT, UTC-4 from 14 March
      '2027-03-23T19:00:00.000Z',
    ]);
    for (const o of series)
      expect(local(o.start, base.timeZone).toFormat('HH:mm ccc')).toBe('15:00 Tue');
  });

  it('keeps the local time and weekday for every zone, start date and frequency, up to the term end', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2029-12-31'), noInvalidDate: true }),
        fc.constantFrom('weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly' as const),
        fc.constantFrom('08:00', '12:30', '15:00', '17:45'),
        fc.integer({ min: 1, max: 24 }),
        (timeZone, day, frequency, startTime, termMonths) => {
          const firstMeetingOn = day.toISOString().slice(0, 10);
          fc.pre(!['saturday', 'sunday'].includes(weekdayOf(firstMeetingOn)));
          const input = {
            ...base,
            timeZone,
            frequency,
            startTime,
            firstMeetingOn,
            endsOn: addMonths(firstMeetingOn, termMonths),
          };
          const series = meetingSeries(input);
          expect(series[0]?.date).toBe(firstMeetingOn);
          for (const [i, o] of series.entries()) {
            const at = local(o.start, timeZone);
            expect(at.toFormat('yyyy-MM-dd HH:mm')).toBe(`${o.date} ${startTime}`);
            expect(o.date <= input.endsOn).toBe(true);
            expect(o.end.getTime() - o.start.getTime()).toBe(30 * 60_000);
            if (i > 0) expect(o.start > series[i - 1]!.start).toBe(true);
            if (frequency === 'weekly' || frequency === 'biweekly')
              expect(weekdayOf(o.date)).toBe(weekdayOf(firstMeetingOn));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves a start time inside the spring-forward gap forward by the gap, as calendars do', () => {
    // Europe/Berlin skips 02:00-03:00 on Sunday 28 March 2027.
    const series = meetingSeries({
      ...base,
      firstMeetingOn: '2027-03-21',
      startTime: '02:30',
      timeZone: 'Europe/Berlin',
      endsOn: '2027-04-04',
    });
    expect(series.map((o) => local(o.start, 'Europe/Berlin').toFormat('yyyy-MM-dd HH:mm'))).toEqual(
      ['2027-03-21 02:30', '2027-03-28 03:30', '2027-04-04 02:30'],
    );
  });

  it('takes the same nth weekday each month, and the last one when a month has no 5th', () => {
    const monthly = {
      ...base,
      frequency: 'monthly' as const,
      firstMeetingOn: '2027-01-29',
      endsOn: '2027-12-31',
    }; // 5th Friday
    const dates = meetingSeries(monthly).map((o) => o.date);
    expect(dates.slice(0, 5)).toEqual([
      '2027-01-29',
      '2027-02-26',
      '2027-03-26',
      '2027-04-30',
      '2027-05-28',
    ]);
    for (const date of dates) expect(weekdayOf(date)).toBe('friday');
    expect(nominalDate({ ...monthly, firstMeetingOn: '2027-03-09' }, 1)).toBe('2027-04-13'); // 2nd Tuesday
  });

  it('keeps the day of month, or the last day of a shorter month ("31st")', () => {
    const dates = meetingSeries({
      ...base,
      frequency: 'monthly',
      monthlyRule: 'day-of-month',
      firstMeetingOn: '2027-03-31',
      endsOn: '2027-12-31',
    }).map((o) => o.date);
    // 30 April; 31 May; 30 June; 31 July is a Saturday → Monday 2 August.
    expect(dates.slice(0, 5)).toEqual([
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-08-02',
    ]);
  });

  it('steps 2 and 3 months for every 2 months and quarterly', () => {
    const every2 = meetingSeries({
      ...base,
      frequency: 'bimonthly',
      firstMeetingOn: '2027-01-12',
      endsOn: '2027-12-31',
    });
    expect(every2.map((o) => o.date.slice(0, 7))).toEqual([
      '2027-01',
      '2027-03',
      '2027-05',
      '2027-07',
      '2027-09',
      '2027-11',
    ]);
    const quarterly = meetingSeries({
      ...base,
      frequency: 'quarterly',
      firstMeetingOn: '2027-01-12',
      endsOn: '2028-01-10',
    });
    expect(quarterly.map((o) => o.date)).toEqual([
      '2027-01-12',
      '2027-04-13',
      '2027-07-13',
      '2027-10-12',
    ]);
  });

  it('moves a meeting on a closure to the next working day, over the weekend', () => {
    const series = meetingSeries({
      ...base,
      frequency: 'weekly',
      firstMeetingOn: '2027-12-17',
      endsOn: '2028-01-31',
      closures: ['2027-12-24', '2027-12-27', '2027-12-31'],
    });
    const byDate = series.map((o) => [o.date, o.movedFrom]);
    expect(byDate.slice(0, 4)).toEqual([
      ['2027-12-17', undefined],
      ['2027-12-28', '2027-12-24'], // Fri 24 closed → Mon 27 closed → Tue 28
      ['2028-01-03', '2027-12-31'], // Fri 31 closed → Mon 3 January
      ['2028-01-07', undefined],
    ]);
  });

  it('drops a moved meeting that would reach the next one, never doubling up', () => {
    const closures = Array.from({ length: 10 }, (_, i) => addDays('2027-03-09', i));
    const series = meetingSeries({ ...base, closures, endsOn: '2027-04-30' });
    const dates = series.map((o) => o.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).not.toContain('2027-03-16');
    expect(dates).toContain('2027-03-19'); // the 16th's meeting moved past the closure
    expect(dates).not.toContain('2027-03-09');
  });

  it('ends at the term end', () => {
    const series = meetingSeries({ ...base, endsOn: '2027-03-16' });
    expect(series.map((o) => o.date)).toEqual(['2027-03-02', '2027-03-09', '2027-03-16']);
    expect(weekdays).toContain(weekdayOf(series[0]!.date));
  });
});
