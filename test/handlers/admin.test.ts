import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { proposeAndAgree, tick } from '../../support/active-pairing.ts';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import {
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
} from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-fixtures.ts';
import { captureRawMail, invitesIn, linksAtAcceptance } from '../../support/raw-mail.ts';

const start = new Date('2027-03-01T14:00:00Z');

async function setUp() {
  const clock = steppingClock(start);
  const deps = await integrationDependencies({ clock });
  const http = httpClient(deps);
  const { request, id } = await proposeAndAgree(http, {
    mentor: { name: '=HYPERLINK("x")', email: `ada.${Date.now()}@test-hospital.example.org` },
  });
  const other = (await http.postJson('/api/pairings', pairingRequest())).json().id as string;
  const admin = await signedInAdmin(deps, testAdminKey);
  return { deps, clock, http, admin, request, id, other, signIn: admin.signIn };
}

describe('the administrators’ pages', () => {
  it('answer 401 or redirect to sign-in without a session, and refuse a wrong key', async () => {
    const { http, id } = await setUp();
    expect((await http.get('/admin/pairings')).status).toBe(303);
    expect((await http.get('/admin/pairings')).headers.location).toBe('/admin/sign-in');
    expect((await http.get(`/admin/pairings/${id}`)).status).toBe(303);
    expect((await http.get('/admin/export.csv')).status).toBe(401);
    expect((await http.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(401);
    const forged = httpClient((await setUp()).deps, ['tandem_admin=eyJhbGciOiJIUzI1NiJ9.e30.x']);
    expect((await forged.get('/admin/export.csv')).status).toBe(401);
    const wrong = await http.postForm('/admin/sign-in', { key: 'not-the-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.cookies).toEqual([]);
  });

  it('signs in with the key into an HttpOnly, SameSite=Strict session', async () => {
    const { signIn } = await setUp();
    expect(signIn.status).toBe(303);
    expect(signIn.cookies[0]).toMatch(
      /^tandem_admin=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=28800$/,
    );
  });

  it('lists pairings by state with filters and search, and shows a pairing’s timeline and meetings', async () => {
    const { admin, id, other } = await setUp();
    const all = await admin.get('/admin/pairings');
    expect(all.status).toBe(200);
    expect(all.body).toContain(`/admin/pairings/${id}`);
    expect(all.body).toContain(`/admin/pairings/${other}`);
    const active = await admin.get('/admin/pairings?status=active');
    expect(active.body).toContain(`/admin/pairings/${id}`);
    expect(active.body).not.toContain(`/admin/pairings/${other}`);
    expect((await admin.get('/admin/pairings?q=hyperlink')).body).toContain('1 of 2 pairings');

    const detail = await admin.get(`/admin/pairings/${id}`);
    expect(detail.body).toContain('proposed');
    expect(detail.body).toContain('Both agreed: the mentoring started');
    expect(detail.body).toContain('Tuesday, March 9, 2027');
    expect(detail.body).toContain('=HYPERLINK(&quot;x&quot;)'); // escaped, as everywhere
  });

  it('pauses and ends a relationship on the administrator’s behalf', async () => {
    const { admin, deps, id } = await setUp();
    expect((await admin.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(303);
    expect((await deps.pairingStore.get(id))?.pairing.status).toBe('paused');
    await admin.postForm(`/admin/pairings/${id}`, { action: 'end', reason: 'program-ended' });
    expect((await deps.pairingStore.get(id))?.pairing).toMatchObject({
      status: 'concluded',
      closeReason: 'program-ended',
    });
    expect((await admin.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(409);
  });

  it('exports a per-pairing log as CSV, safe to open in a spreadsheet', async () => {
    const { admin, http, deps, clock, id } = await setUp();
    clock.set(new Date('2027-03-12T00:00:00Z'));
    await createDispatcherHandler(deps)({}, localLambdaContext('dispatcher'));
    expect((await admin.get('/admin/export.csv')).status).toBe(401); // the 8-hour session has expired
    const again = await http.postForm('/admin/sign-in', { key: testAdminKey });
    const csv = await httpClient(deps, [again.cookies[0]?.split(';')[0] ?? '']).get(
      '/admin/export.csv',
    );
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.pairing === id)!;
    expect(row).toMatchObject({
      state: 'active',
      'meetings held': '1',
      hours: '0.5',
      'check-ins answered': '0',
    });
    expect(Number(row['meetings planned'])).toBeGreaterThan(10);
    expect(row.mentor?.startsWith("'=")).toBe(true); // a formula is neutralised
  });

  /** A fresh session (sessions last 8 hours; these tests move the clock by days). */
  const signInAgain = async (deps: Awaited<ReturnType<typeof integrationDependencies>>) => {
    return signedInAdmin(deps, testAdminKey);
  };

  it('resends the last invite unchanged (same UID and SEQUENCE) to both', async () => {
    const { deps, clock, id, request } = await setUp();
    let admin = await signInAgain(deps);
    const raw = captureRawMail(deps);
    expect(
      (await admin.postForm(`/admin/pairings/${id}`, { action: 'resend-invite' })).body,
    ).toContain('No invite has gone out yet');
    clock.set(new Date('2027-03-04T00:00:00Z')); // the 9 March invite is out
    await tick(deps);
    admin = await signInAgain(deps);
    const first = await invitesIn(raw);
    expect(first).toHaveLength(2);
    const links = linksAtAcceptance(deps);
    expect(
      (await admin.postForm(`/admin/pairings/${id}`, { action: 'resend-invite' })).status,
    ).toBe(303);
    // A resend's links are stored before it goes (not with its work): they work on arrival.
    expect(links).toHaveLength(2);
    for (const { verdict } of links) expect(verdict).toMatchObject({ meeting: 0 });
    const all = await invitesIn(raw);
    expect(all).toHaveLength(4);
    const resent = all.slice(2);
    expect(resent.map((i) => [i.method, i.event.uid, i.event.sequence])).toEqual(
      first.map((i) => [i.method, i.event.uid, i.event.sequence]),
    );
    expect(
      (await sentEmails(request.mentee.email)).filter((e) => e.subject.startsWith('Invitation')),
    ).toHaveLength(2);
    // The timeline shows every email with its recipient's role, in time order.
    const timeline = (await admin.get(`/admin/pairings/${id}`)).body;
    expect(timeline.match(/A meeting invitation was emailed to Dr Ben Liu\./g)).toHaveLength(2);
    expect(timeline).toContain(`The agreed summary was emailed to ${request.mentee.name}.`);
    expect(timeline.indexOf('Both agreed: the mentoring started')).toBeLessThan(
      timeline.indexOf('A meeting invitation'),
    );
  });

  it('replaces the mentor: a proposal to the new mentor, the old relationship ended and its meetings cancelled', async () => {
    const { deps, clock, id, request } = await setUp();
    const raw = captureRawMail(deps);
    clock.set(new Date('2027-03-04T00:00:00Z'));
    await tick(deps);
    const admin = await signInAgain(deps);
    const newMentor = `carla.${Date.now()}@test-hospital.example.org`;
    const bad = await admin.postForm(`/admin/pairings/${id}`, {
      action: 'replace-mentor',
      mentorName: 'Dr Carla Ruiz',
      mentorEmail: 'carla@elsewhere.example.com',
      mentorAvailability: 'Thursdays',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('mentor.email');
    expect((await deps.pairingStore.get(id))?.pairing.status).toBe('active'); // nothing changed

    const replaced = await admin.postForm(`/admin/pairings/${id}`, {
      action: 'replace-mentor',
      mentorName: 'Dr Carla Ruiz',
      mentorEmail: newMentor,
      mentorAvailability: 'Thursday afternoons; email only',
    });
    expect(replaced.status).toBe(303);
    const newId = decodeURIComponent(String(replaced.headers.location).split('/').at(-1)!);
    expect(newId).not.toBe(id);
    const fresh = (await deps.pairingStore.get(newId))!.pairing;
    expect(fresh).toMatchObject({
      status: 'proposed',
      mentor: { name: 'Dr Carla Ruiz', email: newMentor },
      mentee: { email: request.mentee.email },
      expectations: { goals: request.goals, frequency: 'monthly' },
    });
    expect(
      (await sentEmails(newMentor)).filter((e) => /mentoring expectations/.test(e.subject)),
    ).toHaveLength(1);
    expect((await deps.pairingStore.get(id))?.pairing).toMatchObject({
      status: 'concluded',
      closeReason: 'mentor-stepped-back',
    });
    expect((await invitesIn(raw)).filter((i) => i.method === 'CANCEL')).toHaveLength(2);
    // The same request again changes nothing.
    const again = await admin.postForm(`/admin/pairings/${id}`, {
      action: 'replace-mentor',
      mentorName: 'Dr Carla Ruiz',
      mentorEmail: newMentor,
      mentorAvailability: 'Thursday afternoons; email only',
    });
    expect(again.headers.location).toBe(replaced.headers.location);
  });
});
