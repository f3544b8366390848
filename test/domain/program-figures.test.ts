import { describe, expect, it } from 'vitest';
import type { CheckinRecord } from '#domain/checkin';
import type { Meeting } from '#domain/meeting';
import { isHeld, meetingFigures } from '#domain/program-figures';

const now = Date.parse('2027-06-01T00:00:00Z');
const meeting = (
  index: number,
  day: string,
  extra: Partial<Pick<Meeting, 'status' | 'attendance'>> = {},
): Pick<Meeting, 'index' | 'status' | 'start' | 'end' | 'attendance'> => ({
  index,
  status: 'scheduled',
  start: `${day}T15:00:00Z`,
  end: `${day}T15:45:00Z`,
  attendance: {},
  ...extra,
});

describe('one definition of planned, held and answered', () => {
  it('counts what took place, not what was cancelled, declined by both or reported not held', () => {
    const meetings = [
      meeting(0, '2027-03-09'), // held
      meeting(1, '2027-04-13', { status: 'cancelled' }), // skipped: neither planned nor held
      meeting(2, '2027-05-11', { attendance: { mentor: 'DECLINED', mentee: 'DECLINED' } }),
      meeting(3, '2027-05-18'), // one says they didn't meet, the other that they did: held
      meeting(4, '2027-05-25'), // reported not held
      meeting(5, '2027-06-08'), // still ahead
    ];
    const checkins: CheckinRecord[] = [
      { meetingIndex: 0, text: 'Next: the abstract.', answers: {} },
      { meetingIndex: 3, answers: { mentor: 'met', mentee: 'not-met' } },
      { meetingIndex: 4, answers: { mentee: 'not-met' } },
    ];
    expect(meetingFigures(meetings, checkins, now)).toEqual({
      planned: 5,
      held: 2,
      hours: 1.5,
      checkinsAnswered: 3,
    });
    expect(isHeld(meeting(6, '2027-05-04'), now, { answers: { mentor: 'help' } })).toBe(true);
  });
});
