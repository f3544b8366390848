import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, zonedInstant } from '#domain/calendar-dates';

// Both hemispheres, with and without DST, odd offsets, a 30-minute DST (Lord Howe), a zone that
// changed its offset for good (Samoa skipped 30 December 2011), and one with double summer time
// in its history (Europe/Moscow).
const zones = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Apia',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Africa/Casablanca',
  'UTC',
];

const wall = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The local dates, 2000–2040, on which each zone changed its offset (found every 6 hours). */
const changeDays = new Map(
  zones.map((zone) => {
    const days = new Set<string>();
    const from = Date.UTC(2000, 0, 1);
    let previous = DateTime.fromMillis(from, { zone });
    for (let t = from + 6 * 3_600_000; t < Date.UTC(2041, 0, 1); t += 6 * 3_600_000) {
      const now = DateTime.fromMillis(t, { zone });
      if (now.offset !== previous.offset) days.add(now.toISODate() ?? '');
      previous = now;
    }
    return [zone, [...days]];
  }),
);

// Half the dates are days on which the zone changed its offset, and half the hours the small
// hours, where the gaps and doubled hours are.
const localTimes = fc.constantFrom(...zones).chain((zone) =>
  fc.record({
    zone: fc.constant(zone),
    date: fc.oneof(
      fc.integer({ min: 0, max: 365 * 40 }).map((days) => addDays('2000-01-01', days)),
      fc.constantFrom(
        ...(changeDays.get(zone)?.length ? (changeDays.get(zone) ?? []) : ['2000-01-01']),
      ),
    ),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 4 })),
    minute: fc.constantFrom(0, 15, 30, 45, 59),
  }),
);

describe('a local time in a zone, as calendars read it (RFC 5545 §3.3.5)', () => {
  it('is the instant whose wall clock reads that time, the first of two in the autumn hour', () => {
    fc.assert(
      fc.property(localTimes, ({ zone, date, hour, minute }) => {
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const instant = zonedInstant(date, time, zone);
        const reads = wall(instant, zone);
        if (reads === `${date}T${time}`) {
          // The first occurrence: an hour (or the change) earlier never reads the same.
          for (const back of [30, 60, 120])
            expect(wall(new Date(instant.getTime() - back * 60_000), zone)).not.toBe(reads);
        } else {
          // Only a time in a spring gap does not occur: it moves forward by the gap, with the
          // offset from before it, so it reads later the same day (or just after midnight).
          expect(reads > `${date}T${time}`).toBe(true);
          // The offset before the gap: the first different one going back from the instant (a
          // gap can be a whole day: Samoa skipped 30 December 2011).
          const offsetAt = (t: number) => DateTime.fromMillis(t, { zone }).offset;
          const after = offsetAt(instant.getTime());
          let before = after;
          for (let back = 15; back <= 48 * 60 && before === after; back += 15)
            before = offsetAt(instant.getTime() - back * 60_000);
          const local = Date.parse(`${date}T${time}:00Z`);
          expect(instant.getTime()).toBe(local - before * 60_000);
        }
      }),
      {
        numRuns: 3000,
        // Found by a CI run: the day Samoa skipped, which the change days do not list (luxon
        // names the day after the jump), so random dates reach it once in ~15,000 runs.
        examples: [[{ zone: 'Pacific/Apia', date: '2011-12-30', hour: 6, minute: 0 }]],
      },
    );
  });

  it('reads a time on the day Samoa skipped with the offset from before the gap', () => {
    // 30 December 2011 did not happen in Apia: 29 December at -10 was followed by 31 December
    // at +14. 06:00 on the 30th, at -10, is 16:00 UTC, which Apia's clocks read as 06:00 on the
    // 31st.
    const instant = zonedInstant('2011-12-30', '06:00', 'Pacific/Apia');
    expect(instant.toISOString()).toBe('2011-12-30T16:00:00.000Z');
    expect(wall(instant, 'Pacific/Apia')).toBe('2011-12-31T06:00');
  });

  it('agrees with luxon wherever luxon does not resolve by the clock (all but the autumn hour)', () => {
    fc.assert(
      fc.property(localTimes, ({ zone, date, hour, minute }) => {
        // luxon starts from today's offset and corrects twice: Samoa, at +13 since the end of
        // 2011, was at -10 and -11 before, a day away, where its answers are an hour off.
        if (zone === 'Pacific/Apia' && date < '2012-01-01') return;
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const ours = zonedInstant(date, time, zone).getTime();
        const theirs = DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
        const doubled = [3_600_000, 1_800_000, 7_200_000].some(
          (shift) => wall(new Date(ours + shift), zone) === wall(new Date(ours), zone),
        );
        if (!doubled) expect(ours).toBe(theirs);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the known changes: New York in November and March, Berlin in March', () => {
    // 1:30 occurs twice on 7 November 2027 in New York: first at EDT (-4).
    expect(zonedInstant('2027-11-07', '01:30', 'America/New_York').toISOString()).toBe(
      '2027-11-07T05:30:00.000Z',
    );
    // 2:30 does not occur on 14 March 2027: EST (-5) before the gap, so 3:30 EDT.
    expect(zonedInstant('2027-03-14', '02:30', 'America/New_York').toISOString()).toBe(
      '2027-03-14T07:30:00.000Z',
    );
    expect(zonedInstant('2027-03-28', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T01:30:00.000Z',
    );
    expect(() => zonedInstant('2027-02-30', '10:00', 'Europe/Berlin')).toThrow(/invalid/);
  });
});
