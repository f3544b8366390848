import { describe, expect, it } from 'vitest';
import { proposeAndAgree } from '../../support/active-pairing.ts';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import { integrationDependencies, steppingClock, testAdminKey } from '../../support/integration.ts';
import { importCsv, importCsvRow, pairingRequest } from '../../support/pairing-fixtures.ts';

const start = new Date('2027-03-01T14:00:00Z');

async function setUp() {
  const clock = steppingClock(start);
  const deps = await integrationDependencies({ clock });
  const http = httpClient(deps);
  const { id } = await proposeAndAgree(http);
  const admin = await signedInAdmin(deps, testAdminKey);
  return { deps, clock, http, id, admin };
}

/** A CSV of one pairing whose mentee's name is `menteeName`, in the import's columns. */
function csvWith(menteeName: string): string {
  const request = pairingRequest();
  return importCsv([importCsvRow({ ...request, mentee: { ...request.mentee, name: menteeName } })]);
}

describe('an admin area only administrators can drive', () => {
  it('refuses a state change from another site, or without the session’s token, even with a valid session', async () => {
    const { deps, id, admin } = await setUp();
    // What a page on another site can make a signed-in administrator's browser send.
    const crossSite = httpClient(deps, [admin.cookie], {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect((await crossSite.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(
      403,
    );
    const imported = await crossSite.postFile(
      '/admin/import',
      'csv',
      'x.csv',
      csvWith('Dr Cross Site'),
    );
    expect(imported.status).toBe(403);
    // Same site, but a form that does not carry this session's token (or carries another's).
    const noToken = httpClient(deps, [admin.cookie], {
      headers: { origin: 'http://tandem.test', 'sec-fetch-site': 'same-origin' },
    });
    expect((await noToken.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(403);
    const other = await signedInAdmin(deps, testAdminKey);
    expect(other.csrf).not.toBe(admin.csrf);
    expect(
      (await noToken.postForm(`/admin/pairings/${id}`, { action: 'pause', csrf: other.csrf }))
        .status,
    ).toBe(403);
    expect((await deps.pairingStore.get(id))?.pairing.status).toBe('active');
    expect(await deps.pairingStore.list()).toHaveLength(1); // nothing imported

    // From the admin page itself, with its token: done.
    expect((await admin.postForm(`/admin/pairings/${id}`, { action: 'pause' })).status).toBe(303);
    expect((await deps.pairingStore.get(id))?.pairing.status).toBe('paused');
    // Every POST form of an admin page carries the token.
    const page = (await admin.get(`/admin/pairings/${id}`)).body;
    const forms = page.match(/<form\b[^>]*method="post"[^>]*>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    expect(page.match(/<input type="hidden" name="csrf"/g)).toHaveLength(forms.length);
  });

  it('throttles the key sign-in after five wrong keys from one address, then lets it in again', async () => {
    const { deps, clock, http } = await setUp();
    for (let i = 0; i < 5; i++)
      expect((await http.postForm('/admin/sign-in', { key: `wrong-${i}` })).status).toBe(401);
    const throttled = await http.postForm('/admin/sign-in', { key: testAdminKey });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('900');
    expect(throttled.cookies).toEqual([]);
    clock.advance(15 * 60_000);
    expect((await http.postForm('/admin/sign-in', { key: testAdminKey })).status).toBe(303);
    expect(await deps.adminSecurity.failedSignIns('127.0.0.1', clock.now())).toBe(0);
  });

  it('signing out ends the session: the old cookie no longer works', async () => {
    const { deps, admin } = await setUp();
    expect((await admin.get('/admin/pairings')).status).toBe(200);
    const out = await admin.postForm('/admin/sign-out', {});
    expect(out.status).toBe(303);
    const kept = httpClient(deps, [admin.cookie]);
    expect((await kept.get('/admin/pairings')).status).toBe(303);
    expect((await kept.get('/admin/export.csv')).status).toBe(401);
  });

  it('reads an uploaded CSV by its real encoding, and refuses what it cannot read', async () => {
    const name = 'Dr José Núñez-Ærø';
    const encodings: [string, Uint8Array][] = [
      [
        'UTF-8 with BOM',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvWith(name))]),
      ],
      ['UTF-8', Buffer.from(csvWith(name))],
      [
        'UTF-16LE with BOM',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvWith(name), 'utf16le')]),
      ],
      ['Windows-1252', Buffer.from(csvWith(name), 'latin1')],
    ];
    for (const [label, bytes] of encodings) {
      const { deps, admin } = await setUp();
      const response = await admin.postFile('/admin/import', 'csv', 'committee.csv', bytes);
      expect(response.status, `${label}: ${response.body.slice(0, 400)}`).toBe(200);
      const names = (await deps.pairingStore.list()).map((e) => e.menteeName);
      expect(names, label).toContain(name);
      expect(names.join('')).not.toContain('\ufffd');
    }
    // Bytes no encoding reads as text (0x81 and 0x8d are unassigned in Windows-1252).
    const { deps, admin } = await setUp();
    const broken = Buffer.from(csvWith('Dr X\u0081\u008dY'), 'latin1');
    const refused = await admin.postFile('/admin/import', 'csv', 'committee.csv', broken);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('CSV UTF-8');
    expect(await deps.pairingStore.list()).toHaveLength(1);
  });
});
