import { describe, expect, it } from 'vitest';
import { activePairing, admin, day, start, tick } from '../../support/active-pairing.ts';
import { adminOffice, sentEmails } from '../../support/integration.ts';
import { pairingRequest, respondLinkFor, shortLinkIn } from '../../support/pairing-fixtures.ts';

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
    expect(page.body).toContain('Your next meeting: Tuesday, March 16, 2027');
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
    const asks = await sentEmails(adminOffice(deps));
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

  it('carries the agreed place to the summary, the invites and the pages; a new place is a change both agree', async () => {
    const { deps, clock, http, request, id, manageLink, invites } = await activePairing({
      place: 'ICU seminar room 4B',
    });
    const [summary] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith('Agreed:'),
    );
    expect(summary?.body.text).toContain('place: ICU seminar room 4B.');
    clock.set(new Date(start.getTime() + 2 * day)); // the first meeting (9 March) is invited
    await tick(deps);
    const first = (await invites()).filter((i) => i.method === 'REQUEST');
    expect(first.map((i) => i.event.location)).toEqual([
      'ICU seminar room 4B',
      'ICU seminar room 4B',
    ]);
    const [invitation] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.startsWith('Invitation:'),
    );
    expect(invitation?.body.text).toContain('Place: ICU seminar room 4B.');

    // The mentee proposes a video call instead; nothing changes until the mentor agrees.
    const mentee = await manageLink(request.mentee.email);
    const proposed = await http.postForm(mentee.path, {
      t: mentee.token,
      action: 'propose-change',
      frequency: 'monthly',
      formality: 'goal-driven',
      meetingMinutes: '30',
      'timeWindow.start': '15:00',
      'timeWindow.end': '17:00',
      place: 'https://meet.example.org/ada-ben',
    });
    expect(proposed.body).toContain('Change proposed');
    const [proposal] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.includes('proposes a change'),
    );
    expect(proposal?.body.text).toContain('where you meet: https://meet.example.org/ada-ben');
    const mentor = await manageLink(request.mentor.email);
    const page = await http.get(mentor.path);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    await http.postForm(mentor.path, { t: mentor.token, action: 'agree-change', version });
    expect((await http.get(`/api/pairings/${id}`, admin)).json().expectations.place).toBe(
      'https://meet.example.org/ada-ben',
    );
    clock.advance(day);
    await tick(deps);
    const renewed = (await invites()).filter(
      (i) => i.method === 'REQUEST' && i.event.location === 'https://meet.example.org/ada-ben',
    );
    expect(renewed.length).toBeGreaterThan(0);
    expect((await http.get(mentee.path)).body).toContain(
      'Place: https://meet.example.org/ada-ben.',
    );
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

/** The first link in the newest email to `address` whose subject matches (a short `/l/` link). */
async function linkIn(address: string, subject: RegExp) {
  const email = (await sentEmails(address)).filter((e) => subject.test(e.subject)).at(-1);
  const link = shortLinkIn(email?.body.text ?? '');
  if (!link) throw new Error(`no link in "${email?.subject}" to ${address}`);
  return link;
}

describe('renewing the term', () => {
  it('renews only when both say so: a new term, meetings planned for it, the old end stale', async () => {
    const { deps, clock, http, request, id } = await activePairing({ termMonths: 2 });
    clock.set(new Date('2027-04-01T16:00:00Z')); // the notice: 30 days before 1 May
    await tick(deps);
    const notice = /term ends on Saturday, May 1, 2027/;
    const mentee = await linkIn(request.mentee.email, notice);
    const mentor = await linkIn(request.mentor.email, notice);
    expect((await http.get(`${mentee.path}?t=${mentee.token}`)).body).toContain(
      'Renew for another term',
    );

    const first = await http.postForm(mentee.path, { t: mentee.token, action: 'renew' });
    expect(first.body).toContain('We have asked the other person');
    expect((await http.get(`/api/pairings/${id}`, admin)).json().termEndsOn).toBe('2027-05-01');
    expect(
      (await sentEmails(request.mentor.email)).filter((e) =>
        e.subject.includes('would like to renew'),
      ),
    ).toHaveLength(1);

    const second = await http.postForm(mentor.path, { t: mentor.token, action: 'renew' });
    expect(second.body).toContain('Renewed');
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'active',
      termEndsOn: '2027-07-01',
    });
    for (const person of [request.mentor, request.mentee])
      expect(
        (await sentEmails(person.email)).filter((e) => e.subject === 'Your mentoring is renewed'),
      ).toHaveLength(1);

    // The first term's end passes without ending anything; meetings of the new term exist.
    clock.set(new Date('2027-05-02T00:00:00Z'));
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active');
    const dates = (await deps.meetingStore.list(id)).map((m) => m.date);
    expect(dates.filter((d) => d > '2027-05-01' && d <= '2027-07-01').length).toBe(2);

    // The second term ends as usual.
    clock.set(new Date('2027-07-02T00:00:00Z'));
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'concluded',
      closeReason: 'program-ended',
    });
  });

  it('one "let it end" ends it with the term; renewing outside the last 30 days is refused', async () => {
    const { deps, clock, http, request, id, manageLink } = await activePairing({ termMonths: 2 });
    const early = await manageLink(request.mentor.email);
    const refused = await http.postForm(early.path, { t: early.token, action: 'renew' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('last 30 days');

    clock.set(new Date('2027-04-01T16:00:00Z'));
    await tick(deps);
    const notice = /term ends on/;
    const mentor = await linkIn(request.mentor.email, notice);
    const mentee = await linkIn(request.mentee.email, notice);
    await http.postForm(mentee.path, { t: mentee.token, action: 'renew' });
    const ended = await http.postForm(mentor.path, { t: mentor.token, action: 'let-end' });
    expect(ended.body).toContain('Your mentoring ends with the term');
    expect(
      (await sentEmails(request.mentee.email)).filter(
        (e) => e.subject === 'Your mentoring ends at the end of the term',
      ),
    ).toHaveLength(1);
    clock.set(new Date('2027-05-02T00:00:00Z'));
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'concluded',
      closeReason: 'program-ended',
      termEndsOn: '2027-05-01',
    });
  });
});

describe('the frequency review every 3 meetings', () => {
  const reviewSubject = /still suit you/;
  async function reviewed() {
    const setup = await activePairing({ frequency: 'weekly' });
    const { deps, clock, request } = setup;
    clock.set(new Date('2027-03-20T12:00:00Z')); // meetings on 9 and 16 March held
    await tick(deps);
    expect(
      await sentEmails(request.mentor.email).then((e) =>
        e.filter((m) => reviewSubject.test(m.subject)),
      ),
    ).toEqual([]);
    clock.set(new Date('2027-03-25T12:00:00Z')); // the third (23 March) held, its check-in due
    await tick(deps);
    /** The one-click link for `answer` in the person's review email. */
    const answerLink = async (email: string, answer: string) => {
      const [asked] = (await sentEmails(email)).filter((e) => reviewSubject.test(e.subject));
      const line = (asked?.body.text ?? '').split('\n').find((l) => l.endsWith(`?a=${answer}`));
      const url = new URL(/http:\/\/tandem\.test\/l\/\S+/.exec(line ?? '')![0]);
      return { path: url.pathname, token: url.pathname.slice('/l/'.length), url };
    };
    return { ...setup, answerLink };
  }

  it('asks both once after the third meeting; one wish against "keep" becomes a change for the other to agree', async () => {
    const { deps, clock, http, request, id, answerLink } = await reviewed();
    for (const person of [request.mentor, request.mentee]) {
      const asked = (await sentEmails(person.email)).filter((e) => reviewSubject.test(e.subject));
      expect(asked).toHaveLength(1);
      for (const answer of ['keep', 'less-often', 'more-often'])
        expect(asked[0]?.body.text).toContain(`?a=${answer}`);
    }
    const mentee = await answerLink(request.mentee.email, 'less-often');
    // Opening the link (as a mail scanner would) records nothing.
    const page = await http.get(`${mentee.path}?a=less-often`);
    expect(page.body).toMatch(/id="answer-less-often" name="answer" value="less-often" checked/);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().review.answers).toEqual({});

    await http.postForm(mentee.path, { t: mentee.token, answer: 'less-often' });
    const mentor = await answerLink(request.mentor.email, 'keep');
    await http.postForm(mentor.path, { t: mentor.token, answer: 'keep' });
    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state.expectations.frequency).toBe('weekly');
    expect(state.pendingChange).toMatchObject({ by: 'mentee', change: { frequency: 'biweekly' } });
    expect(
      (await sentEmails(request.mentor.email)).filter((e) =>
        e.subject.includes('proposes a change'),
      ),
    ).toHaveLength(1);

    // A second answer changes nothing; no second review until three more meetings.
    await http.postForm(mentor.path, { t: mentor.token, answer: 'more-often' });
    expect((await http.get(`/api/pairings/${id}`, admin)).json().review.answers.mentor).toBe(
      'keep',
    );
    clock.set(new Date('2027-03-31T12:00:00Z'));
    await tick(deps);
    expect(
      (await sentEmails(request.mentee.email)).filter((e) => reviewSubject.test(e.subject)),
    ).toHaveLength(1);
  });

  it('the same wish from both is agreed at once: new frequency, new summaries, old invites cancelled', async () => {
    const { http, request, id, answerLink, invites } = await reviewed();
    for (const person of [request.mentee, request.mentor]) {
      const link = await answerLink(person.email, 'less-often');
      expect((await http.postForm(link.path, { t: link.token, answer: 'less-often' })).status).toBe(
        200,
      );
    }
    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state).toMatchObject({ expectations: { frequency: 'biweekly' }, version: 2 });
    expect(state.pendingChange).toBeUndefined();
    expect(
      (await sentEmails(request.mentee.email)).filter((e) => e.subject.startsWith('Agreed:')),
    ).toHaveLength(2);
    expect((await invites()).some((i) => i.method === 'CANCEL')).toBe(true);
  });

  it('opposite wishes reach the administrators and change nothing', async () => {
    const { http, deps, request, id, answerLink } = await reviewed();
    const mentee = await answerLink(request.mentee.email, 'less-often');
    await http.postForm(mentee.path, { t: mentee.token, answer: 'less-often' });
    const mentor = await answerLink(request.mentor.email, 'more-often');
    await http.postForm(mentor.path, { t: mentor.token, answer: 'more-often' });
    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state.expectations.frequency).toBe('weekly');
    expect(state.pendingChange).toBeUndefined();
    const alerts = (await sentEmails(adminOffice(deps))).filter(
      (e) => e.subject.includes('disagree on how often') && e.body.text?.includes(id),
    );
    expect(alerts).toHaveLength(1);
  });
});
