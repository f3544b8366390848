import { describe, expect, it } from 'vitest';
import { tick } from '../../support/active-pairing.ts';
import { httpClient } from '../../support/http-events.ts';
import {
  adminOffice,
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
} from '../../support/integration.ts';
import { emailsTo, pairingRequest, respondLinkFor } from '../../support/pairing-fixtures.ts';

const start = new Date('2027-03-01T14:00:00Z'); // a Monday; 08:00 in Chicago
const day = 86_400_000;
const admin = { authorization: `Bearer ${testAdminKey}` };

async function setUp() {
  const clock = steppingClock(start);
  const deps = await integrationDependencies({ clock });
  return { clock, deps, http: httpClient(deps) };
}

async function submit(
  http: ReturnType<typeof httpClient>,
  overrides: Record<string, unknown> = {},
) {
  const request = pairingRequest(overrides);
  const response = await http.postJson('/api/pairings', request);
  expect(response.status, response.body).toBe(201);
  return { request, id: response.json().id as string };
}

describe('pairing intake and agreement', () => {
  it('walks the whole loop: submit, two proposals, both agree, one summary each that matches', async () => {
    const { http } = await setUp();
    const request = pairingRequest();
    const created = await http.postJson('/api/pairings', request);
    expect(created.status).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(String), status: 'proposed' });
    const id = created.json().id;

    const [toMentor] = await emailsTo(request.mentor.email, /mentoring expectations/);
    const [toMentee] = await emailsTo(request.mentee.email, /mentoring expectations/);
    expect(toMentor?.subject).toBe('Please confirm your mentoring expectations with Dr Ben Liu');
    expect(toMentee?.subject).toBe('Please confirm your mentoring expectations with Dr Ada Okafor');
    expect(toMentor?.body.text).toContain('Lead a code blue with confidence');
    // Who proposed it and why, the time asked over the term, and (for the mentor) whether now
    // is the right time, with the no-fault ways to say no.
    expect(toMentor?.body.text).toContain(
      'Physician Mentoring Program proposes you as mentor to Dr Ben Liu, resident.',
    );
    expect(toMentor?.body.text).toContain(
      'Why you: Dr Ben Liu is looking for help with a skill and a career step or position',
    );
    for (const email of [toMentor, toMentee])
      expect(email?.body.text).toContain(
        'about 6 hours over 12 months (12 meetings of 30 minutes)',
      );
    expect(toMentor?.body.text).toContain('Is now the right time for you?');
    expect(toMentor?.body.text).toContain('Not the right time for me');
    expect(toMentee?.body.text).not.toContain('Is now the right time');
    // The HTML links through its button; it never shows a URL.
    for (const email of [toMentor, toMentee])
      expect(email?.body.html?.replace(/<[^>]+>/g, '')).not.toMatch(/https?:\/\//);

    const menteeLink = await respondLinkFor(request.mentee.email);
    const mentorLink = await respondLinkFor(request.mentor.email);
    expect(menteeLink.url.length).toBeLessThanOrEqual(100);
    const page = await http.get(menteeLink.path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Choose a fellowship');
    expect(page.body).toContain('You are the <strong>mentee</strong>');
    expect(page.body).not.toContain('Decline this pairing'); // only the mentor may decline

    const menteeAgrees = await http.postForm(`/respond/${id}`, {
      t: menteeLink.token,
      action: 'agree',
    });
    expect(menteeAgrees.status).toBe(200);
    expect(menteeAgrees.body).toContain('We are waiting for Dr Ada Okafor');
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('agreeing');

    const mentorAgrees = await http.postForm(`/respond/${id}`, {
      t: mentorLink.token,
      action: 'agree',
    });
    expect(mentorAgrees.body).toContain('You have both agreed');

    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state).toMatchObject({
      status: 'active',
      termEndsOn: '2028-03-01',
      firstMeetingOn: '2027-03-09',
    });

    for (const [party, other] of [
      [request.mentor, request.mentee],
      [request.mentee, request.mentor],
    ] as const) {
      const summaries = await emailsTo(party.email, /^Agreed:/);
      expect(summaries).toHaveLength(1);
      const text = summaries[0]?.body.text ?? '';
      // First what happened, when and where they meet, and how to reach each other; then the
      // goals, each person's next steps, the one link, and the agreed expectations last.
      const inOrder = [
        `You and ${other.name} have both agreed. Your first meeting is on Tuesday, March 9, 2027, 15:00–15:30 (America/Chicago); place: To be agreed between mentor and mentee.`,
        `Contact ${other.name}: ${other.email}`,
        'Goals:\n1. Lead a code blue with confidence\n2. Choose a fellowship',
        'Your next steps:',
        `${other.name}'s next steps:`,
        'Manage our mentoring (pause, change or end): http://tandem.test/l/',
        'The agreed expectations:',
        'A skill, a career step or position',
        'Every month',
        'Goal-driven, with next steps after each meeting',
        '30 minutes',
        'Tuesdays, between 15:00 and 17:00 (America/Chicago)',
        'Email only, weekdays; at most 4 messages a month',
        'Term ends:\n  Wednesday, March 1, 2028',
      ];
      let from = 0;
      for (const expected of inOrder) {
        const at = text.indexOf(expected, from);
        expect(at, `"${expected}" after position ${from} in:\n${text}`).toBeGreaterThan(-1);
        from = at + expected.length;
      }
      // The mentee introduces themself to the mentor, at the mentor's address.
      expect(text).toContain(
        `Send ${request.mentor.name} (${request.mentor.email}) a short introduction`,
      );
      expect(text).toContain('At the end of each meeting, agree with Dr Ben Liu on next steps');
      // One button in the HTML, and the other person's address as a mail link.
      const html = summaries[0]?.body.html ?? '';
      expect(html.match(/<a href="http/g)).toHaveLength(1);
      expect(html).toContain(`href="mailto:${other.email}"`);
    }
  });

  /** A mentee's suggested change from the agreement page: every 2 weeks, 45 minutes, 16–17. */
  const suggestion = {
    action: 'suggest',
    frequency: 'biweekly',
    formality: 'goal-driven',
    meetingMinutes: '45',
    'timeWindow.start': '16:00',
    'timeWindow.end': '17:00',
  };

  it('refuses a suggested change whose place is not plain text, and keeps the proposal as it was', async () => {
    const { http } = await setUp();
    const { request, id } = await submit(http);
    const mentee = await respondLinkFor(request.mentee.email);
    const before = (await http.get(`/api/pairings/${id}`, admin)).json();
    const refused = await http.postForm(`/respond/${id}`, {
      t: mentee.token,
      ...suggestion,
      // A right-to-left override: the calendar's LOCATION would read otherwise than it is stored.
      place: 'Room \u202e4021 moor',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('The place contains characters that are not text');
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toEqual(before);
    expect(before).toMatchObject({ status: 'proposed', version: 1 });
    expect(await emailsTo(request.mentor.email, /suggested changes/)).toHaveLength(0);
  });

  it('asks the other party to agree to a suggested change, and old links then say so', async () => {
    const { http } = await setUp();
    const { request, id } = await submit(http);
    const mentorV1 = await respondLinkFor(request.mentor.email);
    const menteeV1 = await respondLinkFor(request.mentee.email);

    const suggested = await http.postForm(`/respond/${id}`, {
      t: menteeV1.token,
      ...suggestion,
      note: 'Exam season <soon>',
    });
    expect(suggested.status).toBe(200);
    expect(suggested.body).toContain('Suggestion sent');

    const changed = await emailsTo(request.mentor.email, /suggested changes/);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.subject).toBe('Dr Ben Liu suggested changes to your mentoring expectations');
    expect(changed[0]?.body.html).toContain('Exam season &lt;soon&gt;');
    // What changed is marked, and only that.
    const text = changed[0]?.body.text ?? '';
    for (const row of ['How often', 'Style', 'Meeting length', 'When'])
      expect(text).toContain(`${row}${row === 'Style' ? '' : ' (changed)'}:`);
    expect(text).toContain('Goals:');
    expect(text).not.toContain('Goals (changed)');
    expect(await emailsTo(request.mentee.email, /Your suggested changes were sent/)).toHaveLength(
      1,
    );

    // The mentor's first link is for version 1: it explains, and changes nothing.
    const stale = await http.postForm(`/respond/${id}`, { t: mentorV1.token, action: 'agree' });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain('This proposal has changed');
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'agreeing',
      version: 2,
    });

    const mentorV2 = await respondLinkFor(request.mentor.email);
    const page = await http.get(mentorV2.path);
    expect(page.body).toContain('suggested changes to the first proposal');
    expect(page.body).not.toMatch(/version \d/);
    expect(page.body).toContain('Every 2 weeks');
    await http.postForm(`/respond/${id}`, { t: mentorV2.token, action: 'agree' });

    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state.status).toBe('active');
    expect(state.expectations).toMatchObject({
      frequency: 'biweekly',
      meetingMinutes: 45,
      timeWindow: { start: '16:00', end: '17:00' },
    });
    const [summary] = await emailsTo(request.mentee.email, /^Agreed:/);
    expect(summary?.body.text).toContain('Every 2 weeks');
    expect(summary?.body.text).toContain('45 minutes');
    // The mentee's version-1 link is now settled.
    expect((await http.get(menteeV1.path)).body).toContain('You have both agreed');
  });

  it('tells the administrators when the mentor declines, and frees the pair to be proposed again', async () => {
    const { http, deps } = await setUp();
    const { request, id } = await submit(http);
    const mentorLink = await respondLinkFor(request.mentor.email);
    const menteeLink = await respondLinkFor(request.mentee.email);

    const noReason = await http.postForm(`/respond/${id}`, {
      t: mentorLink.token,
      action: 'decline',
      reason: '  ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('Say briefly why');

    const menteeDeclines = await http.postForm(`/respond/${id}`, {
      t: menteeLink.token,
      action: 'decline',
      reason: 'x',
    });
    expect(menteeDeclines.status).toBe(400);
    expect(menteeDeclines.body).toContain('Only the mentor can decline');

    const declined = await http.postForm(`/respond/${id}`, {
      t: mentorLink.token,
      action: 'decline',
      reasonChoice: 'Not the right time for me',
      reason: 'On leave until June',
    });
    expect(declined.body).toContain('Pairing declined');
    const [alert] = await emailsTo(
      adminOffice(deps),
      /Pairing declined by the mentor: Dr Ada Okafor/,
    );
    expect(alert).toBeDefined();
    const alerts = await emailsTo(adminOffice(deps), /Pairing declined/);
    expect(
      alerts.some((a) => a.body.text?.includes('On leave until June') && a.body.text.includes(id)),
    ).toBe(true);
    expect(await emailsTo(request.mentee.email, /will not go ahead/)).toHaveLength(1);
    expect((await http.get(`/api/pairings/${id}`, admin)).json()).toMatchObject({
      status: 'declined',
      closeReason: 'Not the right time for me: On leave until June',
    });

    const again = await http.postJson('/api/pairings', {
      ...pairingRequest(),
      mentor: request.mentor,
      mentee: request.mentee,
    });
    expect(again.status).toBe(201);
  });

  it('reminds on day 3 and day 7, then expires on day 14 and tells the administrators', async () => {
    const { http, deps, clock } = await setUp();
    const { request, id } = await submit(http);
    const menteeLink = await respondLinkFor(request.mentee.email);
    await http.postForm(`/respond/${id}`, { t: menteeLink.token, action: 'agree' });

    clock.set(new Date(start.getTime() + 3 * day + 60_000));
    await tick(deps);
    expect(await emailsTo(request.mentor.email, /^Reminder/)).toHaveLength(1);
    expect(await emailsTo(request.mentee.email, /^Reminder/)).toHaveLength(0); // already agreed

    clock.set(new Date(start.getTime() + 7 * day + 60_000));
    await tick(deps);
    expect(await emailsTo(request.mentor.email, /^Reminder/)).toHaveLength(2);

    clock.set(new Date(start.getTime() + 14 * day + 60_000));
    await tick(deps);
    const state = (await http.get(`/api/pairings/${id}`, admin)).json();
    expect(state.status).toBe('expired');
    const alerts = await emailsTo(adminOffice(deps), /Pairing expired without agreement/);
    expect(
      alerts.some(
        (a) =>
          a.body.text?.includes(id) && a.body.text.includes('waiting on the mentor for version 1'),
      ),
    ).toBe(true);

    // Nothing is sent after expiry.
    clock.set(new Date(start.getTime() + 30 * day));
    await tick(deps);
    expect(await emailsTo(request.mentor.email, /^Reminder/)).toHaveLength(2);
  });

  it('goes through the whole agreement clock in one run after a dispatcher outage, once', async () => {
    const { http, deps, clock } = await setUp();
    const { request, id } = await submit(http);
    // Nothing ran for 15 days: one run takes every step, in order, ending with the expiry. (A
    // reminder whose email would go out after the expiry is not sent: its link leads nowhere.)
    clock.set(new Date(start.getTime() + 15 * day));
    await tick(deps);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('expired');
    const expiredAlerts = async () =>
      (await emailsTo(adminOffice(deps), /Pairing expired without agreement/)).filter((a) =>
        a.body.text?.includes(id),
      );
    expect(await expiredAlerts()).toHaveLength(1);
    const mentorMail = (await sentEmails(request.mentor.email)).length;
    expect((await emailsTo(request.mentor.email, /^Reminder/)).length).toBeLessThanOrEqual(2);

    // And nothing again.
    clock.set(new Date(start.getTime() + 16 * day));
    await tick(deps);
    expect(await expiredAlerts()).toHaveLength(1);
    expect((await sentEmails(request.mentor.email)).length).toBe(mentorMail);
  });

  it('explains expired, tampered and misdirected links, and changes nothing', async () => {
    const { http, clock } = await setUp();
    const { request, id } = await submit(http);
    const other = await submit(http);
    const link = await respondLinkFor(request.mentor.email);

    const tampered = link.token.slice(0, -3) + (link.token.endsWith('AAA') ? 'BBB' : 'AAA');
    const cases: [string, () => Promise<{ status: number; body: string }>, number, string][] = [
      [
        'tampered',
        () => http.postForm(`/respond/${id}`, { t: tampered, action: 'agree' }),
        400,
        'This link is not valid',
      ],
      ['missing', () => http.get(`/respond/${id}`), 400, 'This link is not valid'],
      ['garbage', () => http.get(`/respond/${id}?t=not.a.token`), 400, 'This link is not valid'],
      [
        'another pairing',
        () => http.postForm(`/respond/${other.id}`, { t: link.token, action: 'agree' }),
        400,
        'belongs to another pairing',
      ],
    ];
    for (const [, call, status, text] of cases) {
      const response = await call();
      expect(response.status).toBe(status);
      expect(response.body).toContain(text);
    }
    clock.advance(15 * day);
    const expired = await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' });
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');

    for (const pairingId of [id, other.id]) {
      const state = (await http.get(`/api/pairings/${pairingId}`, admin)).json();
      expect(state).toMatchObject({ status: 'proposed', agreedVersion: {} });
    }
  });

  it('sends exactly one summary each when both agree at the same moment', async () => {
    const { http } = await setUp();
    const { request, id } = await submit(http);
    const mentorLink = await respondLinkFor(request.mentor.email);
    const menteeLink = await respondLinkFor(request.mentee.email);
    const results = await Promise.all([
      http.postForm(`/respond/${id}`, { t: mentorLink.token, action: 'agree' }),
      http.postForm(`/respond/${id}`, { t: menteeLink.token, action: 'agree' }),
      http.postForm(`/respond/${id}`, { t: menteeLink.token, action: 'agree' }), // a double click
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active');
    expect(await emailsTo(request.mentor.email, /^Agreed:/)).toHaveLength(1);
    expect(await emailsTo(request.mentee.email, /^Agreed:/)).toHaveLength(1);
  });
});

describe('POST /api/pairings', () => {
  it('answers 400 with one message per field', async () => {
    const { http } = await setUp();
    const response = await http.postJson('/api/pairings', {
      ...pairingRequest(),
      mentor: { name: '', email: 'ada@gmail.com' },
      goals: [],
      frequency: 'daily',
      timeWindow: { start: '16:00', end: '16:15' },
      firstMeetingBy: '2020-01-01',
      colour: 'blue',
    });
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual({
      'mentor.name': 'Mentor name is required',
      'mentor.email': 'Use an address at test-hospital.example.org',
      goals: 'Give at least one goal',
      frequency: 'Choose how often to meet',
      firstMeetingBy: 'The first meeting cannot be in the past',
      // A cross-field rule is reported in the same round as the others.
      'timeWindow.end': 'The window must end at least 30 minutes after it starts',
      colour: 'is not a field of a pairing request',
    });
  });

  it('refuses the same person as mentor and mentee, a time window shorter than a meeting, and bad JSON', async () => {
    const { http } = await setUp();
    const request = pairingRequest();
    const same = await http.postJson('/api/pairings', {
      ...request,
      mentee: { ...request.mentee, email: request.mentor.email },
    });
    expect(same.json().errors['mentee.email']).toBe('Mentor and mentee must be different people');
    const short = await http.postJson('/api/pairings', {
      ...request,
      meetingMinutes: 60,
      timeWindow: { start: '15:00', end: '15:30' },
    });
    expect(short.json().errors['timeWindow.end']).toBe(
      'The window must end at least 60 minutes after it starts',
    );
    const broken = await http.postJson('/api/pairings', '{"mentor":');
    expect(broken.status).toBe(400);
    expect(broken.json().message).toBe('The body is not valid JSON');
  });

  it('answers 409 for a second open pairing of the same two people', async () => {
    const { http } = await setUp();
    const { request } = await submit(http);
    const again = await http.postJson('/api/pairings', { ...request, goals: ['Something else'] });
    expect(again.status).toBe(409);
    expect(again.json().message).toBe('Dr Ada Okafor and Dr Ben Liu already have an open pairing.');
  });

  it('answers 409 when the mentor is at capacity, saying so', async () => {
    const { http } = await setUp();
    const mentor = pairingRequest().mentor;
    for (let i = 0; i < 3; i++) await submit(http, { mentor });
    const fourth = await http.postJson('/api/pairings', pairingRequest({ mentor }));
    expect(fourth.status).toBe(409);
    expect(fourth.json().message).toContain(
      'Dr Ada Okafor already has 3 open pairings, the most this program allows',
    );
  });

  it('creates one pairing for a repeated request with the same Idempotency-Key', async () => {
    const { http } = await setUp();
    const request = pairingRequest();
    const headers = { 'idempotency-key': 'retry-key-12345' };
    const first = await http.postJson('/api/pairings', request, headers);
    const second = await http.postJson('/api/pairings', request, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(await emailsTo(request.mentor.email, /mentoring expectations/)).toHaveLength(1);
  });

  it('shows a pairing to administrators only', async () => {
    const { http } = await setUp();
    const { id } = await submit(http);
    expect((await http.get(`/api/pairings/${id}`)).status).toBe(401);
    expect(
      (await http.get(`/api/pairings/${id}`, { authorization: 'Bearer wrong-key-wrong-key-wrong' }))
        .status,
    ).toBe(401);
    expect((await http.get(`/api/pairings/${id}`, admin)).status).toBe(200);
    expect((await http.get('/api/pairings/nope', admin)).status).toBe(404);
  });

  it('serves its JSON Schema', async () => {
    const { http } = await setUp();
    const schema = (await http.get('/api/schema')).json();
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'mentor',
        'mentee',
        'needs',
        'goals',
        'frequency',
        'formality',
        'meetingMinutes',
        'preferredWeekday',
        'timeWindow',
        'timeZone',
        'termMonths',
        'firstMeetingBy',
        'mentorAvailability',
        'note',
      ]),
    );
    expect(schema.properties.frequency.enum).toEqual([
      'weekly',
      'biweekly',
      'monthly',
      'bimonthly',
      'quarterly',
    ]);
  });
});
