import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, sentEmails, steppingClock } from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-fixtures.ts';

const start = new Date('2027-03-01T14:00:00Z');

const hostileText = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "Dr O'Brien & <Sons>",
    'Ada\r\nBcc: attacker@evil.example',
    'Ada\nSubject: you won',
    '\u202eevil\u202c',
    'x'.repeat(5000),
    '',
    '   ',
    '👩‍⚕️ Dr Zoë Ñúñez',
    '{{7*7}} #{7*7}',
    '\u0000null',
  ),
  fc.string({ maxLength: 40 }),
);

/** Mostly null (keep the valid value), sometimes the hostile one. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: arb, weight: 1 });

/** A request where any field may be replaced by something hostile or of the wrong type. */
const hostileRequest = fc
  .record({
    base: fc.constant(null).map(() => pairingRequest()),
    mentorName: sometimes(hostileText),
    menteeName: sometimes(hostileText),
    goal: sometimes(hostileText),
    availability: sometimes(hostileText),
    note: sometimes(hostileText),
    frequency: sometimes(fc.oneof(hostileText, fc.constantFrom('weekly', 'quarterly'))),
    minutes: sometimes(fc.oneof(fc.integer(), fc.constant('30'), fc.constant(null))),
    needs: sometimes(fc.anything()),
    extra: sometimes(fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 2 })),
  })
  .map(
    ({
      base,
      mentorName,
      menteeName,
      goal,
      availability,
      note,
      frequency,
      minutes,
      needs,
      extra,
    }) => ({
      ...base,
      ...(extra ?? {}),
      mentor: { ...base.mentor, ...(mentorName === null ? {} : { name: mentorName }) },
      mentee: { ...base.mentee, ...(menteeName === null ? {} : { name: menteeName }) },
      goals: goal === null ? base.goals : [goal, ...base.goals],
      mentorAvailability: availability ?? base.mentorAvailability,
      ...(note === null ? {} : { note }),
      ...(frequency === null ? {} : { frequency }),
      ...(minutes === null ? {} : { meetingMinutes: minutes }),
      ...(needs === null ? {} : { needs }),
    }),
  );

describe('POST /api/pairings under hostile input', () => {
  it('never answers 500, never stores an invalid pairing, never puts unescaped markup in an email', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    let created = 0;

    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const response = await http.postJson('/api/pairings', request);
        expect([201, 400, 409]).toContain(response.status);
        if (response.status !== 201) {
          if (response.status === 400)
            expect(Object.keys(response.json().errors).length).toBeGreaterThan(0);
          return;
        }
        created++;
        const stored = await deps.pairingStore.get(response.json().id);
        const { mentor, mentee, expectations } = stored!.pairing;
        // The test's own idea of a valid pairing, not the production validator's.
        for (const name of [mentor.name, mentee.name]) {
          expect(name).toBe(name.trim());
          expect(name.length).toBeGreaterThan(0);
          expect(name.length).toBeLessThanOrEqual(100);
          expect(name).not.toMatch(/\p{Cc}|[\u2028\u2029\u202a-\u202e]/u);
        }
        for (const address of [mentor.email, mentee.email])
          expect(address).toMatch(/^[^@\s]+@test-hospital\.example\.org$/);
        expect(expectations.goals.length).toBeGreaterThanOrEqual(1);
        expect(expectations.goals.length).toBeLessThanOrEqual(5);
        for (const goal of expectations.goals) expect(goal.length).toBeLessThanOrEqual(300);
        expect(['weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly']).toContain(
          expectations.frequency,
        );
        expect([30, 45, 60]).toContain(expectations.meetingMinutes);

        // Each created pairing's proposal reached the mentee, and holds no live markup.
        const emails = await sentEmails(mentee.email);
        expect(emails.length).toBeGreaterThan(0);
        for (const email of emails) {
          const html = email.body.html ?? '';
          // Markup typed by a person shows as text: no tag, and no attribute inside a tag.
          expect(html).not.toMatch(/<script|<img|<[^>]*\bonerror=/i);
        }
      }),
      { numRuns: 60 },
    );
    expect(created).toBeGreaterThan(5); // the property also exercised the success path
  });

  it('never lets a typed line break become a header of the proposal email', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    const request = pairingRequest();
    const response = await http.postJson('/api/pairings', {
      ...request,
      mentor: { ...request.mentor, name: 'Ada\r\nBcc: attacker@evil.example' },
    });
    expect(response.status).toBe(400);
    expect(response.json().errors['mentor.name']).toBe(
      'Mentor name must be a single line of plain text',
    );

    const ok = await http.postJson('/api/pairings', {
      ...request,
      mentor: { ...request.mentor, name: 'Ada "Bcc: x@y" <z>' },
    });
    expect(ok.status).toBe(201);
    const [proposal] = await sentEmails(request.mentee.email);
    expect(proposal?.subject).toBe(
      'Please confirm your mentoring expectations with Ada "Bcc: x@y" <z>',
    );
    expect(proposal?.destination.to).toEqual([request.mentee.email]);
    expect((proposal as unknown as { destination: { bcc: string[] } }).destination.bcc).toEqual([]);
  });

  it('answers 400, never 500, to bodies of any shape', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        const response = await http.postJson('/api/pairings', JSON.stringify(body) ?? 'undefined');
        expect(response.status).toBe(400);
      }),
      { numRuns: 100 },
    );
  });
});
