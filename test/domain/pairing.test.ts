import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, nextWeekday, weekdayOf, weekdays } from '#domain/calendar-dates';
import {
  agree,
  decline,
  expire,
  firstMeetingDate,
  type Pairing,
  PairingActionError,
  proposePairing,
  remind,
  suggestChange,
} from '#domain/pairing';
import { parsePairingRequest } from '#domain/pairing-request';
import { testHospital } from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-fixtures.ts';

const now = new Date('2027-03-01T14:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

function proposed(): Pairing {
  const parsed = parsePairingRequest(pairingRequest(), {
    hospital: testHospital,
    today: '2027-03-01',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return proposePairing('p-1', parsed.request, now).pairing;
}

function problemOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof PairingActionError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('agreement', () => {
  it('becomes active only when both agree to the same version, asking for one summary each', () => {
    const first = agree(proposed(), 'mentee', 1, later(1));
    expect(first.pairing.status).toBe('agreeing');
    expect(first.effects).toEqual([]);
    const both = agree(first.pairing, 'mentor', 1, later(2));
    expect(both.pairing.status).toBe('active');
    expect(both.effects).toEqual([
      { kind: 'send-summary', to: 'mentor' },
      { kind: 'send-summary', to: 'mentee' },
      { kind: 'plan-meetings' },
      { kind: 'schedule-term-end', on: '2028-03-01' },
      { kind: 'schedule-first-meeting-check' },
    ]);
  });

  it('ignores a second agreement by the same party, even after activation', () => {
    const once = agree(proposed(), 'mentee', 1, later(1)).pairing;
    expect(agree(once, 'mentee', 1, later(2)).pairing).toBe(once);
    const active = agree(once, 'mentor', 1, later(3)).pairing;
    expect(agree(active, 'mentor', 1, later(4))).toEqual({ pairing: active, effects: [] });
  });

  it('counts agreements only for the current version', () => {
    const agreed = agree(proposed(), 'mentor', 1, later(1)).pairing;
    const changed = suggestChange(agreed, 'mentee', 1, { frequency: 'weekly' }, later(2)).pairing;
    expect(changed).toMatchObject({
      version: 2,
      agreedVersion: { mentee: 2 },
      proposedBy: 'mentee',
    });
    expect(problemOf(() => agree(changed, 'mentor', 1, later(3)))).toBe('superseded');
    expect(agree(changed, 'mentor', 2, later(3)).pairing.status).toBe('active');
  });

  it('refuses a suggestion that changes nothing, and declines by mentees', () => {
    const pairing = proposed();
    expect(
      problemOf(() => suggestChange(pairing, 'mentor', 1, { frequency: 'monthly' }, later(1))),
    ).toBe('no-change');
    expect(problemOf(() => decline(pairing, 'mentee', 1, 'no', later(1)))).toBe('not-allowed');
    const declined = decline(pairing, 'mentor', 1, 'On leave', later(1));
    expect(declined.pairing.status).toBe('declined');
    expect(declined.effects.map((e) => e.kind)).toEqual([
      'alert-administrators',
      'notify-declined',
      'release-open-pairing',
    ]);
    expect(problemOf(() => agree(declined.pairing, 'mentee', 1, later(2)))).toBe('closed');
  });

  it('reminds only who has not agreed, and expires only what is still open', () => {
    const half = agree(proposed(), 'mentee', 1, later(1)).pairing;
    expect(remind(half, later(2)).effects).toEqual([
      { kind: 'send-proposal', to: 'mentor', version: 1, reason: 'reminder' },
    ]);
    const expired = expire(half, later(3));
    expect(expired.pairing.status).toBe('expired');
    expect(expired.pairing.closeReason).toBe(
      'Not agreed within 14 days; waiting on the mentor for version 1.',
    );
    const active = agree(half, 'mentor', 1, later(2)).pairing;
    expect(expire(active, later(3)).effects).toEqual([]);
    expect(remind(active, later(3)).effects).toEqual([]);
  });
});

describe('first meeting date', () => {
  const isoDate = fc
    .date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const weekday = fc.constantFrom(...weekdays);

  it('falls on the preferred weekday at least 3 days after agreement when the deadline allows it', () => {
    fc.assert(
      fc.property(
        isoDate,
        weekday,
        fc.integer({ min: 10, max: 180 }),
        (agreedOn, preferredWeekday, slack) => {
          const e = {
            ...proposed().expectations,
            preferredWeekday,
            firstMeetingBy: addDays(agreedOn, slack),
          };
          const first = firstMeetingDate(agreedOn, e);
          return (
            weekdayOf(first) === preferredWeekday &&
            first >= addDays(agreedOn, 3) &&
            first <= addDays(agreedOn, 9)
          );
        },
      ),
    );
  });

  it('never falls after the agreed deadline, nor on or before the agreement date', () => {
    fc.assert(
      fc.property(
        isoDate,
        weekday,
        fc.integer({ min: 1, max: 180 }),
        (agreedOn, preferredWeekday, slack) => {
          const e = {
            ...proposed().expectations,
            preferredWeekday,
            firstMeetingBy: addDays(agreedOn, slack),
          };
          const first = firstMeetingDate(agreedOn, e);
          return first <= e.firstMeetingBy && first > agreedOn;
        },
      ),
    );
  });
});

describe('calendar dates', () => {
  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-03-01', 12)).toBe('2028-03-01');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
  });

  it('finds the next weekday on or after a date', () => {
    expect(nextWeekday('2027-03-01', 'monday')).toBe('2027-03-01');
    expect(nextWeekday('2027-03-04', 'tuesday')).toBe('2027-03-09');
  });
});
