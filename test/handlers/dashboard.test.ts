import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Pairing } from '#domain/pairing';
import { contributionDiff, pairingContribution } from '#domain/program-counters';
import { isHeld, isPlanned, meetingFigures } from '#domain/program-figures';
import { recountPairing } from '#workflows/program-counting';
import { activePairing, day, tick } from '../../support/active-pairing.ts';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import { testAdminKey } from '../../support/integration.ts';
import { linkToken, pairingRequest } from '../../support/pairing-fixtures.ts';
import { invitesIn } from '../../support/raw-mail.ts';

/** The numbers of a chart's data table, row by row, read from its CSV download. */
async function chartCsv(
  admin: Awaited<ReturnType<typeof signedInAdmin>>,
  chart: string,
  query: string,
) {
  const response = await admin.get(`/admin/dashboard.csv?chart=${chart}&${query}`);
  expect(response.status).toBe(200);
  return parse(response.body, { columns: true }) as Record<string, string>[];
}

describe('the program dashboard', () => {
  it('draws every chart from the counters, with numbers equal to those of the stored meetings', async () => {
    const { deps, clock, id, request } = await activePairing();
    // A second pairing, of another career stage, that stays waiting for agreement.
    const http = httpClient(deps);
    await http.postJson('/api/pairings', {
      ...pairingRequest(),
      mentee: {
        ...request.mentee,
        email: `other-${id}@test-hospital.example.org`,
        careerStage: 'student',
      },
    });
    await tick(deps); // proposal emails, invites: each email's work recounts its pairing
    // Six weeks on: the first meetings are over and their check-ins have gone out.
    clock.advance(42 * day);
    await tick(deps);
    await deps.outboxSettled();

    const now = clock.now().getTime();
    const meetings = await deps.meetingStore.list(id);
    const checkins = await deps.checkinStore.listCheckins(id);
    const expected = meetingFigures(meetings, checkins, now);
    expect(expected.held).toBeGreaterThan(0);

    const admin = await signedInAdmin(deps, testAdminKey);
    const query = 'stage=all&from=2027-03&to=2027-05';
    const page = await admin.get(`/admin/dashboard?${query}`);
    expect(page.status).toBe(200);
    for (const title of [
      'Pairings by state, week by week',
      'Meetings held and planned, per month',
      'Invite acceptance and check-in response, per month',
      'Days from proposal to agreement',
    ])
      expect(page.body).toContain(title);
    expect(page.body.match(/<svg [^>]*role="img"/g)).toHaveLength(4);
    expect(page.body.match(/<table>/g)).toHaveLength(4);
    expect(page.body).toContain('<path d="M');

    // Held and planned per month equal the stored meetings' by the domain's definition.
    const byMonth = (month: string) => ({
      planned: meetings.filter((m) => isPlanned(m) && m.date.startsWith(month)).length,
      held: meetings.filter(
        (m) =>
          m.date.startsWith(month) &&
          isHeld(
            m,
            now,
            checkins.find((c) => c.meetingIndex === m.index),
          ),
      ).length,
    });
    const rows = await chartCsv(admin, 'meetings', query);
    expect(rows.map((r) => r.Month)).toEqual(['2027-03', '2027-04', '2027-05']);
    for (const row of rows) {
      const month = String(row.Month);
      expect({ planned: Number(row.Planned), held: Number(row.Held) }).toEqual(byMonth(month));
    }
    expect(rows.reduce((sum, r) => sum + Number(r.Held), 0)).toBe(expected.held);
    expect(rows.reduce((sum, r) => sum + Number(r['Hours held']), 0)).toBeCloseTo(
      expected.hours,
      5,
    );

    // The state chart: in the first week one pairing active and one waiting; six weeks on the
    // waiting one has expired (14 days without agreement).
    const states = await chartCsv(admin, 'states', query);
    expect(states[0]).toMatchObject({
      'Week of': '2027-03-01',
      Active: '1',
      'Waiting for agreement': '1',
    });
    expect(states.at(-1)).toMatchObject({
      Active: '1',
      'Waiting for agreement': '0',
      Expired: '1',
    });

    // One agreed on its day of proposal.
    const agreement = await chartCsv(admin, 'agreement', query);
    expect(agreement[0]).toEqual({ 'Days to agreement': '0–1 days', Pairings: '1' });

    // Filtered by career stage: the student's pairing waited, then expired; never active.
    const students = await chartCsv(admin, 'states', 'stage=student&from=2027-03&to=2027-05');
    expect(students[0]).toMatchObject({ Active: '0', 'Waiting for agreement': '1' });
    expect(students.at(-1)).toMatchObject({ Active: '0', Expired: '1' });
    const studentMeetings = await chartCsv(
      admin,
      'meetings',
      'stage=student&from=2027-03&to=2027-05',
    );
    expect(studentMeetings.every((r) => r.Planned === '0')).toBe(true);

    // The counters were already right, but for invites sent since the pairing's last recount:
    // by design an invite does not recount (the hot path), so which of a tick's invites are
    // counted yet depends on the order its work ran in. A recount adds those, and nothing else.
    const truth = pairingContribution(
      (await deps.pairingStore.get(id))?.pairing as Pairing,
      await deps.meetingStore.list(id),
      await deps.checkinStore.listCheckins(id),
      now,
      deps.config.hospital.timeZone,
    );
    const stored = (await deps.counters.contributionOf(id))?.contribution ?? {};
    const measures = contributionDiff(stored, truth).flatMap((row) => Object.keys(row.values));
    expect(measures.filter((measure) => measure !== 'invited')).toEqual([]);
    const counting = {
      ...deps,
      pairings: deps.pairingStore,
      meetings: deps.meetingStore,
      checkins: deps.checkinStore,
      hospital: deps.config.hospital,
    };
    expect(await recountPairing(counting, id)).toBe(measures.length > 0);
    expect((await deps.counters.contributionOf(id))?.contribution).toEqual(truth);
    expect(await recountPairing(counting, id)).toBe(false);

    // A bad range is refused with a clear message.
    const bad = await admin.get('/admin/dashboard?from=2027-06&to=2027-03');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('must not be after');
  });

  it('follows a check-in answer: a meeting reported not held leaves the held count', async () => {
    const { deps, clock, id } = await activePairing();
    await tick(deps);
    clock.advance(21 * day);
    await tick(deps);
    const admin = await signedInAdmin(deps, testAdminKey);
    const query = 'stage=all&from=2027-03&to=2027-03';
    const before = await chartCsv(admin, 'meetings', query);
    const heldBefore = Number(before[0]?.Held);
    expect(heldBefore).toBeGreaterThan(0);
    const [first] = await deps.meetingStore.list(id);
    const counting = {
      ...deps,
      pairings: deps.pairingStore,
      meetings: deps.meetingStore,
      checkins: deps.checkinStore,
      hospital: deps.config.hospital,
    };
    await deps.checkinStore.saveAnswer(id, first?.index ?? 0, 'mentor', 'not-met', clock.now());
    expect(await recountPairing(counting, id)).toBe(true);
    const after = await chartCsv(admin, 'meetings', query);
    expect(Number(after[0]?.Held)).toBe(heldBefore - 1);
  });

  it('exports pairings with their dates and end, and mentor hours per academic year', async () => {
    const { deps, clock, id, request } = await activePairing();
    await tick(deps);
    clock.advance(42 * day);
    await tick(deps);
    const admin = await signedInAdmin(deps, testAdminKey);
    const [row] = (
      parse((await admin.get('/admin/export.csv')).body, { columns: true }) as Record<
        string,
        string
      >[]
    ).filter((r) => r.pairing === id);
    expect(row).toMatchObject({
      proposed: '2027-03-01',
      agreed: '2027-03-01',
      ended: '',
      'end reason': '',
    });
    const hours = parse((await admin.get('/admin/mentor-hours.csv')).body, {
      columns: true,
    }) as Record<string, string>[];
    const mine = hours.find((h) => h['mentor email'] === request.mentor.email);
    expect(mine).toMatchObject({ 'academic year': '2026–27', mentees: '1' });
    expect(Number(mine?.['meetings held'])).toBe(Number(row?.['meetings held']));
    expect(Number(mine?.hours)).toBe(Number(row?.hours));
  });

  it('recounts every stored pairing on request, as after an upgrade that brings the counters', async () => {
    const { deps, clock } = await activePairing();
    await tick(deps);
    clock.advance(21 * day);
    await tick(deps);
    const admin = await signedInAdmin(deps, testAdminKey);
    const query = 'stage=all&from=2027-03&to=2027-03';
    const counted = await chartCsv(admin, 'meetings', query);
    // As a table from before the counters: no contribution, no counter row.
    const { DeleteCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const rows = await deps.documentClient.send(
      new QueryCommand({
        TableName: deps.config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'FIGURES' },
      }),
    );
    for (const item of rows.Items ?? [])
      await deps.documentClient.send(
        new DeleteCommand({ TableName: deps.config.tableName, Key: { pk: item.pk, sk: item.sk } }),
      );
    for (const entry of await deps.pairingStore.list())
      await deps.documentClient.send(
        new DeleteCommand({
          TableName: deps.config.tableName,
          Key: { pk: `FIGURES#${entry.id}`, sk: 'FIGURES' },
        }),
      );
    expect((await chartCsv(admin, 'meetings', query))[0]).toMatchObject({
      Planned: '0',
      Held: '0',
    });
    const started = await admin.postForm('/admin/dashboard/recount', {});
    expect(started.headers.location).toBe('/admin/dashboard?recount=started');
    await tick(deps);
    expect(await chartCsv(admin, 'meetings', query)).toEqual(counted);
    // Once more changes nothing: every recount adds only a difference.
    await admin.postForm('/admin/dashboard/recount', {});
    await tick(deps);
    expect(await chartCsv(admin, 'meetings', query)).toEqual(counted);
  });

  it('follows a meeting skipped from its page: one fewer planned in its month', async () => {
    const { deps, clock, raw, http } = await activePairing();
    clock.advance(2 * day);
    await tick(deps);
    const admin = await signedInAdmin(deps, testAdminKey);
    const query = 'stage=all&from=2027-03&to=2027-03';
    const before = Number((await chartCsv(admin, 'meetings', query))[0]?.Planned);
    expect(before).toBeGreaterThan(0);
    const [first] = await invitesIn(raw);
    const manage = new URL(
      /Reschedule or skip this meeting: (\S+)/.exec(first?.event.description ?? '')?.[1] ?? '',
    );
    const skipped = await http.postForm(manage.pathname, { t: linkToken(manage), action: 'skip' });
    expect(skipped.body).toContain('Meeting skipped');
    await deps.outboxSettled();
    expect(Number((await chartCsv(admin, 'meetings', query))[0]?.Planned)).toBe(before - 1);
  });
});
