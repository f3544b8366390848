import { describe, expect, it } from 'vitest';
import { activePairing, admin, day, start, tick } from '../../support/active-pairing.ts';
import { httpClient } from '../../support/http-events.ts';
import {
  adminOffice,
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
} from '../../support/integration.ts';
import { pairingRequest, respondLinkFor } from '../../support/pairing-fixtures.ts';

/** Alerts to this test's administrators about one pairing. */
const alertsAbout = async (deps: Parameters<typeof adminOffice>[0], id: string, subject: RegExp) =>
  (await sentEmails(adminOffice(deps))).filter(
    (e) => subject.test(e.subject) && e.body.text?.includes(id),
  );

async function adminPage(deps: Parameters<typeof httpClient>[0]) {
  const http = httpClient(deps);
  const signIn = await http.postForm('/admin/sign-in', { key: testAdminKey });
  return httpClient(deps, [signIn.cookies[0]?.split(';')[0] ?? '']).get('/admin/pairings');
}

describe('alerts to the administrators, by email and on the admin page', () => {
  it('an agreement pending over 7 days: alerted once, naming who it waits on; none when agreed in time', async () => {
    const clock = steppingClock(start);
    const deps = await integrationDependencies({ clock });
    const http = httpClient(deps);
    const slow = pairingRequest();
    const slowId = (await http.postJson('/api/pairings', slow)).json().id as string;
    const mentorLink = await respondLinkFor(slow.mentor.email);
    await http.postForm(`/respond/${slowId}`, { t: mentorLink.token, action: 'agree' });
    const quick = pairingRequest();
    const quickId = (await http.postJson('/api/pairings', quick)).json().id as string;
    for (const party of [quick.mentor, quick.mentee]) {
      const link = await respondLinkFor(party.email);
      await http.postForm(`/respond/${quickId}`, { t: link.token, action: 'agree' });
    }

    clock.set(new Date(start.getTime() + 6 * day));
    await tick(deps);
    expect(await alertsAbout(deps, slowId, /Agreement pending/)).toEqual([]);
    clock.set(new Date(start.getTime() + 7 * day + 60_000));
    await tick(deps);
    await tick(deps);
    const [alert, ...more] = await alertsAbout(deps, slowId, /Agreement pending/);
    expect(more).toEqual([]);
    expect(alert?.body.text).toContain('still waiting on the mentee (version 1)');
    expect(await alertsAbout(deps, quickId, /Agreement pending/)).toEqual([]);

    const page = await adminPage(deps);
    expect(page.body).toContain('Agreement pending over 7 days');
    expect(page.body).toContain(slowId);
  });

  it('no first meeting within 6 weeks of agreement', async () => {
    const { deps, clock, http, request, id, manageLink } = await activePairing();
    const mentee = await manageLink(request.mentee.email);
    await http.postForm(mentee.path, { t: mentee.token, action: 'pause' }); // before the 9 March meeting
    clock.set(new Date(start.getTime() + 40 * day));
    await tick(deps);
    await http.postForm(mentee.path, { t: mentee.token, action: 'resume' });
    expect((await http.get(`/api/pairings/${id}`, admin)).json().status).toBe('active');
    clock.set(new Date(start.getTime() + 42 * day + 3_600_000));
    await tick(deps);
    const [alert] = await alertsAbout(deps, id, /No first meeting within 6 weeks/);
    expect(alert?.body.text).toContain('no meeting held in the 6 weeks');
  });

  it('a first meeting held: no alert at 6 weeks', async () => {
    const { deps, clock, id } = await activePairing();
    clock.set(new Date(start.getTime() + 43 * day));
    await tick(deps);
    expect(await alertsAbout(deps, id, /No first meeting/)).toEqual([]);
  });

  it('three check-ins in a row without an answer: one alert a week after the third', async () => {
    const { deps, clock, id } = await activePairing({ frequency: 'weekly' });
    // Meetings on 9, 16, 23 March; each check-in sent the day after; a week later, the check.
    for (const day of ['2027-03-11', '2027-03-18', '2027-03-25', '2027-03-31']) {
      clock.set(new Date(`${day}T12:00:00Z`));
      await tick(deps);
    }
    expect(await alertsAbout(deps, id, /Three check-ins/)).toEqual([]);
    clock.set(new Date('2027-04-01T13:00:00Z'));
    await tick(deps);
    const alerts = await alertsAbout(deps, id, /Three check-ins in a row unanswered/);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body.text).toContain(
      'The last 3 check-ins sent to Dr Ben Liu have had no reply.',
    );
    expect((await adminPage(deps)).body).toContain('Three check-ins unanswered');
  });
});
