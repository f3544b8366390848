import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tick } from '../../support/active-pairing.ts';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import {
  integrationDependencies,
  steppingClock,
  testAdminKey,
  testHospital,
} from '../../support/integration.ts';
import {
  emailsTo,
  pairingRequest,
  respondLinkFor,
  shortLinkIn,
} from '../../support/pairing-fixtures.ts';

const domain = 'test-hospital.example.org';
const start = new Date('2027-03-01T14:00:00Z');

function mentor(tag: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${tag}@${domain}`,
    department: 'Medicine',
    careerStage: 'attending',
    offers: ['skill'],
    areas: ['echocardiography'],
    style: 'casual',
    capacity: 2,
    menteeStages: ['resident', 'fellow'],
    preferredWeekdays: ['monday'],
    timeWindow: { start: '08:00', end: '10:00' },
    timeZone: 'America/Chicago',
    availability: 'Email only, weekdays; at most 4 messages a month',
    ...overrides,
  };
}

describe('the mentor pool and matching', () => {
  it('lists confirmed mentors, suggests the best with its reasons, proposes it, and offers the next after a “not the right person”', async () => {
    const clock = steppingClock(start);
    const administrator = `pool-${randomUUID()}@${domain}`;
    const deps = await integrationDependencies({
      clock,
      hospital: { ...testHospital, administrators: [administrator] },
    });
    const http = httpClient(deps);
    const tag = randomUUID().slice(0, 8);
    const menteeEmail = `ben.liu.${tag}@${domain}`;
    const mentors = {
      // The best fit: what Ben asks for, in his words, his style, his day.
      ada: mentor(tag, 'Dr Ada Okafor', {
        offers: ['career', 'moral-support'],
        areas: ['Critical care fellowships', 'burnout'],
        style: 'goal-driven',
        preferredWeekdays: ['tuesday', 'thursday'],
        timeWindow: { start: '15:00', end: '17:00' },
      }),
      // Second: career and burnout, either style, no shared day.
      cyrus: mentor(tag, 'Dr Cyrus Patel', {
        offers: ['career'],
        areas: ['physician burnout'],
        style: 'either',
      }),
      // Never suggested: at capacity (1, with an open pairing already).
      dana: mentor(tag, 'Dr Dana Full', {
        offers: ['career', 'moral-support'],
        capacity: 1,
        style: 'goal-driven',
        areas: ['critical care'],
      }),
      // Never suggested: takes only students.
      eve: mentor(tag, 'Dr Eve Students', { offers: ['career'], menteeStages: ['student'] }),
      // Never suggested: will step out.
      finn: mentor(tag, 'Dr Finn Away', {
        offers: ['career', 'moral-support'],
        style: 'goal-driven',
      }),
      // Never suggested: never confirms.
      gil: mentor(tag, 'Dr Gil Pending', {
        offers: ['career', 'moral-support'],
        style: 'goal-driven',
      }),
    };
    const ids: Record<string, string> = {};
    for (const [key, profile] of Object.entries(mentors)) {
      const joined = await http.postJson('/api/mentors', profile);
      expect(joined.status).toBe(201);
      expect(joined.json()).toMatchObject({ status: 'pending' });
      ids[key] = joined.json().id as string;
    }
    // The same address again: nothing new, its link is sent again.
    expect((await http.postJson('/api/mentors', mentors.ada)).status).toBe(409);

    // Each confirms from the email's link: the link opens a page; its button confirms.
    for (const key of ['ada', 'cyrus', 'dana', 'eve', 'finn'] as const) {
      const [confirm] = await emailsTo(mentors[key].email, /Confirm your mentor listing/);
      const link = shortLinkIn(confirm?.body.text ?? '');
      expect(link).not.toBeNull();
      const page = await http.get(link?.path ?? '');
      expect(page.status).toBe(200);
      expect(page.body).toContain('Confirm my listing');
      const confirmed = await http.postForm(link?.path ?? '', {
        t: link?.token ?? '',
        action: 'confirm',
      });
      expect(confirmed.body).toContain('You’re listed');
      expect(await emailsTo(mentors[key].email, /You’re listed as a mentor/)).toHaveLength(1);
    }
    // Finn steps out from his personal link (in "You're listed").
    const [listed] = await emailsTo(mentors.finn.email, /You’re listed/);
    const personal = shortLinkIn(listed?.body.text ?? '');
    const out = await http.postForm(personal?.path ?? '', {
      t: personal?.token ?? '',
      action: 'step-out',
    });
    expect(out.body).toContain('You stepped out');
    // Dana already mentors someone: at her capacity of 1 (however the pairing was made).
    expect(
      (
        await http.postJson(
          '/api/pairings',
          pairingRequest({ mentor: { name: 'Dr Dana Full', email: mentors.dana.email } }),
        )
      ).status,
    ).toBe(201);

    const asked = await http.postJson('/api/requests', {
      mentee: { name: 'Dr Ben Liu', email: menteeEmail, careerStage: 'fellow' },
      needs: ['career', 'moral-support'],
      goals: ['Choose a critical care fellowship'],
      areas: ['critical care fellowship', 'burnout'],
      style: 'goal-driven',
      frequency: 'monthly',
      preferredWeekdays: ['tuesday'],
      timeWindow: { start: '15:00', end: '17:00' },
      timeZone: 'America/Chicago',
    });
    expect(asked.status).toBe(201);
    const { id: requestId, suggestions } = asked.json() as {
      id: string;
      suggestions: { mentorId: string; name: string; score: number; reasons: string[] }[];
    };
    expect(suggestions.map((s) => s.mentorId)).toEqual([ids.ada, ids.cyrus]);
    expect(suggestions[0]?.reasons).toEqual([
      'offers career guidance, which you asked for',
      'offers moral support, which you asked for',
      'also interested in Critical care fellowships',
      'also interested in burnout',
      'prefers goal-driven meetings, like you',
      'free on Tuesday afternoons, in your window',
      'has room for 2 more mentees',
    ]);

    // The program office is told, and proposes the best match from the request's page.
    const [told] = await emailsTo(administrator, /A mentee asks for a mentor: Dr Ben Liu/);
    const pageLink = /http:\/\/tandem\.test(\/admin\/r\/[\w-]{22})/.exec(
      told?.body.text ?? '',
    )?.[1];
    const admin = await signedInAdmin(deps, testAdminKey);
    expect((await admin.get(pageLink ?? '')).headers.location).toBe(`/admin/requests/${requestId}`);
    const page = await admin.get(`/admin/requests/${requestId}`);
    expect(page.body).toContain('Propose this match');
    const proposed = await admin.postForm(`/admin/requests/${requestId}`, {
      mentorId: ids.ada ?? '',
    });
    expect(proposed.status).toBe(303);
    const firstPairing = String(proposed.headers.location).split('/').at(-1) ?? '';

    // Ada: "I'm not the right person for what they need". The office is offered Cyrus at once.
    const adaLink = await respondLinkFor(mentors.ada.email);
    const declined = await http.postForm(adaLink.path, {
      t: adaLink.token,
      action: 'decline',
      reasonChoice: 'I’m not the right person for what they need',
    });
    expect(declined.body).toContain('Pairing declined');
    await deps.outboxSettled();
    const [next] = await emailsTo(administrator, /Dr Ada Okafor declined: the next suggestion/);
    expect(next?.body.text).toContain('Best suggestion:\n  Dr Cyrus Patel');
    const reopened = await deps.matching.pool.getRequest(requestId);
    expect(reopened).toMatchObject({ status: 'open', passedOver: [ids.ada] });
    expect(reopened?.suggestions.map((s) => s.mentorId)).toEqual([ids.cyrus]);
    expect(firstPairing).not.toBe('');

    // The next is proposed; both agree; the pairing is active.
    const second = await admin.postForm(`/admin/requests/${requestId}`, {
      mentorId: ids.cyrus ?? '',
    });
    expect(second.status).toBe(303);
    const pairingId = String(second.headers.location).split('/').at(-1) ?? '';
    for (const email of [mentors.cyrus.email, menteeEmail]) {
      const link = await respondLinkFor(email);
      await http.postForm(link.path, { t: link.token, action: 'agree' });
    }
    expect((await deps.pairingStore.get(pairingId))?.pairing.status).toBe('active');
    // Cyrus's load now counts this pairing: one of his two places is taken.
    expect((await deps.matching.pool.loads([mentors.cyrus.email])).get(mentors.cyrus.email)).toBe(
      1,
    );
    await tick(deps);
  });

  it('answers bad input with clear errors and stores nothing', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    const bad = await http.postJson('/api/mentors', {
      ...mentor('x', 'Dr X'),
      email: 'someone@elsewhere.org',
      capacity: 11,
      areas: Array.from({ length: 11 }, (_, i) => `area ${i}`),
      unknown: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toMatchObject({
      email: expect.stringContaining('Use an address at'),
      capacity: 'Capacity is 1 to 10 mentees',
      areas: 'Give at most 10 areas',
      unknown: 'is not a field of a mentor profile',
    });
    expect(await deps.matching.pool.all()).toEqual([]);
    const schema = await http.get('/api/schema/mentor');
    expect(schema.json().properties.capacity).toMatchObject({ minimum: 1, maximum: 10 });
    expect((await http.get('/api/schema/request')).json().required).toContain('mentee');
    const form = await http.postForm('/mentors/join', { name: 'Dr Y' });
    expect(form.status).toBe(400);
    expect(form.body).toContain('Please correct these');
  });

  it('imports the pool from CSV all or nothing, and its export imports again', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const admin = await signedInAdmin(deps, testAdminKey);
    const tag = randomUUID().slice(0, 8);
    const header =
      'name,email,department,careerStage,offers,areas,style,capacity,menteeStages,preferredWeekdays,timeWindow.start,timeWindow.end,timeZone,availability';
    const row = (name: string, email: string, capacity = '2') =>
      `${name},${email},Medicine,attending,career;moral-support,critical care;burnout,goal-driven,${capacity},resident;fellow,tuesday;thursday,15:00,17:00,,Email only`;
    const one = `one.${tag}@${domain}`;
    const two = `two.${tag}@${domain}`;
    const bad = [
      header,
      row('Dr One', one),
      row('Dr Two', two, '12'),
      row('Dr One Again', one),
    ].join('\n');
    const refused = await admin.postFile('/admin/pool/import', 'csv', 'pool.csv', bad);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Nothing was imported');
    expect(refused.body).toContain('Capacity is 1 to 10 mentees');
    expect(refused.body).toContain('The same address is on row 2');
    expect(await deps.matching.pool.all()).toEqual([]);

    const good = [header, row('Dr One', one), row('Dr Two', two)].join('\n');
    const imported = await admin.postFile('/admin/pool/import', 'csv', 'pool.csv', good);
    expect(imported.status).toBe(200);
    expect(imported.body).toContain('2 mentors imported');
    expect((await deps.matching.pool.all()).map((p) => p.status)).toEqual(['pending', 'pending']);
    await deps.outboxSettled();
    expect(await emailsTo(one, /Confirm your mentor listing/)).toHaveLength(1);

    const exported = await admin.get('/admin/pool.csv');
    expect(exported.body.split('\n')[0]).toContain('name,email,department,careerStage,status');
    const again = await admin.postFile('/admin/pool/import', 'csv', 'pool.csv', exported.body);
    expect(again.status).toBe(400);
    expect(again.body).toContain(`${one} is already in the pool`);
    const pool = await admin.get('/admin/pool');
    expect(pool.body).toContain('0 of 2');
  });

  it('lets the mentee choose among the top three in mentee-choice mode', async () => {
    const deps = await integrationDependencies({
      clock: steppingClock(start),
      hospital: { ...testHospital, matching: { mode: 'mentee-choice' } },
    });
    const http = httpClient(deps);
    const tag = randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (const name of ['Dr Ada Okafor', 'Dr Cyrus Patel']) {
      const profile = mentor(tag, name, { offers: ['career'], preferredWeekdays: ['tuesday'] });
      ids.push((await http.postJson('/api/mentors', profile)).json().id as string);
      const [confirm] = await emailsTo(profile.email, /Confirm your mentor listing/);
      const link = shortLinkIn(confirm?.body.text ?? '');
      await http.postForm(link?.path ?? '', { t: link?.token ?? '', action: 'confirm' });
    }
    const mentee = `ben.${tag}@${domain}`;
    const asked = await http.postForm('/request', {
      'mentee.name': 'Dr Ben Liu',
      'mentee.email': mentee,
      'mentee.careerStage': 'resident',
      needs: 'career',
      goals: 'Choose a fellowship',
      style: 'casual',
      preferredWeekdays: 'tuesday',
      'timeWindow.start': '08:00',
      'timeWindow.end': '10:00',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toContain('We emailed you the three that fit best');
    const [choices] = await emailsTo(mentee, /Your mentor suggestions/);
    const link = shortLinkIn(choices?.body.text ?? '');
    const page = await http.get(link?.path ?? '');
    expect(page.body).toContain('Dr Ada Okafor');
    expect(page.body).toContain('Dr Cyrus Patel');
    // Only one of the mentors offered can be chosen.
    const wrong = await http.postForm(link?.path ?? '', {
      t: link?.token ?? '',
      mentorId: 'someone-else',
    });
    expect(wrong.status).toBe(400);
    const chosen = await http.postForm(link?.path ?? '', {
      t: link?.token ?? '',
      mentorId: ids[1] ?? '',
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toContain('Your choice is made');
    const request = (await deps.matching.pool.requests())[0];
    expect(request?.proposed?.mentorId).toBe(ids[1]);
    expect(
      await emailsTo(mentor(tag, 'Dr Cyrus Patel').email, /mentoring expectations/),
    ).toHaveLength(1);
    // A second choice changes nothing.
    expect((await http.get(link?.path ?? '')).body).toContain('Your choice is made');
  });
});
