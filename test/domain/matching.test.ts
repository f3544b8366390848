import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weekdays } from '#domain/calendar-dates';
import { sharedAreas, sharedTimes, stems, suggest } from '#domain/matching';
import type { MenteeRequestInput, MentorProfile } from '#domain/mentor-pool';
import { careerStages, needKinds } from '#domain/pairing-request';

const reference = '2027-03-01T14:00:00Z';
const vocabulary = [
  'critical care fellowship',
  'Critical care fellowships',
  'burnout',
  'physician burnout',
  'research methods',
  'echocardiography',
  'leadership',
  'the art of teaching',
];
const zones = ['America/Chicago', 'America/New_York', 'Europe/London', 'Asia/Kolkata'];

const window = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 6 }))
  .map(([h, len]) => ({
    start: `${String(h).padStart(2, '0')}:00`,
    end: `${String(Math.min(23, h + len)).padStart(2, '0')}:${h + len > 23 ? '59' : '00'}`,
  }));

const someOf = <T>(values: readonly T[]) =>
  fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length });

const mentorArb = fc.record({
  status: fc.constantFrom('pending', 'listed', 'listed', 'listed', 'stepped-out'),
  careerStage: fc.constant('attending'),
  offers: someOf(needKinds),
  areas: fc.uniqueArray(fc.constantFrom(...vocabulary), { maxLength: 4 }),
  style: fc.constantFrom('casual', 'goal-driven', 'either'),
  capacity: fc.integer({ min: 1, max: 4 }),
  menteeStages: someOf(careerStages),
  preferredWeekdays: someOf(weekdays),
  timeWindow: window,
  timeZone: fc.constantFrom(...zones),
  load: fc.integer({ min: 0, max: 4 }),
  openWithMentee: fc.boolean(),
  passedOver: fc.boolean(),
  self: fc.integer({ min: 0, max: 9 }),
});

const requestArb = fc.record({
  mentee: fc.record({
    name: fc.constant('Dr Ben Liu'),
    email: fc.constant('ben@x.org'),
    careerStage: fc.constantFrom(...careerStages),
  }),
  needs: someOf(needKinds),
  goals: fc.constant(['A goal']),
  areas: fc.uniqueArray(fc.constantFrom(...vocabulary), { maxLength: 3 }),
  style: fc.constantFrom('casual', 'goal-driven', 'either'),
  frequency: fc.constant('monthly'),
  preferredWeekdays: someOf(weekdays),
  timeWindow: window,
  timeZone: fc.constantFrom(...zones),
}) as fc.Arbitrary<MenteeRequestInput>;

type Generated = typeof mentorArb extends fc.Arbitrary<infer T> ? T : never;

function pool(generated: Generated[]) {
  const mentors: MentorProfile[] = generated.map((g, i) => ({
    id: `m${String(i).padStart(2, '0')}`,
    name: `Dr Mentor ${String.fromCharCode(65 + (i % 26))}`,
    // One in ten is the mentee themself.
    email: g.self === 0 ? 'ben@x.org' : `m${i}@x.org`,
    department: 'Medicine',
    careerStage: 'attending',
    offers: g.offers,
    areas: g.areas,
    style: g.style as MentorProfile['style'],
    capacity: g.capacity,
    menteeStages: g.menteeStages,
    preferredWeekdays: g.preferredWeekdays,
    timeWindow: g.timeWindow,
    timeZone: g.timeZone,
    availability: 'Email',
    status: g.status as MentorProfile['status'],
    createdAt: reference,
    lastActiveAt: reference,
    revision: 1,
  }));
  const facts = new Map(
    mentors.map((m, i) => [
      m.id,
      {
        load: generated[i]?.load ?? 0,
        openWithMentee: generated[i]?.openWithMentee ?? false,
        passedOver: generated[i]?.passedOver ?? false,
      },
    ]),
  );
  const factsOf = (m: MentorProfile) =>
    facts.get(m.id) ?? { load: 0, openWithMentee: false, passedOver: false };
  return { mentors, factsOf };
}

const arbitraryCase = fc.record({
  request: requestArb,
  mentors: fc.array(mentorArb, { minLength: 0, maxLength: 25 }),
});

describe('matching', () => {
  it('never suggests an excluded mentor', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ request, mentors: generated }) => {
        const { mentors, factsOf } = pool(generated);
        for (const s of suggest(request, mentors, factsOf, reference)) {
          const m = mentors.find((x) => x.id === s.mentorId) as MentorProfile;
          const f = factsOf(m);
          // Each rule checked here on its own, not through the code under test.
          expect(m.status).toBe('listed');
          expect(m.email).not.toBe(request.mentee.email);
          expect(m.menteeStages).toContain(request.mentee.careerStage);
          expect(f.passedOver).toBe(false);
          expect(f.openWithMentee).toBe(false);
          expect(f.load).toBeLessThan(m.capacity);
        }
      }),
    );
  });

  it('is deterministic: the same pool in any order gives the same suggestions', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.integer(), ({ request, mentors: generated }, seed) => {
        const { mentors, factsOf } = pool(generated);
        const shuffled = [...mentors].sort(
          (a, b) => ((a.id.charCodeAt(2) * seed) % 7) - ((b.id.charCodeAt(2) * seed) % 7),
        );
        expect(suggest(request, shuffled, factsOf, reference)).toEqual(
          suggest(request, mentors, factsOf, reference),
        );
      }),
    );
  });

  it('gives only reasons that are true of the pair, best first, at most five, ties to the lower load', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ request, mentors: generated }) => {
        const { mentors, factsOf } = pool(generated);
        const suggestions = suggest(request, mentors, factsOf, reference);
        expect(suggestions.length).toBeLessThanOrEqual(5);
        suggestions.forEach((s, i) => {
          const m = mentors.find((x) => x.id === s.mentorId) as MentorProfile;
          for (const reason of s.reasons) {
            const offer = /^offers (.+), which you asked for$/.exec(reason)?.[1];
            const area = /^also interested in (.+)$/.exec(reason)?.[1];
            const style = /^prefers (casual|goal-driven) meetings, like you$/.exec(reason)?.[1];
            const day = /^free on (\w+) (mornings|afternoons|evenings), in your window$/.exec(
              reason,
            )?.[1];
            const room = /^has room for (\d+) more mentees?$/.exec(reason)?.[1];
            if (offer) {
              const need = {
                'skill building': 'skill',
                'career guidance': 'career',
                'moral support': 'moral-support',
                'other support': 'other',
              }[offer] as (typeof needKinds)[number];
              expect(request.needs).toContain(need);
              expect(m.offers).toContain(need);
            } else if (area) {
              expect(m.areas).toContain(area);
              const wanted = new Set(request.areas.flatMap((a) => [...stems(a)]));
              expect([...stems(area)].some((w) => wanted.has(w))).toBe(true);
            } else if (style) {
              expect(request.style).toBe(style);
              expect(m.style).toBe(style);
            } else if (reason === 'happy with casual or goal-driven meetings') {
              expect(m.style).toBe('either');
            } else if (day) {
              const lower = day.toLowerCase() as (typeof weekdays)[number];
              expect(request.preferredWeekdays).toContain(lower);
              expect(m.preferredWeekdays).toContain(lower);
              expect(sharedTimes(request, m, reference).map((t) => t.day)).toContain(lower);
            } else if (room) {
              expect(Number(room)).toBe(m.capacity - factsOf(m).load);
            } else throw new Error(`a reason nobody checks: ${reason}`);
          }
          const next = suggestions[i + 1];
          if (next) {
            expect(next.score).toBeLessThanOrEqual(s.score);
            const nextMentor = mentors.find((x) => x.id === next.mentorId) as MentorProfile;
            if (next.score === s.score)
              expect(factsOf(nextMentor).load).toBeGreaterThanOrEqual(factsOf(m).load);
          }
        });
      }),
    );
  });

  it('matches areas on words, not exact strings', () => {
    expect(
      sharedAreas(['critical care fellowship'], ['Critical care fellowships', 'leadership']),
    ).toEqual(['Critical care fellowships']);
    expect(sharedAreas(['burnout'], ['Physician burn-out'])).toEqual([]);
    expect(sharedAreas(['the art of teaching'], ['teaching residents'])).toEqual([
      'teaching residents',
    ]);
    // Stop words alone never make a match.
    expect(sharedAreas(['the art of it'], ['the best of all'])).toEqual([]);
  });

  it('compares windows across time zones', () => {
    const chicago = {
      preferredWeekdays: ['tuesday' as const],
      timeWindow: { start: '15:00', end: '17:00' },
      timeZone: 'America/Chicago',
    };
    // 16:00–18:00 in New York is 15:00–17:00 in Chicago.
    expect(
      sharedTimes(
        chicago,
        { ...chicago, timeWindow: { start: '16:00', end: '18:00' }, timeZone: 'America/New_York' },
        reference,
      ),
    ).toEqual([{ day: 'tuesday', startsAt: '15:00' }]);
    // 15:00–17:00 in New York overlaps only 14:00–16:00 Chicago's 15:00–17:00 by an hour.
    expect(sharedTimes(chicago, { ...chicago, timeZone: 'America/New_York' }, reference)).toEqual([
      { day: 'tuesday', startsAt: '15:00' },
    ]);
    expect(
      sharedTimes(chicago, { ...chicago, timeWindow: { start: '08:00', end: '10:00' } }, reference),
    ).toEqual([]);
  });
});
