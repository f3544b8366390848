import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Meeting } from '#domain/meeting';
import {
  answerChange,
  answerRenewal,
  conclude,
  type Party,
  pause,
  proposeChange,
  resume,
} from '#domain/pairing';
import { buildDependencies, type TandemDependencies } from '#runtime/dependencies';
import { meetingLinks } from '#workflows/meeting-changes';
import { actOnPairing, type PairingWorkflowDependencies } from '#workflows/pairing-workflow';
import { activePairing, day, tick } from '../../support/active-pairing.ts';
import {
  sentEmails,
  silentLogger,
  steppingClock,
  testSigningSecret,
} from '../../support/integration.ts';
import { linkToken } from '../../support/pairing-fixtures.ts';
import {
  captureRawMail,
  type ParsedInvite,
  parseInvite,
  type SentRaw,
} from '../../support/raw-mail.ts';

/**
 * What each person's calendar holds, as a calendar app folds what it received: per UID, the
 * message with the highest SEQUENCE wins (RFC 5546 §2.1.5); a REQUEST puts the event in the
 * calendar, a CANCEL takes it out. Also lists every CANCEL that reached a calendar that never
 * held the event.
 */
async function calendars(sent: readonly SentRaw[]) {
  const held = new Map<string, ParsedInvite>();
  const strayCancels: string[] = [];
  const seen = new Set<string>();
  for (const message of sent.filter((s) => /text\/calendar/.test(s.raw))) {
    const invite = await parseInvite(message.raw);
    const key = `${message.to}|${invite.event.uid}`;
    if (invite.method === 'CANCEL' && !seen.has(key)) strayCancels.push(key);
    seen.add(key);
    const current = held.get(key);
    if (!current || invite.event.sequence >= current.event.sequence) held.set(key, invite);
  }
  return {
    holds: (email: string, uid: string) => {
      const latest = held.get(`${email}|${uid}`);
      return latest?.method === 'REQUEST' ? latest : undefined;
    },
    strayCancels,
  };
}

type Step =
  | { kind: 'dispatch'; aheadDays: number }
  | { kind: 'advance'; days: number }
  | { kind: 'pause' | 'resume' | 'end' | 'change' | 'renew'; by: Party }
  | { kind: 'skip' | 'reschedule'; by: Party; pick: number; days: number };

const party = fc.constantFrom<Party>('mentor', 'mentee');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('dispatch' as const),
      aheadDays: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.integer({ min: 0, max: 120 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'pause' as const,
        'resume' as const,
        'end' as const,
        'change' as const,
        'renew' as const,
      ),
      by: party,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('skip' as const, 'reschedule' as const),
      by: party,
      pick: fc.nat({ max: 30 }),
      days: fc.integer({ min: 1, max: 6 }),
    }),
  },
);

/** Relationship changes as the relationship page makes them; refused ones change nothing. */
async function change(workflow: PairingWorkflowDependencies, id: string, s: Step) {
  if (!('by' in s) || s.kind === 'skip' || s.kind === 'reschedule') return;
  const by = s.by;
  const other: Party = by === 'mentor' ? 'mentee' : 'mentor';
  try {
    switch (s.kind) {
      case 'pause':
        await actOnPairing(workflow, id, (p, now) => pause(p, by, undefined, now));
        break;
      case 'resume':
        await actOnPairing(workflow, id, (p, now) => resume(p, by, now));
        break;
      case 'end':
        await actOnPairing(workflow, id, (p, now) =>
          conclude(p, by, 'goals-met', undefined, false, now),
        );
        break;
      case 'change': {
        const proposed = await actOnPairing(workflow, id, (p, now) =>
          proposeChange(
            p,
            by,
            { frequency: p.expectations.frequency === 'weekly' ? 'monthly' : 'weekly' },
            now,
          ),
        );
        const version = proposed.pendingChange?.version ?? -1;
        await actOnPairing(workflow, id, (p, now) => answerChange(p, other, version, true, now));
        break;
      }
      case 'renew':
        for (const who of [by, other])
          await actOnPairing(workflow, id, (p, now) => answerRenewal(p, who, 'renew', now));
        break;
    }
  } catch (error) {
    if (!/LifecycleError/.test((error as Error).name)) throw error;
  }
}

/** Skip or move a meeting from its own page (the invite's "Reschedule or skip" link). */
async function meetingAction(
  deps: TandemDependencies,
  http: Awaited<ReturnType<typeof activePairing>>['http'],
  id: string,
  s: Extract<Step, { kind: 'skip' | 'reschedule' }>,
) {
  const meetings = (await deps.meetingStore.list(id)).filter((m) => m.status === 'scheduled');
  const meeting = meetings[s.pick % Math.max(meetings.length, 1)];
  if (!meeting) return;
  const stored = await deps.pairingStore.get(id);
  const link = new URL(
    (
      await meetingLinks(
        { signer: deps.linkSigner, publicBaseUrl: 'http://tandem.test', clock: deps.clock },
        { pairingId: id, party: s.by, version: stored!.pairing.version, meeting: meeting.index },
      )
    ).manage,
  );
  const date = new Date(Date.parse(`${meeting.date}T00:00:00Z`) + s.days * day)
    .toISOString()
    .slice(0, 10);
  const response = await http.postForm(link.pathname, {
    t: linkToken(link),
    action: s.kind,
    ...(s.kind === 'reschedule' ? { date, time: '15:00' } : {}),
  });
  expect([200, 400, 409, 410]).toContain(response.status);
}

/** Every calendar holds exactly the scheduled meetings it was invited to, at their current time. */
async function expectCalendarsFollowTheRecord(
  meetings: readonly Meeting[],
  people: Record<Party, string>,
  sent: readonly SentRaw[],
) {
  const { holds, strayCancels } = await calendars(sent);
  expect(strayCancels, 'a CANCEL reached a calendar that never had the meeting').toEqual([]);
  for (const meeting of meetings) {
    for (const who of ['mentor', 'mentee'] as const) {
      const event = holds(people[who], meeting.uid);
      const where = `meeting ${meeting.index} (${meeting.status}, s${meeting.sequence}) for the ${who}`;
      if (meeting.status === 'cancelled') {
        expect(event, `${where}: a cancelled meeting is still in the calendar`).toBeUndefined();
        continue;
      }
      // What was sent is recorded, and what is recorded was sent.
      expect(Boolean(event), `${where}: the record of sends disagrees with the mail`).toBe(
        meeting.sent[who]?.method === 'REQUEST',
      );
      if (event && meeting.sent[who]?.sequence === meeting.sequence) {
        expect(event.event.sequence).toBe(meeting.sequence);
        expect(event.event.startDate.toJSDate().toISOString()).toBe(meeting.start);
      }
    }
  }
}

/**
 * A second wiring of the same table with its own clock, as a dispatcher run at another simulated
 * time than the HTTP side; what it sends joins `sent`.
 */
function dispatcherAt(deps: TandemDependencies, at: Date, sent: SentRaw[]) {
  const dispatcherClock = steppingClock(at);
  const dispatcher = buildDependencies(
    deps.config,
    { signingSecret: testSigningSecret },
    { logger: silentLogger, clock: dispatcherClock },
  );
  captureRawMail(dispatcher, sent);
  return { dispatcher, dispatcherClock };
}

describe('what calendars hold follows the record of sends, not the clock', () => {
  it('a pause after a dispatcher run a year ahead cancels every invited meeting for both', async () => {
    const { deps, clock, http, id, request, manageLink, raw: sent } = await activePairing();
    const { dispatcher } = dispatcherAt(deps, new Date(clock.now().getTime() + 365 * day), sent);
    await tick(dispatcher); // `tandem tick --now` a year ahead: every meeting's invite goes out
    const invited = (await deps.meetingStore.list(id)).filter(
      (m) => m.sent.mentor && m.sent.mentee,
    );
    expect(invited.length).toBeGreaterThanOrEqual(12);

    clock.advance(day); // back in real time, the mentee pauses
    const link = await manageLink(request.mentee.email);
    expect((await http.postForm(link.path, { t: link.token, action: 'pause' })).status).toBe(200);
    const cancels = (await calendars(sent)).strayCancels;
    expect(cancels).toEqual([]);
    const meetings = await deps.meetingStore.list(id);
    expect(meetings.filter((m) => m.status === 'cancelled')).toHaveLength(invited.length);
    await expectCalendarsFollowTheRecord(
      meetings,
      { mentor: request.mentor.email, mentee: request.mentee.email },
      sent,
    );
    const cancelCount = sent.filter((s) => /METHOD:CANCEL/.test(s.raw)).length;
    expect(cancelCount).toBe(2 * invited.length);
  });

  it('sends an invite that is already due the moment the pairing becomes active, not at the next run', async () => {
    // Agreed on Monday 1 March; the first Friday three days on is 5 March, within the lead time.
    const { deps, request, id } = await activePairing({ preferredWeekday: 'friday' });
    for (const email of [request.mentor.email, request.mentee.email]) {
      const invites = (await sentEmails(email)).filter((e) => e.subject.startsWith('Invitation:'));
      expect(invites, `no dispatcher run happened, yet ${email} has the invite`).toHaveLength(1);
    }
    const first = await deps.meetingStore.get(id, 0);
    expect(first?.sent).toMatchObject({
      mentor: { sequence: 0, method: 'REQUEST' },
      mentee: { sequence: 0, method: 'REQUEST' },
    });
  });

  it('a skip made while the invite is being sent still takes the meeting out of that calendar', async () => {
    const { deps, clock, http, id, request, raw: sent } = await activePairing();
    let skipped = false;
    // The skip lands between the dispatcher's read of the meeting and SES accepting the invite.
    deps.sesClient.middlewareStack.add(
      (next) => async (args) => {
        if (!skipped) {
          skipped = true;
          const link = new URL(
            (
              await meetingLinks(
                { signer: deps.linkSigner, publicBaseUrl: 'http://tandem.test', clock },
                { pairingId: id, party: 'mentor', version: 1, meeting: 0 },
              )
            ).manage,
          );
          const response = await http.postForm(link.pathname, {
            t: linkToken(link),
            action: 'skip',
          });
          expect(response.status).toBe(200);
        }
        return next(args);
      },
      { step: 'initialize', name: 'skipMidSend', priority: 'high' },
    );
    clock.advance(2 * day); // the first meeting's invites are due
    await tick(deps);
    const meetings = await deps.meetingStore.list(id);
    expect(meetings[0]?.status).toBe('cancelled');
    await expectCalendarsFollowTheRecord(
      meetings,
      { mentor: request.mentor.email, mentee: request.mentee.email },
      sent,
    );
    expect(sent.filter((s) => /METHOD:CANCEL/.test(s.raw)).length).toBeGreaterThan(0);
  });

  it('holds for any interleaving of dispatcher runs at any simulated time and relationship changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 9 }), async (steps) => {
        const { deps, clock, http, id, request, raw: sent } = await activePairing();
        const { dispatcher, dispatcherClock } = dispatcherAt(deps, clock.now(), sent);
        for (const s of steps) {
          if (s.kind === 'dispatch') {
            dispatcherClock.set(new Date(clock.now().getTime() + s.aheadDays * day));
            const summary = await tick(dispatcher);
            expect(summary.parked).toBe(0);
          } else if (s.kind === 'advance') {
            clock.advance(s.days * day);
          } else if (s.kind === 'skip' || s.kind === 'reschedule') {
            await meetingAction(deps, http, id, s);
          } else {
            await change(deps.pairingWorkflow, id, s);
            await deps.outboxSettled();
          }
        }
        // Whatever is due by the later of the two clocks has gone out.
        dispatcherClock.set(
          new Date(Math.max(clock.now().getTime(), dispatcherClock.now().getTime())),
        );
        await tick(dispatcher);
        await expectCalendarsFollowTheRecord(
          await deps.meetingStore.list(id),
          { mentor: request.mentor.email, mentee: request.mentee.email },
          sent,
        );
      }),
      { numRuns: 10, endOnFailure: true },
    );
    // Ten pairings' years of dispatcher runs, each now also sending check-ins to both people:
    // about a minute on a 2-core machine, so it gets three.
  }, 180_000);
});
