import { describe, expect, it } from 'vitest';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import type { TandemDependencies } from '#runtime/dependencies';
import { httpClient } from '../support/http-events.ts';
import {
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
} from '../support/integration.ts';
import { pairingRequest, respondLinkFor } from '../support/pairing-fixtures.ts';
import { captureRawMail, parseInvite } from '../support/raw-mail.ts';

const start = new Date('2027-03-01T14:00:00Z');
const day = 86_400_000;
const admin = { authorization: `Bearer ${testAdminKey}` };

async function activePairing(overrides: Record<string, unknown> = {}) {
  const clock = steppingClock(start);
  const deps = await integrationDependencies({ clock });
  const http = httpClient(deps);
  const request = pairingRequest(overrides);
  const id = (await http.postJson('/api/pairings', request)).json().id as string;
  for (const party of [request.mentor, request.mentee]) {
    const link = await respondLinkFor(party.email);
    await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' });
  }
  const sent = captureRawMail(deps);
  /** The personal "pause or end" link from a party's summary email. */
  const manageLink = async (email: string) => {
    const [summary] = (await sentEmails(email)).filter((e) => e.subject.startsWith('Agreed:'));
    const url = new URL(
      /http:\/\/tandem\.test\/relationship\/\S+/.exec(summary?.body.text ?? '')![0],
    );
    return { path: url.pathname, token: url.searchParams.get('t')! };
  };
  const invites = () =>
    Promise.all(sent.filter((s) => /text\/calendar/.test(s.raw)).map((s) => parseInvite(s.raw)));
  return { deps, clock, http, request, id, manageLink, invites };
}

const tick = (deps: TandemDependencies) =>
  createDispatcherHandler(deps)({}, localLambdaContext('dispatcher'));

describe('pausing, resuming and ending a relationship', () => {
  it('pause cancels the invited meetings (METHOD:CANCEL, SEQUENCE + 1) and sends nothing until resumed', async () => {
    const { deps, clock, http, request, id, manageLink, invites } = await activePairing({
      frequency: 'weekly',
    });
    clock.set(new Date(start.getTime() + 9 * day)); // 10 March: the 9th is over, the 16th is invited
    await tick(deps);
    const invited = (await invites()).filter((i) => i.method === 'REQUEST');
    const upcoming = invited.find((i) => i.event.startDate.toString().startsWith('2027-03-16'))!;
    expect(upcoming).toBeDefined();

    const link = await manageLink(request.mentee.email);
    const page = await http.get(`${link.path}?t=${link.token}`);
    expect(page.body).toContain('Active.');
    const paused = await http.postForm(link.path, { t: link.token, action: 'pause' });
    expect(paused.body).toContain('Paused');
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('paused');

    const cancels = (await invites()).filter((i) => i.method === 'CANCEL');
    expect(cancels.map((c) => [c.event.uid, c.event.sequence])).toEqual([
      [upcoming.event.uid, 1],
      [upcoming.event.uid, 1],
    ]);
    expect(
      await sentEmails(request.mentor.email).then((e) =>
        e.filter((m) => m.subject === 'Your mentoring is paused'),
      ),
    ).toHaveLength(1);

    const before = (await invites()).length;
    clock.set(new Date(start.getTime() + 40 * day));
    await tick(deps);
    expect((await invites()).length).toBe(before); // no invite, update or check-in while paused
    // The 9 March check-in was due after the pause began: none is sent while paused.
    expect(
      (await sentEmails(request.mentee.email)).filter((e) => e.subject.startsWith('How did your')),
    ).toHaveLength(0);

    const resumed = await http.postForm(link.path, { t: link.token, action: 'resume' });
    expect(resumed.body).toContain('Resumed');
    await tick(deps);
    const fresh = (await invites()).filter(
      (i) => i.method === 'REQUEST' && /-m1\d{3}@/.test(i.event.uid),
    );
    expect(fresh.length).toBeGreaterThan(0); // a new series with new UIDs
    expect(new Set(fresh.map((i) => i.event.uid)).has(upcoming.event.uid)).toBe(false);
  });

  it('a pause until a date resumes by itself on that date', async () => {
    const { deps, clock, http, request, id, manageLink } = await activePairing();
    const link = await manageLink(request.mentor.email);
    await http.postForm(link.path, { t: link.token, action: 'pause', until: '2027-05-03' });
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'paused',
      pausedUntil: '2027-05-03',
    });
    clock.set(new Date('2027-05-03T12:00:00Z'));
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active');
    expect(
      (await sentEmails(request.mentee.email)).filter(
        (e) => e.subject === 'Your mentoring has resumed',
      ),
    ).toHaveLength(1);
  });

  it('ends after a confirmation, with a closing email to each and the pair freed; a mentor can ask for a new mentor', async () => {
    const { deps, clock, http, request, id, manageLink, invites } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z'));
    await tick(deps); // first meeting held, check-in sent
    const link = await manageLink(request.mentor.email);
    const confirm = await http.postForm(link.path, {
      t: link.token,
      action: 'end',
      reason: 'mentor-stepped-back',
      note: 'New role abroad',
      askNewMentor: 'yes',
    });
    expect(confirm.body).toContain('Yes, end the relationship');
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active'); // not yet

    const ended = await http.postForm(link.path, {
      t: link.token,
      action: 'end-confirmed',
      reason: 'mentor-stepped-back',
      note: 'New role abroad',
      askNewMentor: 'yes',
    });
    expect(ended.body).toContain('The relationship has ended');
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'concluded',
      closeReason: 'mentor-stepped-back',
    });

    for (const person of [request.mentor, request.mentee]) {
      const [closing] = (await sentEmails(person.email)).filter((e) =>
        e.subject.startsWith('Your mentoring with'),
      );
      expect(closing?.body.text).toContain(
        'Together you held 1 meeting (0.5 hours), and 0 check-ins were answered.',
      );
      expect(closing?.body.text).toContain('the mentor is stepping back');
    }
    const asks = await sentEmails('admin-office@test-hospital.example.org');
    expect(
      asks.some(
        (e) => e.subject.includes('needs a new mentor') && e.body.text?.includes('New role abroad'),
      ),
    ).toBe(true);

    // Nothing more is sent for this pairing, and the two can be proposed again.
    const before = (await invites()).length;
    clock.set(new Date(start.getTime() + 60 * day));
    await tick(deps);
    expect((await invites()).length).toBe(before);
    const again = await http.postJson('/api/pairings', {
      ...pairingRequest(),
      mentor: request.mentor,
      mentee: request.mentee,
      firstMeetingBy: '2027-06-30',
    });
    expect(again.status).toBe(201);
  });

  it('keeps relationship links apart from agreement links', async () => {
    const { http, request, id, manageLink } = await activePairing();
    const link = await manageLink(request.mentee.email);
    expect(
      (await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' })).body,
    ).toContain('belongs to another pairing');
    const agreement = await respondLinkFor(request.mentee.email);
    expect(
      (await http.postForm(link.path, { t: agreement.token, action: 'pause' })).body,
    ).toContain('belongs to another pairing');
  });

  it('sends a notice 30 days before the term ends, then ends it with the reason program-ended', async () => {
    const { deps, clock, http, request, id } = await activePairing({ termMonths: 2 });
    clock.set(new Date('2027-04-01T16:00:00Z')); // 30 days before 1 May, after 09:00 Chicago
    await tick(deps);
    expect(
      (await sentEmails(request.mentee.email)).filter(
        (e) => e.subject === 'Your mentoring term ends on Saturday, May 1, 2027',
      ),
    ).toHaveLength(1);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active');
    clock.set(new Date('2027-05-02T00:00:00Z')); // after 18:00 Chicago on 1 May
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'concluded',
      closeReason: 'program-ended',
    });
    const [closing] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.startsWith('Your mentoring with'),
    );
    expect(closing?.body.text).toContain('the program term ended');
  });

  it('changes the frequency when the other party agrees: old invites cancelled, new series, new summaries', async () => {
    const { deps, clock, http, request, id, manageLink, invites } = await activePairing();
    clock.set(new Date(start.getTime() + 2 * day)); // the first meeting (9 March) is invited
    await tick(deps);
    const first = (await invites()).find((i) => i.method === 'REQUEST')!;
    const mentee = await manageLink(request.mentee.email);
    const proposed = await http.postForm(mentee.path, {
      t: mentee.token,
      action: 'propose-change',
      frequency: 'biweekly',
      formality: 'goal-driven',
      meetingMinutes: '30',
      'timeWindow.start': '15:00',
      'timeWindow.end': '17:00',
      note: 'Exam season',
    });
    expect(proposed.body).toContain('Change proposed');
    const [proposal] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.includes('proposes a change'),
    );
    expect(proposal?.body.text).toContain('how often: every 2 weeks');
    expect((await http.get(`/api/pairings/${id}`, admin)).json().expectations.frequency).toBe(
      'monthly',
    ); // not yet

    const mentor = await manageLink(request.mentor.email);
    const page = await http.get(`${mentor.path}?t=${mentor.token}`);
    expect(page.body).toContain('Dr Ben Liu proposes a change');
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    expect(
      (await http.postForm(mentor.path, { t: mentor.token, action: 'agree-change', version })).body,
    ).toContain('Change agreed');

    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state).toMatchObject({
      version: 2,
      expectations: { frequency: 'biweekly' },
      series: { generation: 1, firstIndex: 1000 },
    });
    const cancels = (await invites()).filter((i) => i.method === 'CANCEL');
    expect(cancels.map((c) => c.event.uid)).toEqual([first.event.uid, first.event.uid]);
    expect(
      (await sentEmails(request.mentee.email)).filter((e) => e.subject.startsWith('Agreed:')),
    ).toHaveLength(2);
    const planned = await deps.meetingStore.list(id);
    const newSeries = planned.filter((m) => m.index >= 1000);
    expect(newSeries.length).toBeGreaterThan(20); // every 2 weeks over the rest of the term
    expect(planned.filter((m) => m.index < 1000 && m.status === 'scheduled')).toEqual([]);
  });

  it('keeps the agreement when the other party declines a change, and tells the proposer', async () => {
    const { http, request, id, manageLink } = await activePairing();
    const mentor = await manageLink(request.mentor.email);
    await http.postForm(mentor.path, {
      t: mentor.token,
      action: 'propose-change',
      frequency: 'weekly',
      formality: 'goal-driven',
      meetingMinutes: '30',
      'timeWindow.start': '15:00',
      'timeWindow.end': '17:00',
    });
    const mentee = await manageLink(request.mentee.email);
    const page = await http.get(`${mentee.path}?t=${mentee.token}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    // The proposer cannot answer their own proposal.
    expect(
      (await http.postForm(mentor.path, { t: mentor.token, action: 'agree-change', version }))
        .status,
    ).toBe(400);
    await http.postForm(mentee.path, { t: mentee.token, action: 'decline-change', version });
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      version: 1,
      expectations: { frequency: 'monthly' },
    });
    expect(
      (await sentEmails(request.mentor.email)).filter((e) =>
        e.subject.includes('kept the current arrangement'),
      ),
    ).toHaveLength(1);
  });
});
