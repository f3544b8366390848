import { describe, expect, it } from 'vitest';
import {
  cancelFutureMeetings,
  type Meeting,
  MeetingActionError,
  recordAttendance,
  rescheduleMeeting,
  skipMeeting,
} from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import { testHospital } from '../support/integration.ts';

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
  it('cancels every future meeting, sending CANCEL only for those already invited', () => {
    const meetings = [
      meeting(0, '2027-03-09T21:00:00.000Z'), // past: untouched
      meeting(1, '2027-03-16T20:00:00.000Z', { sequence: 1 }), // invited (within 7 days)
      meeting(2, '2027-04-13T20:00:00.000Z'), // not yet invited
      meeting(3, '2027-05-11T20:00:00.000Z', { status: 'cancelled', sequence: 1 }),
    ];
    const changes = cancelFutureMeetings(meetings, testHospital, now);
    expect(changes.map((c) => [c.meeting.index, c.meeting.status, c.meeting.sequence])).toEqual([
      [1, 'cancelled', 2],
      [2, 'cancelled', 1],
    ]);
    expect(changes[0]?.work.map((w) => w.id)).toEqual([
      'meeting-invite:p1:1:s2:CANCEL:mentor',
      'meeting-invite:p1:1:s2:CANCEL:mentee',
    ]);
    expect(changes[1]?.work).toEqual([]);
  });

  it('reschedules only inside the agreed window and term, in the future', () => {
    const m = meeting(1, '2027-03-16T20:00:00.000Z');
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

  it('schedules a moved, not-yet-invited meeting at its new lead time', () => {
    const m = meeting(2, '2027-04-13T20:00:00.000Z');
    const moved = rescheduleMeeting(
      m,
      pairing,
      testHospital,
      { date: '2027-04-20', time: '15:00', by: 'mentor' },
      now,
    );
    expect(moved.work[0]?.dueAt).toEqual(
      new Date(Date.parse('2027-04-20T20:00:00.000Z') - 7 * day),
    );
  });

  it('refuses to skip or answer for a cancelled or past meeting', () => {
    const cancelled = meeting(1, '2027-03-16T20:00:00.000Z', { status: 'cancelled' });
    expect(problem(() => skipMeeting(cancelled, testHospital, 'mentor', now))).toBe('cancelled');
    expect(problem(() => recordAttendance(cancelled, 'mentor', 'ACCEPTED'))).toBe('cancelled');
    expect(
      problem(() =>
        skipMeeting(meeting(0, '2027-03-09T21:00:00.000Z'), testHospital, 'mentor', now),
      ),
    ).toBe('past');
  });
});
