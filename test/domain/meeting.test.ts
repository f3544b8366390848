import { describe, expect, it } from 'vitest';
import {
  cancelFutureMeeting,
  type Meeting,
  MeetingActionError,
  recordAttendance,
  rescheduleMeeting,
  skipMeeting,
} from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import { testHospital } from '../../support/integration.ts';

const now = new Date('2027-03-10T12:00:00Z');
const day = 86_400_000;

function meeting(index: number, start: string, overrides: Partial<Meeting> = {}): Meeting {
  return {
    pairingId: 'p1',
    index,
    uid: `tandem-p1-m${index}@test-hospital.example.org`,
    date: start.slice(0, 10),
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    sequence: 0,
    status: 'scheduled',
    attendance: {},
    sent: {},
    sendCount: 0,
    ...overrides,
  };
}

const pairing = {
  id: 'p1',
  termEndsOn: '2028-03-01',
  expectations: {
    timeWindow: { start: '15:00', end: '17:00' },
    meetingMinutes: 30,
    timeZone: 'America/Chicago',
  },
} as unknown as Pairing;

function problem(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof MeetingActionError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('meeting changes', () => {
  const sentRequest = (sequence: number) => ({ sequence, method: 'REQUEST' as const, at: '' });

  it('cancels every future meeting, sending CANCEL to exactly the people the record says hold it', () => {
    const meetings = [
      meeting(0, '2027-03-09T21:00:00.000Z', { sent: { mentor: sentRequest(0) } }), // past
      meeting(1, '2027-03-16T20:00:00.000Z', {
        sequence: 1,
        sent: { mentor: sentRequest(1), mentee: sentRequest(1) },
      }),
      // Months ahead, but invited by a dispatcher run ahead of time: the record, not the clock.
      meeting(2, '2027-09-14T20:00:00.000Z', { sent: { mentee: sentRequest(0) } }),
      meeting(3, '2027-03-17T20:00:00.000Z'), // within the lead time, yet never invited
      meeting(4, '2027-05-11T20:00:00.000Z', { status: 'cancelled', sequence: 1 }),
    ];
    const changes = meetings.map((m) => cancelFutureMeeting(m, now));
    expect(changes.map((c) => c && [c.meeting.status, c.meeting.sequence])).toEqual([
      null,
      ['cancelled', 2],
      ['cancelled', 1],
      ['cancelled', 1],
      null,
    ]);
    expect(changes.map((c) => c?.work.map((w) => w.id))).toEqual([
      undefined,
      ['meeting-invite:p1:1:s2:CANCEL:mentor', 'meeting-invite:p1:1:s2:CANCEL:mentee'],
      ['meeting-invite:p1:2:s1:CANCEL:mentee'],
      [],
      undefined,
    ]);
  });

  it('reschedules only inside the agreed window and term, in the future', () => {
    const m = meeting(1, '2027-03-16T20:00:00.000Z', {
      sent: { mentor: sentRequest(0), mentee: sentRequest(0) },
    });
    const change = { date: '2027-03-17', time: '15:00', by: 'mentee' as const };
    expect(
      problem(() => rescheduleMeeting(m, pairing, testHospital, { ...change, time: '14:30' }, now)),
    ).toBe('outside-window');
    expect(
      problem(() => rescheduleMeeting(m, pairing, testHospital, { ...change, time: '16:45' }, now)),
    ).toBe('outside-window');
    expect(
      problem(() =>
        rescheduleMeeting(m, pairing, testHospital, { ...change, date: '2028-04-01' }, now),
      ),
    ).toBe('outside-term');
    expect(
      problem(() =>
        rescheduleMeeting(m, pairing, testHospital, { ...change, date: '2027-03-01' }, now),
      ),
    ).toBe('past');
    const moved = rescheduleMeeting(m, pairing, testHospital, change, now);
    expect(moved.meeting).toMatchObject({
      sequence: 1,
      date: '2027-03-17',
      start: '2027-03-17T20:00:00.000Z',
      uid: m.uid,
    });
    // It was invited: the update goes now; its check-in follows the new time.
    expect(moved.work.map((w) => w.kind)).toEqual([
      'meeting-invite',
      'meeting-invite',
      'meeting-checkin',
    ]);
    expect(moved.work.slice(0, 2).map((w) => w.dueAt)).toEqual([now, now]);
  });

  it('schedules a moved meeting at its new lead time for whoever was not invited yet', () => {
    const m = meeting(2, '2027-04-13T20:00:00.000Z', { sent: { mentee: sentRequest(0) } });
    const moved = rescheduleMeeting(
      m,
      pairing,
      testHospital,
      { date: '2027-04-20', time: '15:00', by: 'mentor' },
      now,
    );
    expect(moved.work.slice(0, 2).map((w) => [w.payload.party, w.dueAt])).toEqual([
      ['mentor', new Date(Date.parse('2027-04-20T20:00:00.000Z') - 7 * day)],
      ['mentee', now],
    ]);
  });

  it('refuses to skip or answer for a cancelled or past meeting', () => {
    const cancelled = meeting(1, '2027-03-16T20:00:00.000Z', { status: 'cancelled' });
    expect(problem(() => skipMeeting(cancelled, 'mentor', now))).toBe('cancelled');
    expect(problem(() => recordAttendance(cancelled, 'mentor', 'ACCEPTED'))).toBe('cancelled');
    expect(problem(() => skipMeeting(meeting(0, '2027-03-09T21:00:00.000Z'), 'mentor', now))).toBe(
      'past',
    );
  });
});
