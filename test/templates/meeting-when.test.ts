import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Meeting } from '#domain/meeting';
import { meetingWhen } from '#templates/meeting-emails';

const zones = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Chatham',
  'America/St_Johns',
  'UTC',
];

describe('meetingWhen', () => {
  it('says the date and times in the zone as luxon does, DST changes and odd offsets included', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z') }),
        fc.constantFrom(30, 45, 60),
        fc.constantFrom(...zones),
        (start, minutes, zone) => {
          fc.pre(!Number.isNaN(start.getTime()));
          const end = new Date(start.getTime() + minutes * 60_000);
          const meeting = { start: start.toISOString(), end: end.toISOString() } as Meeting;
          const s = DateTime.fromISO(meeting.start, { zone });
          const e = DateTime.fromISO(meeting.end, { zone });
          expect(meetingWhen(meeting, zone)).toBe(
            `${s.setLocale('en-US').toFormat('cccc, LLLL d, yyyy')}, ${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')} (${zone})`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
