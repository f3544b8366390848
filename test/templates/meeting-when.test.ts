import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { timeAsked } from '#domain/cadence';
import type { Meeting } from '#domain/meeting';
import { inviteSubject, meetingWhen } from '#templates/meeting-emails';

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

describe('inviteSubject', () => {
  it('fits 70 characters for any name, keeps the whole date and time in the zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.constantFrom('Invitation', 'Updated', 'Cancelled'),
        fc.string({ minLength: 1, maxLength: 200 }),
        (start, zone, prefix, name) => {
          fc.pre(!Number.isNaN(start.getTime()));
          const meeting = { start: start.toISOString() } as Meeting;
          const subject = inviteSubject(prefix, name, meeting, zone);
          const s = DateTime.fromISO(meeting.start, { zone }).setLocale('en-GB');
          const when = `${s.toFormat('ccc d LLL')}, ${s.toFormat('HH:mm')}`;
          expect([...subject].length).toBeLessThanOrEqual(70);
          expect(subject.startsWith(`${prefix}: Mentoring with `)).toBe(true);
          expect(subject.endsWith(` · ${when}`)).toBe(true);
          if (name.length <= 30) expect(subject).toContain(name);
        },
      ),
      { numRuns: 1000 },
    );
    const meeting = { start: '2027-03-16T19:00:00Z' } as Meeting;
    expect(inviteSubject('Invitation', 'Dr Ada Okafor', meeting, 'America/New_York')).toBe(
      'Invitation: Mentoring with Dr Ada Okafor · Tue 16 Mar, 15:00',
    );
  });
});

describe('timeAsked', () => {
  it('counts the meetings of a term and rounds the hours as a proposal says them', () => {
    expect(timeAsked({ frequency: 'monthly', meetingMinutes: 45, termMonths: 12 })).toEqual({
      meetings: 12,
      hours: 9,
    });
    expect(timeAsked({ frequency: 'quarterly', meetingMinutes: 30, termMonths: 6 })).toEqual({
      meetings: 2,
      hours: 1,
    });
    expect(timeAsked({ frequency: 'weekly', meetingMinutes: 30, termMonths: 3 })).toEqual({
      meetings: 13,
      hours: 7,
    });
  });
});
