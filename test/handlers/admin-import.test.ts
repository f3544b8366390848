import { describe, expect, it } from 'vitest';
import { submitPairings } from '#workflows/pairing-workflow';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import {
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
} from '../../support/integration.ts';
import { importCsv, importCsvRow, pairingRequest } from '../../support/pairing-fixtures.ts';

async function setUp() {
  const deps = await integrationDependencies({
    clock: steppingClock(new Date('2027-03-01T14:00:00Z')),
  });
  const http = httpClient(deps);
  const admin = await signedInAdmin(deps, testAdminKey);
  return { deps, http, admin };
}

describe('CSV import of pairings made by a committee', () => {
  it('a file with bad rows imports nothing and lists each bad row and field', async () => {
    const { deps, admin } = await setUp();
    const good = pairingRequest();
    const badEmail = pairingRequest({
      mentee: { name: 'Dr Eve', email: 'eve@elsewhere.example.com', careerStage: 'resident' },
    });
    const badFrequency = { ...pairingRequest(), frequency: 'daily' };
    const repeat = importCsvRow(good);
    const response = await admin.postFile(
      '/admin/import',
      'csv',
      'committee.csv',
      importCsv([importCsvRow(good), importCsvRow(badEmail), importCsvRow(badFrequency), repeat]),
    );
    expect(response.status).toBe(400);
    expect(response.body).toContain('Nothing was imported');
    const problems = [...response.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(problems).toEqual(['3 mentee.email', '4 frequency', '5 mentee.email']);
    expect(response.body).toContain('already paired on row 2');
    expect(await deps.pairingStore.list()).toEqual([]);
    expect(await sentEmails(good.mentor.email)).toEqual([]);
  });

  it('a good file creates each pairing as the form would; the same file again creates nothing twice', async () => {
    const { deps, admin } = await setUp();
    const rows = [pairingRequest(), pairingRequest({ frequency: 'biweekly', goals: ['Publish'] })];
    const csv = importCsv(rows.map(importCsvRow));
    const response = await admin.postFile('/admin/import', 'csv', 'committee.csv', csv);
    expect(response.status).toBe(200);
    expect(response.body).toContain('2 pairings imported');
    const stored = await deps.pairingStore.list();
    expect(stored.map((e) => e.menteeEmail).sort()).toEqual(rows.map((r) => r.mentee.email).sort());
    for (const request of rows) {
      for (const person of [request.mentor, request.mentee])
        expect(
          (await sentEmails(person.email)).filter((e) => /mentoring expectations/.test(e.subject)),
        ).toHaveLength(1);
    }
    const second = stored.find((e) => e.menteeEmail === rows[1]?.mentee.email)!;
    expect((await deps.pairingStore.get(second.id))?.pairing.expectations).toMatchObject({
      frequency: 'biweekly',
      goals: ['Publish'],
      timeZone: 'America/Chicago',
    });

    // Uploading the same file again (after a time-out, say) answers as the first time did and
    // creates nothing, sends nothing.
    const again = await admin.postFile('/admin/import', 'csv', 'committee.csv', csv);
    expect(again.status).toBe(200);
    expect(again.body.match(/\(already imported\)/g)).toHaveLength(2);
    expect(await deps.pairingStore.list()).toHaveLength(2);
    for (const request of rows)
      expect(
        (await sentEmails(request.mentor.email)).filter((e) =>
          /mentoring expectations/.test(e.subject),
        ),
      ).toHaveLength(1);
    // Another file with one of those pairs is refused for that row: they are already paired.
    const other = importCsv([importCsvRow(rows[0]!), importCsvRow(pairingRequest())]);
    const clash = await admin.postFile('/admin/import', 'csv', 'other.csv', other);
    expect(clash.status).toBe(400);
    expect(clash.body.match(/already have an open pairing/g)).toHaveLength(1);
    expect(await deps.pairingStore.list()).toHaveLength(2);
  });

  it('stores many rows together, and a row that cannot go with them alone, with its own answer', async () => {
    const { deps, http } = await setUp();
    const rows = Array.from({ length: 12 }, () => pairingRequest());
    // Row 7's two people got an open pairing from the form after the file was checked.
    const taken = rows[6];
    expect((await http.postJson('/api/pairings', taken)).status).toBe(201);
    const results = await submitPairings(
      deps.pairingWorkflow,
      rows.map((input, i) => ({ input, idempotencyKey: `test-batch:${Date.now()}:${i}` })),
    );
    expect(results.map((r) => r.kind)).toEqual([
      ...Array(6).fill('created'),
      'conflict',
      ...Array(5).fill('created'),
    ]);
    await deps.outboxSettled();
    const listed = await deps.pairingStore.list();
    for (const [i, request] of rows.entries()) {
      const pairs = listed.filter(
        (e) => e.mentorEmail === request.mentor.email && e.menteeEmail === request.mentee.email,
      );
      expect(pairs).toHaveLength(1); // the row's pairing, or for row 7 the form's
      if (i !== 6) expect((await sentEmails(request.mentee.email)).length).toBeGreaterThan(0);
    }
  });

  it('checks the columns, the mentors’ capacity and the session', async () => {
    const { http, admin } = await setUp();
    const missing = await admin.postFile(
      '/admin/import',
      'csv',
      'x.csv',
      'mentor.name,mentor.email,favourite colour\nA,a@test-hospital.example.org,blue\n',
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('mentee.email</td><td>This column is missing');
    expect(missing.body).toContain('favourite colour</td><td>Unknown column');

    const mentor = pairingRequest().mentor;
    const four = [1, 2, 3, 4].map(() => importCsvRow({ ...pairingRequest(), mentor }));
    const busy = await admin.postFile('/admin/import', 'csv', 'x.csv', importCsv(four));
    expect(busy.status).toBe(400);
    expect(busy.body).toMatch(
      /<td>5<\/td><td>mentor\.email<\/td><td>[^<]*more than 3 open pairings/,
    );

    expect((await http.postFile('/admin/import', 'csv', 'x.csv', importCsv(four))).status).toBe(
      401,
    );
    expect((await http.get('/admin/import')).status).toBe(303);
  });
});
