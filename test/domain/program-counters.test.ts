import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckinRecord } from '#domain/checkin';
import type { Meeting } from '#domain/meeting';
import type { PairingEvent } from '#domain/pairing';
import {
  agreementBucket,
  type Contribution,
  chartStates,
  contributionDiff,
  diffSteps,
  mondayOf,
  pairingContribution,
} from '#domain/program-counters';
import { dashboardFigures, weeklyFigures } from '#domain/program-dashboard';
import { academicYear, meetingFigures, mentorHours } from '#domain/program-figures';

const now = Date.parse('2027-09-01T00:00:00Z');
const zone = 'America/Chicago';

const contribution = fc.dictionary(
  fc.constantFrom(
    'M2027-03|resident|held',
    'M2027-03|resident|planned',
    'M2027-04|fellow|held',
    'W2027-03-01|resident|enter:active',
    'W2027-03-08|student|leave:proposed',
    'M2027-05|other|minutesHeld',
  ),
  fc.integer({ min: 1, max: 60 }),
);

/** A counter table after adding rows. */
function apply(table: Map<string, number>, rows: ReturnType<typeof contributionDiff>) {
  for (const row of rows)
    for (const [measure, amount] of Object.entries(row.values)) {
      const key = `${row.period}|${row.stage}|${measure}`;
      table.set(key, (table.get(key) ?? 0) + amount);
    }
}

const meetingArb = fc.record({
  day: fc.integer({ min: 0, max: 200 }),
  cancelled: fc.boolean(),
  minutes: fc.constantFrom(30, 45, 60),
  mentor: fc.constantFrom(undefined, 'ACCEPTED', 'DECLINED', 'TENTATIVE'),
  mentee: fc.constantFrom(undefined, 'ACCEPTED', 'DECLINED'),
  invited: fc.boolean(),
  checkin: fc.constantFrom(undefined, 'met', 'not-met', 'text'),
});

type MeetingSpec = typeof meetingArb extends fc.Arbitrary<infer T> ? T : never;

function meetingsFrom(specs: MeetingSpec[]) {
  const meetings: Meeting[] = specs.map((s, index) => {
    const start = new Date(Date.parse('2027-03-02T15:00:00Z') + s.day * 86_400_000);
    return {
      pairingId: 'p',
      index,
      uid: `u${index}`,
      date: start.toISOString().slice(0, 10),
      start: start.toISOString(),
      end: new Date(start.getTime() + s.minutes * 60_000).toISOString(),
      sequence: 0,
      status: s.cancelled ? 'cancelled' : 'scheduled',
      attendance: {
        ...(s.mentor ? { mentor: s.mentor } : {}),
        ...(s.mentee ? { mentee: s.mentee } : {}),
      } as Meeting['attendance'],
      sent: s.invited
        ? {
            mentor: { sequence: 0, method: 'REQUEST', at: start.toISOString() },
            mentee: { sequence: 0, method: 'REQUEST', at: start.toISOString() },
          }
        : {},
      sendCount: 0,
    };
  });
  const checkins: CheckinRecord[] = specs.flatMap((s, index): CheckinRecord[] =>
    s.checkin === undefined
      ? []
      : [
          s.checkin === 'text'
            ? { meetingIndex: index, text: 'Next steps', by: 'mentee', answers: {} }
            : { meetingIndex: index, answers: { mentor: s.checkin } },
        ],
  );
  return { meetings, checkins };
}

const pairing = (history: PairingEvent[], agreedAt?: string) => ({
  mentee: { name: 'B', email: 'b@x.org', careerStage: 'resident' as const },
  history,
  createdAt: '2027-03-01T14:00:00Z',
  status: 'active' as const,
  ...(agreedAt ? { agreedAt } : {}),
});

const total = (c: Contribution, prefix: 'M' | 'W', measure: string) =>
  Object.entries(c)
    .filter(([k]) => k.startsWith(prefix) && k.endsWith(`|${measure}`))
    .reduce((sum, [, v]) => sum + v, 0);

describe('the program counters', () => {
  it('reach the new contribution from the old by the diff, in steps that each record what they added', () => {
    fc.assert(
      fc.property(
        contribution,
        contribution,
        fc.integer({ min: 1, max: 4 }),
        (before, after, size) => {
          const table = new Map(Object.entries(before));
          const steps = diffSteps(before, after, size);
          for (const step of steps) {
            expect(step.rows.length).toBeLessThanOrEqual(size);
            apply(table, step.rows);
            // What is stored after each step is exactly what the counters hold from this pairing.
            for (const [key, value] of table)
              expect(value === 0 ? undefined : value).toBe(step.contribution[key]);
          }
          expect(steps.at(-1)?.contribution).toEqual(after);
          expect(contributionDiff(after, after)).toEqual([]);
        },
      ),
    );
  });

  it('count held, planned, hours and answers exactly as the one definition does, per month and per week alike', () => {
    fc.assert(
      fc.property(fc.array(meetingArb, { maxLength: 30 }), (specs) => {
        const { meetings, checkins } = meetingsFrom(specs);
        const c = pairingContribution(
          pairing([{ at: '2027-03-01T14:00:00Z', event: 'proposed' }]),
          meetings,
          checkins,
          now,
          zone,
        );
        const figures = meetingFigures(meetings, checkins, now);
        for (const prefix of ['M', 'W'] as const) {
          expect(total(c, prefix, 'planned')).toBe(figures.planned);
          expect(total(c, prefix, 'held')).toBe(figures.held);
          expect(Math.round((total(c, prefix, 'minutesHeld') / 60) * 10) / 10).toBe(figures.hours);
          expect(total(c, prefix, 'invited')).toBe(
            2 * meetings.filter((m) => m.status !== 'cancelled' && m.sent.mentor).length,
          );
        }
        // Answered counts only the held meetings' check-ins (the response rate's numerator).
        expect(total(c, 'M', 'checkinsAnswered')).toBeLessThanOrEqual(figures.held);
      }),
    );
  });

  it('keep one pairing in exactly one state, whatever its history', () => {
    const events = fc.array(
      fc.constantFrom<PairingEvent['event']>(
        'agreed',
        'activated',
        'paused',
        'resumed',
        'reminded',
        'concluded',
        'renewed',
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(events, (later) => {
        const history: PairingEvent[] = [
          { at: '2027-03-01T14:00:00Z', event: 'proposed' },
          ...later.map((event, i) => ({
            at: new Date(Date.parse('2027-03-02T14:00:00Z') + i * 5 * 86_400_000).toISOString(),
            event,
          })),
        ];
        const c = pairingContribution(pairing(history), [], [], now, zone);
        const inState = chartStates.map(
          (s) => total(c, 'W', `enter:${s}`) - total(c, 'W', `leave:${s}`),
        );
        expect(inState.reduce((a, b) => a + b, 0)).toBe(1);
        expect(inState.every((n) => n === 0 || n === 1)).toBe(true);
      }),
    );
  });

  it('put an agreement in its bucket of days', () => {
    expect([0.2, 1, 2.5, 3, 7, 7.5, 14, 30].map(agreementBucket)).toEqual([
      'd0-1',
      'd0-1',
      'd2-3',
      'd2-3',
      'd4-7',
      'd8-14',
      'd8-14',
      'd15+',
    ]);
    const c = pairingContribution(pairing([], '2027-03-06T14:00:00Z'), [], [], now, zone);
    expect(c['M2027-03|resident|agreedIn:d4-7']).toBe(1);
    expect(c[`W${mondayOf('2027-03-06')}|resident|agreedIn:d4-7`]).toBe(1);
  });

  it('show the dashboard and the digest from the rows alone', () => {
    const c = pairingContribution(
      pairing(
        [
          { at: '2027-03-01T14:00:00Z', event: 'proposed' },
          { at: '2027-03-03T14:00:00Z', event: 'activated' },
          { at: '2027-04-20T14:00:00Z', event: 'paused' },
        ],
        '2027-03-03T14:00:00Z',
      ),
      [],
      [],
      now,
      zone,
    );
    const rows = contributionDiff({}, c);
    const dashboard = dashboardFigures(
      rows.filter((r) => r.period.startsWith('M')),
      rows.filter((r) => r.period.startsWith('W')),
      { stage: 'all', fromMonth: '2027-03', toMonth: '2027-04' },
      '2027-05-10',
    );
    expect(dashboard.months.map((m) => [m.period, m.proposed, m.agreed])).toEqual([
      ['2027-03', 1, 1],
      ['2027-04', 0, 0],
    ]);
    expect(dashboard.weeks[0]).toEqual({
      monday: '2027-03-01',
      counts: { proposed: 0, active: 1, paused: 0, concluded: 0, declined: 0, expired: 0 },
    });
    expect(dashboard.weeks.at(-1)?.counts).toMatchObject({ active: 0, paused: 1 });
    const weeks = weeklyFigures(rows, '2027-04-12', '2027-04-19');
    expect(weeks.map((w) => [w.period, w.active])).toEqual([
      ['2027-04-12', 1],
      ['2027-04-19', 0],
    ]);
  });
});

describe('the mentor-hours report', () => {
  it('names academic years by their start month', () => {
    expect(academicYear('2027-06-30', 7)).toBe('2026–27');
    expect(academicYear('2027-07-01', 7)).toBe('2027–28');
    expect(academicYear('2027-03-01', 1)).toBe('2027');
  });

  it('counts held meetings and hours per mentor and year, by the one definition', () => {
    fc.assert(
      fc.property(fc.array(meetingArb, { maxLength: 20 }), (specs) => {
        const { meetings, checkins } = meetingsFrom(specs);
        const rows = mentorHours(
          [
            {
              pairing: {
                id: 'p',
                mentor: { name: 'Dr A', email: 'a@x.org' },
                mentee: { name: 'B', email: 'b@x.org', careerStage: 'resident' },
              },
              meetings,
              checkins,
            },
          ],
          7,
          now,
        );
        const figures = meetingFigures(meetings, checkins, now);
        expect(rows.reduce((s, r) => s + r.meetingsHeld, 0)).toBe(figures.held);
        expect(rows.every((r) => r.mentees === 1)).toBe(true);
      }),
    );
  });
});
