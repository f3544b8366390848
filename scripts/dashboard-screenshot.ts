// Takes the README's dashboard screenshot (docs/images/admin-dashboard.png): a small program's
// half-year, simulated week by week through the real workflows, dispatcher and counters on
// DynamoDB Local and the SES emulator, then the dashboard page in Debian's Chromium.
//   npx tsx scripts/dashboard-screenshot.ts
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '#adapters/dynamo-client';
import { loadHospital } from '#config/hospital-files';
import { runtimeConfigSchema } from '#config/runtime-config';
import { addDays, addMonths, dateInZone } from '#domain/calendar-dates';
import type { Clock } from '#domain/clock';
import { agree, conclude, decline, parties, pause } from '#domain/pairing';
import { careerStages } from '#domain/pairing-request';
import { mondayOf } from '#domain/program-counters';
import { dashboardFigures } from '#domain/program-dashboard';
import { ensureTable } from '#local/embedded-dynamodb';
import { startEmulators } from '#local/emulators';
import { buildDependencies } from '#runtime/dependencies';
import { renderDashboard } from '#templates/dashboard-page';
import { actOnPairing, submitPairing } from '#workflows/pairing-workflow';
import { recountPairing } from '#workflows/program-counting';
import { launchChromium } from '../e2e/chromium.ts';
import { pairingRequest } from '../support/pairing-requests.ts';

/** The same program every time: a small seeded generator (mulberry32). */
let seed = 20261126;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const hospital = loadHospital('northbridge-general');
const emulators = await startEmulators();
let now = new Date(
  `${addDays(mondayOf(dateInZone(new Date(), hospital.timeZone)), -26 * 7)}T14:00:00Z`,
);
const clock: Clock = { now: () => now };
try {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: emulators.dynamodbEndpoint,
    credentials: localCredentials,
  });
  await ensureTable(client, 'dashboard-screenshot');
  client.destroy();
  const deps = buildDependencies(
    runtimeConfigSchema().parse({
      hospital,
      region: 'us-east-1',
      tableName: 'dashboard-screenshot',
      logLevel: 'SILENT',
      publicBaseUrl: 'http://localhost:3000',
      endpoints: { dynamodb: emulators.dynamodbEndpoint, ses: emulators.sesEndpoint },
    }),
    { signingSecret: 'dashboard-screenshot-secret-0123456789abcdef' },
    { clock, deliver: async () => {} },
  );
  const counting = {
    ...deps,
    pairings: deps.pairingStore,
    meetings: deps.meetingStore,
    checkins: deps.checkinStore,
    hospital,
  };
  const domain = hospital.allowedEmailDomains[0] ?? 'example.org';
  const open: { id: string; agreeOn: number; fate: 'agree' | 'decline' | 'ignore' }[] = [];
  const active: string[] = [];
  /** Each check-in is answered or not once, when it is first seen. */
  const decided = new Set<string>();
  for (let day = 0; day < 26 * 7; day++) {
    now = new Date(now.getTime() + 86_400_000);
    if (day % 7 < 5 && random() < 0.3) {
      const request = pairingRequest(
        {
          mentee: {
            name: 'A mentee',
            email: `mentee.${day}@${domain}`,
            careerStage: careerStages[Math.floor(random() * 4)],
          },
          mentor: { name: 'A mentor', email: `mentor.${day}@${domain}` },
          frequency: random() < 0.5 ? 'biweekly' : 'monthly',
          timeZone: hospital.timeZone,
          firstMeetingBy: undefined,
        },
        domain,
      );
      const created = await submitPairing(deps.pairingWorkflow, request);
      if (created.kind === 'created') {
        const r = random();
        open.push({
          id: created.pairing.id,
          agreeOn: day + 1 + Math.floor(random() * 12),
          fate: r < 0.75 ? 'agree' : r < 0.87 ? 'decline' : 'ignore',
        });
      }
    }
    for (const p of open.filter((o) => o.agreeOn === day)) {
      if (p.fate === 'agree') {
        for (const party of parties)
          await actOnPairing(deps.pairingWorkflow, p.id, (x, at) => agree(x, party, x.version, at));
        active.push(p.id);
      } else if (p.fate === 'decline')
        await actOnPairing(deps.pairingWorkflow, p.id, (x, at) =>
          decline(x, 'mentor', x.version, 'Not the right time for me', at),
        );
    }
    // Now and then a pairing pauses or ends.
    if (day % 30 === 29 && active.length > 3) {
      const id = active.splice(Math.floor(random() * active.length), 1)[0] as string;
      await actOnPairing(deps.pairingWorkflow, id, (x, at) =>
        random() < 0.5
          ? pause(x, 'mentee', undefined, at)
          : conclude(x, 'program', 'goals-met', undefined, false, at),
      );
    }
    await deps.runDueWork();
    // People answer: most accept their invites and tap an answer to their check-ins.
    for (const id of active) {
      let changed = false;
      for (const meeting of await deps.meetingStore.list(id)) {
        if (meeting.status !== 'scheduled' || Object.keys(meeting.sent).length === 0) continue;
        for (const party of parties)
          if (!meeting.attendance[party] && random() < 0.4) {
            const answer = random() < 0.85 ? 'ACCEPTED' : 'DECLINED';
            changed ||= (await deps.meetingStore.setAttendance(meeting, party, answer)) === 'saved';
          }
      }
      for (const sent of await deps.checkinStore.sentCheckins(id))
        if (!decided.has(`${id}:${sent}`) && decided.add(`${id}:${sent}`) && random() < 0.7) {
          await deps.checkinStore.saveAnswer(
            id,
            sent,
            'mentee',
            random() < 0.9 ? 'met' : 'not-met',
            now,
          );
          changed = true;
        }
      if (changed) await recountPairing(counting, id);
    }
  }
  const today = dateInZone(now, hospital.timeZone);
  const filter = {
    stage: 'all' as const,
    fromMonth: addMonths(`${today.slice(0, 7)}-01`, -6).slice(0, 7),
    toMonth: today.slice(0, 7),
  };
  const [monthRows, weekRows, alerts] = await Promise.all([
    deps.counters.monthRows(filter.fromMonth, filter.toMonth),
    deps.counters.weekRows(mondayOf(today)),
    deps.alertLog.recent(new Date(now.getTime() - 30 * 86_400_000)),
  ]);
  const html = renderDashboard(
    hospital,
    dashboardFigures(monthRows, weekRows, filter, today),
    filter,
    alerts.slice(0, 4),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-dashboard-')), 'dashboard.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`file://${file}`);
  await page.screenshot({ path: 'docs/images/admin-dashboard.png', fullPage: true });
  await browser.close();
  console.log(`docs/images/admin-dashboard.png: ${active.length} active pairings simulated`);
} finally {
  await emulators.stop();
}
