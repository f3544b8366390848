import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '#adapters/dynamo-client';
import { DynamoPairingStore } from '#adapters/dynamo-pairing-store';
import { SesMailer } from '#adapters/ses-mailer';
import { parseHospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/lambda-config';
import { runtimeConfigSchema } from '#config/runtime-config';
import { addMonths, dateInZone } from '#domain/calendar-dates';
import { planMeetings } from '#domain/meeting';
import { mondayOf } from '#domain/program-counters';
import { dashboardFigures } from '#domain/program-dashboard';
import { createOutboxHandler } from '#handlers/outbox';
import { BackgroundOutbox } from '#local/background-outbox';
import { ensureTable } from '#local/embedded-dynamodb';
import { startEmulators } from '#local/emulators';
import { projectRoot } from '#local/paths';
import { buildDependencies, type TandemDependencies } from '#runtime/dependencies';
import { runDueWorkWith } from '#runtime/run-due-work';
import { renderDashboard } from '#templates/dashboard-page';
import { renderMeetingCalendar } from '#templates/meeting-calendar';
import { meetingDescription, renderMeetingEmail } from '#templates/meeting-emails';
import { meetingLinks } from '#workflows/meeting-changes';
import { costOfOnePairingYear } from './cost.ts';
import { emulatorCeiling } from './emulator-ceiling.ts';
import {
  coldStarts,
  median,
  missedBudgets,
  readBudgets,
  requestsUnderLoad,
  round,
  sdkFloor,
} from './load.ts';
import { matchingAmong } from './matching.ts';
import { cpuMeter, waitUntilQuiet } from './quiet-machine.ts';
import { activePairing, seedDueMeetings, seedStoredPairings } from './seed.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const log = (line: string) => process.stderr.write(`${line}\n`);

const hospital = parseHospitalConfig(
  {
    ...JSON.parse(
      readFileSync(join(projectRoot, 'infra/hospitals/northbridge-general.json'), 'utf8'),
    ),
    // The benchmark measures Tandem, not the sending-rate limit of one SES account.
    dispatcher: { rateMinutes: 5, shardCount: 4, maxAttempts: 5, maxSendRatePerSecond: 500 },
  },
  'bench',
);
const secret = 'bench-signing-secret-0123456789abcdef-0123456789';

/** Counts the DynamoDB requests a client makes, by command. */
function countRequests(deps: TandemDependencies) {
  const counts: Record<string, number> = {};
  deps.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown');
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return counts;
}

async function dependencies(dynamodbEndpoint: string, sesEndpoint: string, tableName: string) {
  const config = runtimeConfigSchema().parse({
    hospital,
    region: 'us-east-1',
    tableName,
    logLevel: 'SILENT',
    publicBaseUrl: 'https://mentoring.example.org',
    endpoints: { dynamodb: dynamodbEndpoint, ses: sesEndpoint },
  });
  return buildDependencies(config, { signingSecret: secret });
}

async function freshTable(dynamodbEndpoint: string, name: string) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamodbEndpoint,
    credentials: localCredentials,
  });
  await ensureTable(client, name);
  client.destroy();
}

// 2. Dispatcher scaling: 200 due meetings among 1,000 and among 100,000 stored pairings.
async function dispatcherScaling(dynamodbEndpoint: string, sesEndpoint: string) {
  const now = new Date();
  const results = [];
  const dashboards: {
    storedPairings: number;
    ms: number;
    dynamodbRequests: number;
    rows: number;
  }[] = [];
  for (const stored of [1_000, 100_000]) {
    const times: number[] = [];
    let requests: Record<string, number> = {};
    let summary: Awaited<ReturnType<typeof runDueWorkWith>> | undefined;
    const started = performance.now();
    const table = `bench-scale-${stored}`;
    await freshTable(dynamodbEndpoint, table);
    const seedDeps = await dependencies(dynamodbEndpoint, sesEndpoint, table);
    await seedStoredPairings(
      seedDeps.documentClient,
      table,
      seedDeps.dueWorkStore,
      new DynamoPairingStore(seedDeps.documentClient, table, seedDeps.dueWorkStore),
      hospital,
      stored,
      now,
    );
    log(`stored ${stored} pairings in ${round((performance.now() - started) / 1000)} s`);
    for (let i = 0; i < runs; i++) {
      // Each run gets its own 200 due meetings (the previous run did the earlier ones).
      await seedDueMeetings(seedDeps, 200, 1, now, i * 200);
      const deps = await dependencies(dynamodbEndpoint, sesEndpoint, table);
      const counts = countRequests(deps);
      const t = performance.now();
      summary = await runDueWorkWith(deps);
      times.push(performance.now() - t);
      requests = counts;
      if (summary.done !== 400)
        throw new Error(`expected 400 invites, got ${JSON.stringify(summary).slice(0, 600)}`);
    }
    results.push({
      storedPairings: stored,
      dueMeetings: 200,
      invitesSent: summary?.done ?? 0,
      runMs: round(median(times)),
      itemsRead: summary?.itemsRead ?? 0,
      dynamodbRequests: requests,
      dynamodbRequestsTotal: Object.values(requests).reduce((a, b) => a + b, 0),
    });
    log(`dispatcher with ${stored} pairings: ${round(median(times))} ms`);
    dashboards.push({ storedPairings: stored, ...(await dashboardTime(seedDeps, now)) });
    log(`dashboard with ${stored} pairings: ${dashboards.at(-1)?.ms} ms`);
    // Free the emulator's memory before the next case.
    await seedDeps.documentClient.send(new DeleteTableCommand({ TableName: table }));
  }
  const [small, large] = results;
  const ratio = round((large?.runMs ?? 0) / (small?.runMs ?? 1), 2);
  const dashboardRatio = round((dashboards[1]?.ms ?? 0) / (dashboards[0]?.ms ?? 1), 2);
  return {
    runs: results,
    ratio,
    withinLimit: ratio <= 1.3,
    dashboard: { runs: dashboards, ratio: dashboardRatio },
  };
}

/** A mentee's request among 5,000 listed mentors (issue 17), against the HTTP function's 29 s. */
async function matching(dynamodbEndpoint: string, sesEndpoint: string) {
  await freshTable(dynamodbEndpoint, 'bench-matching');
  const deps = await dependencies(dynamodbEndpoint, sesEndpoint, 'bench-matching');
  const figures = await matchingAmong(deps, 5_000, runs, countRequests, () =>
    deps.documentClient.middlewareStack.remove('benchRequestCounter'),
  );
  log(`a request among ${figures.listedMentors} mentors: ${figures.requestMs} ms`);
  await deps.documentClient.send(new DeleteTableCommand({ TableName: 'bench-matching' }));
  return figures;
}

/**
 * The dashboard's work for the default range (the last 12 months), as its route does it: the two
 * Queries of the counters, the figures, the page with its four SVG charts. Median of `runs`.
 */
async function dashboardTime(deps: TandemDependencies, now: Date) {
  const today = dateInZone(now, hospital.timeZone);
  const filter = {
    stage: 'all' as const,
    fromMonth: addMonths(`${today.slice(0, 7)}-01`, -11).slice(0, 7),
    toMonth: today.slice(0, 7),
  };
  const times: number[] = [];
  let requests = 0;
  let rows = 0;
  for (let i = 0; i < runs * 4 + 2; i++) {
    const counts = countRequests(deps);
    const t = performance.now();
    const [monthRows, weekRows] = await Promise.all([
      deps.counters.monthRows(filter.fromMonth, filter.toMonth),
      deps.counters.weekRows(mondayOf(today)),
    ]);
    renderDashboard(hospital, dashboardFigures(monthRows, weekRows, filter, today), filter, []);
    // The first two warm the process up (JIT); they are not counted.
    if (i >= 2) times.push(performance.now() - t);
    requests = Object.values(counts).reduce((a, b) => a + b, 0);
    rows = monthRows.length + weekRows.length;
    deps.documentClient.middlewareStack.remove('benchRequestCounter');
  }
  return { ms: round(median(times)), dynamodbRequests: requests, rows };
}

// 3. End-to-end throughput: 1,000 due meetings (2,000 invites), and CPU time per invite.
async function throughput(dynamodbEndpoint: string, sesEndpoint: string, emulatorPid?: number) {
  const now = new Date();
  const table = 'bench-throughput';
  await freshTable(dynamodbEndpoint, table);
  const deps = await dependencies(dynamodbEndpoint, sesEndpoint, table);
  await seedDueMeetings(deps, 500, 2, now);
  log('throughput: 1,000 due meetings stored');
  const t = performance.now();
  // Where the machine's CPU goes while it runs: this process (the dispatcher, the SDK, and the
  // local SES endpoint, which parses every email it accepts) and DynamoDB Local's JVM.
  const cpu = cpuMeter(emulatorPid);
  let sent = 0;
  for (;;) {
    const summary = await runDueWorkWith(deps);
    sent += summary.done;
    log(`throughput: run found ${summary.found}, done ${summary.done}, retried ${summary.retried}`);
    if (summary.found === 0 || summary.done === 0) break;
  }
  const seconds = (performance.now() - t) / 1000;
  const used = cpu.read();
  const perInvite = (ms: number) => round(ms / Math.max(sent, 1), 1);

  return {
    dueMeetings: 1000,
    invitesSent: sent,
    seconds: round(seconds, 2),
    invitesPerSecond: round(sent / seconds),
    cpuPerInviteDuringRun: {
      benchProcessMs: perInvite(used.ownMs),
      dynamodbLocalMs: used.otherMs === null ? null : perInvite(used.otherMs),
      cores: cpus().length,
    },
    cpuMsPerInvite: await cpuPerInvite(deps),
    emulatorCeiling: await emulatorCeiling(deps.documentClient, table),
  };
}

/** CPU time per invite: the calendar, the email and the MIME message, without sending. */
async function cpuPerInvite(deps: TandemDependencies) {
  const now = new Date();
  const pairing = activePairing(hospital, 7, now);
  const [planned] = planMeetings(pairing, hospital, now);
  if (!planned) throw new Error('no meeting planned');
  const composer = new SesMailer(deps.sesClient);
  const links = await meetingLinks(
    { signer: deps.linkSigner, publicBaseUrl: 'https://mentoring.example.org', clock: deps.clock },
    { pairingId: pairing.id, party: 'mentee', version: 1, meeting: planned.meeting.index },
  );
  const perInvite: number[] = [];
  for (let r = 0; r < runs; r++) {
    const n = 500;
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const calendar = renderMeetingCalendar({
        hospital,
        pairing,
        meeting: planned.meeting,
        method: 'REQUEST',
        description: meetingDescription(pairing, planned.meeting, 'REQUEST', links, {
          text: 'Next: the abstract.',
          by: 'mentee',
        }),
        now,
      });
      const rendered = renderMeetingEmail(
        hospital,
        pairing,
        planned.meeting,
        'mentee',
        'REQUEST',
        links,
      );
      await composer.compose({
        kind: 'meeting-invite',
        from: { name: hospital.branding.programName, address: hospital.senderAddress },
        to: [pairing.mentee.email],
        ...rendered,
        alternatives: [
          { contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: calendar },
        ],
        attachments: [
          { filename: 'invite.ics', contentType: 'application/ics', content: calendar },
        ],
      });
    }
    const used = process.cpuUsage(cpu);
    perInvite.push((used.user + used.system) / 1000 / n);
  }
  return round(median(perInvite), 3);
}

/** DynamoDB requests per invite: one dispatcher run over 50 due meetings (100 invites). */
async function requestsPerInvite(dynamodbEndpoint: string, sesEndpoint: string) {
  const table = `bench-per-invite-${Date.now()}`;
  await freshTable(dynamodbEndpoint, table);
  const deps = await dependencies(dynamodbEndpoint, sesEndpoint, table);
  await seedDueMeetings(deps, 50, 1, new Date());
  const counts = countRequests(deps);
  const summary = await runDueWorkWith(deps);
  const total = Object.values(counts).reduce((x, y) => x + y, 0);
  deps.documentClient.middlewareStack.remove('benchRequestCounter');
  return {
    invites: summary.done,
    requests: counts,
    perInvite: round(total / Math.max(summary.done, 1), 2),
    deps,
    /** Frees the emulator's memory; the quick bench first measures CPU with these deps (links are stored). */
    drop: () => deps.documentClient.send(new DeleteTableCommand({ TableName: table })),
  };
}

/** The wiring of `npm start`: requests answer, the outbox handler sends in the background. */
async function embeddedDependencies(dynamodbEndpoint: string, sesEndpoint: string, table: string) {
  await freshTable(dynamodbEndpoint, table);
  const config = runtimeConfigSchema().parse({
    hospital,
    region: 'us-east-1',
    tableName: table,
    logLevel: 'SILENT',
    publicBaseUrl: 'https://mentoring.example.org',
    endpoints: { dynamodb: dynamodbEndpoint, ses: sesEndpoint },
  });
  const outbox = new BackgroundOutbox((error) => log(`outbox delivery failed: ${String(error)}`));
  const deps = buildDependencies(
    config,
    { signingSecret: secret },
    { deliver: outbox.deliver, outboxSettled: () => outbox.settled() },
  );
  outbox.attach(createOutboxHandler(deps));
  return deps;
}

function coldStartEnv(dynamodbEndpoint: string, tableName: string) {
  return {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    [runtimeEnv.tableName]: tableName,
    [runtimeEnv.logLevel]: 'SILENT',
    [runtimeEnv.publicBaseUrl]: 'https://mentoring.example.org',
    [runtimeEnv.signingSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s',
  };
}

/** Prints the budgets missed and sets a failing exit code, or says all were met. */
function judge(figures: Parameters<typeof missedBudgets>[1]) {
  const missed = missedBudgets(readBudgets(), figures);
  if (missed.length === 0) log('every budget in bench/budgets.json is met');
  else {
    log(`budgets missed (bench/budgets.json):\n${missed.map((m) => `  - ${m}`).join('\n')}`);
    process.exitCode = 1;
  }
  return missed;
}

/**
 * The cold starts, timed once DynamoDB Local has gone quiet (its JIT compiler runs on for seconds
 * after a burst of requests, and this machine has two cores), with the emulator's own CPU time
 * during the section reported beside them: near zero when nothing competed with the functions.
 */
async function coldStartsOnAQuietMachine(emulators: {
  dynamodbEndpoint: string;
  dynamodbPid?: number;
}) {
  const settled = await waitUntilQuiet(emulators.dynamodbPid);
  if (!settled.quiet) log(`cold starts: DynamoDB Local still busy after ${settled.waitedMs} ms`);
  const cpu = cpuMeter(emulators.dynamodbPid);
  const cold = await coldStarts(
    hospital,
    coldStartEnv(emulators.dynamodbEndpoint, 'bench-bundles'),
    runs,
  );
  const emulatorMs = cpu.read().otherMs;
  return {
    ...cold,
    waitedForQuietMs: settled.waitedMs,
    emulatorCpuMsMeanwhile: emulatorMs === null ? null : round(emulatorMs),
  };
}

async function main() {
  const began = performance.now();
  const emulators = await startEmulators();
  const { dynamodbEndpoint, sesEndpoint } = emulators;
  try {
    // `npm run bench -- --quick`: cold starts and the per-invite figures only, written nowhere.
    if (process.argv.includes('--quick')) {
      await freshTable(dynamodbEndpoint, 'bench-bundles');
      const cold = await coldStartsOnAQuietMachine(emulators);
      const perInvite = await requestsPerInvite(dynamodbEndpoint, sesEndpoint);
      const cpu = await cpuPerInvite(perInvite.deps);
      await perInvite.drop();
      console.log(
        JSON.stringify(
          {
            cold,
            requestsPerInvite: { ...perInvite, deps: undefined, drop: undefined },
            cpuMsPerInvite: cpu,
          },
          null,
          2,
        ),
      );
      judge({ cold, requestsPerInvite: perInvite.perInvite, cpuMsPerInvite: cpu });
      log(`quick bench took ${round((performance.now() - began) / 1000)} s`);
      return;
    }
    // BENCH_ONLY=<section> runs one section and prints it, writing nothing (for working on it).
    const only = process.env.BENCH_ONLY;
    if (only) {
      const sections: Record<string, () => Promise<unknown>> = {
        throughput: () => throughput(dynamodbEndpoint, sesEndpoint, emulators.dynamodbPid),
        perInvite: async () => {
          const {
            deps: _deps,
            drop,
            ...figures
          } = await requestsPerInvite(dynamodbEndpoint, sesEndpoint);
          await drop();
          return figures;
        },
        scaling: () => dispatcherScaling(dynamodbEndpoint, sesEndpoint),
        matching: () => matching(dynamodbEndpoint, sesEndpoint),
        requests: async () =>
          requestsUnderLoad(
            await embeddedDependencies(dynamodbEndpoint, sesEndpoint, 'bench-requests'),
            hospital,
            emulators.dynamodbPid,
          ),
        cost: async () =>
          costOfOnePairingYear(
            await dependencies(dynamodbEndpoint, sesEndpoint, await costTable(dynamodbEndpoint)),
          ),
      };
      const section = sections[only];
      if (!section)
        throw new Error(`BENCH_ONLY must be one of ${Object.keys(sections).join(', ')}`);
      console.log(JSON.stringify(await section(), null, 2));
      return;
    }
    await freshTable(dynamodbEndpoint, 'bench-bundles');
    // First, as in --quick: before any section has kept the emulator's JIT compiler busy.
    const cold = await coldStartsOnAQuietMachine(emulators);
    const perInvite = await requestsPerInvite(dynamodbEndpoint, sesEndpoint);
    await perInvite.drop();
    const results = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGb: round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}/${process.arch}`,
      },
      runsPerFigure: runs,
      cold,
      requestsPerInvite: {
        invites: perInvite.invites,
        requests: perInvite.requests,
        perInvite: perInvite.perInvite,
      },
      throughput: await throughput(dynamodbEndpoint, sesEndpoint, emulators.dynamodbPid),
      requests: await requestsUnderLoad(
        await embeddedDependencies(dynamodbEndpoint, sesEndpoint, 'bench-requests'),
        hospital,
        emulators.dynamodbPid,
      ),
      cost: await costOfOnePairingYear(
        await dependencies(dynamodbEndpoint, sesEndpoint, await costTable(dynamodbEndpoint)),
      ),
      matching: await matching(dynamodbEndpoint, sesEndpoint),
      // Last: 100,000 stored pairings make the emulator itself slower for what follows.
      dispatcherScaling: await dispatcherScaling(dynamodbEndpoint, sesEndpoint),
      missedBudgets: [] as string[],
      totalSeconds: 0,
    };
    results.totalSeconds = round((performance.now() - began) / 1000);
    results.missedBudgets = judge({
      cold: results.cold,
      requestsPerInvite: results.requestsPerInvite.perInvite,
      cpuMsPerInvite: results.throughput.cpuMsPerInvite,
      invitesPerSecond: results.throughput.invitesPerSecond,
      requests: results.requests,
    });
    writeFileSync(join(projectRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    refreshPerformanceDoc(results);
    log(`bench/results.json and docs/performance.md written in ${results.totalSeconds} s`);
    if (!results.dispatcherScaling.withinLimit) {
      log(`dispatcher scaling ratio ${results.dispatcherScaling.ratio} is over 1.3`);
      process.exitCode = 1;
    }
    if (results.dispatcherScaling.dashboard.ratio > 1.3) {
      log(`dashboard scaling ratio ${results.dispatcherScaling.dashboard.ratio} is over 1.3`);
      process.exitCode = 1;
    }
  } finally {
    await emulators.stop();
  }
}

async function costTable(endpoint: string) {
  await freshTable(endpoint, 'bench-cost');
  return 'bench-cost';
}

type Results = {
  measuredAt: string;
  cold: Awaited<ReturnType<typeof coldStartsOnAQuietMachine>>;
  requestsPerInvite: { invites: number; requests: Record<string, number>; perInvite: number };
  requests: Awaited<ReturnType<typeof requestsUnderLoad>>;
  missedBudgets: string[];
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  runsPerFigure: number;
  dispatcherScaling: {
    runs: {
      storedPairings: number;
      runMs: number;
      itemsRead: number;
      dynamodbRequestsTotal: number;
      dynamodbRequests: Record<string, number>;
    }[];
    ratio: number;
    dashboard: {
      runs: { storedPairings: number; ms: number; dynamodbRequests: number; rows: number }[];
      ratio: number;
    };
  };
  throughput: {
    invitesSent: number;
    seconds: number;
    invitesPerSecond: number;
    cpuMsPerInvite: number;
    cpuPerInviteDuringRun: {
      benchProcessMs: number;
      dynamodbLocalMs: number | null;
      cores: number;
    };
    emulatorCeiling: Awaited<ReturnType<typeof emulatorCeiling>>;
  };
  cost: Awaited<ReturnType<typeof costOfOnePairingYear>>;
  matching: Awaited<ReturnType<typeof matchingAmong>>;
  totalSeconds: number;
};

/** Replaces what lies between the markers in docs/performance.md with the figures. */
function refreshPerformanceDoc(r: Results) {
  const kb = (bytes = 0) => `${round(bytes / 1024)} KB`;
  const rows = [
    `Measured ${r.measuredAt.slice(0, 10)} on ${r.machine.cpu} (${r.machine.cores} cores, ${r.machine.memoryGb} GB), Node ${r.machine.node}, ${r.machine.platform}; each figure the median of ${r.runsPerFigure} runs; the whole benchmark took ${r.totalSeconds} s.`,
    '',
    `Cold start, whole process, against a bare \`node -e 0\` of **${r.cold.bareNodeMs} ms** in the same run (budget: at most ${readBudgets().coldInitMultipleOfBareNode}×), timed first, once DynamoDB Local had gone quiet (waited ${r.cold.waitedForQuietMs} ms; the emulator used ${r.cold.emulatorCpuMsMeanwhile ?? 'unknown'} ms of CPU while they ran):`,
    '',
    '| function | bundle loaded at start | whole asset (lazy chunks too) | source map loaded | cold start | × bare Node |',
    '|---|---|---|---|---|---|',
    ...r.cold.functions.map(
      (f) =>
        `| ${f.function === sdkFloor ? '*floor: the AWS SDK clients and the secret alone*' : f.function} | ${kb(f.bytes)} | ${kb(f.bytesInAsset)} | ${kb(f.sourceMapBytes)} | ${f.coldMs} ms | ${f.multiple}× |`,
    ),
    '',
    `DynamoDB requests per invite sent: **${r.requestsPerInvite.perInvite}** (${Object.entries(
      r.requestsPerInvite.requests,
    )
      .filter(([k]) => k !== 'DeleteTableCommand')
      .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
      .join(', ')} for ${r.requestsPerInvite.invites} invites).`,
    '',
    `Requests a person waits on (embedded wiring, outbox in the background): POST /api/pairings at concurrency 20 p50 **${r.requests.created.p50Ms} ms**, p99 **${r.requests.created.p99Ms} ms** against **${r.requests.refused.p99Ms} ms** for a POST refused with 400 (**${r.requests.p99MultipleOfRefused}×**), while DynamoDB Local alone takes ${r.requests.emulatorFloorP99Ms} ms at p99 for the same load of 8-item transactions (a new pairing's write) with no Tandem code (CPU per created POST while they ran: ${r.requests.cpuPerCreatedPost.dynamodbLocalMs ?? 'unknown'} ms in DynamoDB Local's JVM, ${r.requests.cpuPerCreatedPost.benchProcessMs} ms in this process); a burst of 160 at once: ${JSON.stringify(r.requests.burst.statuses)}, slowest ${r.requests.burst.slowest} ms; the 500-row import: ${r.requests.import500.outcome}, ${r.requests.import500.rowsCreated} rows in **${r.requests.import500.seconds} s**, the same file again ${r.requests.import500.again.outcome} with ${r.requests.import500.again.rowsCreated} rows created.`,
    '',
    r.missedBudgets.length === 0
      ? 'Every budget in `bench/budgets.json` was met.'
      : `Budgets missed (\`bench/budgets.json\`): ${r.missedBudgets.join('; ')}.`,
    '',
    '| dispatcher run, 200 due meetings (400 invites) | run | items read | DynamoDB requests |',
    '|---|---|---|---|',
    ...r.dispatcherScaling.runs.map(
      (d) =>
        `| ${d.storedPairings.toLocaleString('en-US')} pairings stored | ${d.runMs} ms | ${d.itemsRead} | ${d.dynamodbRequestsTotal} (${Object.entries(
          d.dynamodbRequests,
        )
          .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
          .join(', ')}) |`,
    ),
    '',
    `Ratio 100,000 / 1,000: **${r.dispatcherScaling.ratio}×** (the rule: at most 1.3×).`,
    '',
    '| the dashboard, last 12 months (2 Queries of the counters, figures, the page with 4 SVG charts) | time | DynamoDB requests | counter rows read |',
    '|---|---|---|---|',
    ...r.dispatcherScaling.dashboard.runs.map(
      (d) =>
        `| ${d.storedPairings.toLocaleString('en-US')} pairings stored | ${d.ms} ms | ${d.dynamodbRequests} | ${d.rows} |`,
    ),
    '',
    `Ratio 100,000 / 1,000: **${r.dispatcherScaling.dashboard.ratio}×** (issue 16's rule: at most 1.3×).`,
    '',
    `A mentee's request among **${r.matching.listedMentors.toLocaleString('en-US')} listed mentors** (POST /api/requests's work: one Query of the pool, the loads of the best candidates, the request stored, the office's email in the outbox): **${r.matching.requestMs} ms** (the HTTP function may take 29 s), ${Object.entries(
      r.matching.dynamodbRequests,
    )
      .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
      .join(', ')}; ${r.matching.suggestions} suggestions.`,
    '',
    `End to end, 1,000 due meetings: **${r.throughput.invitesSent} invites in ${r.throughput.seconds} s = ${r.throughput.invitesPerSecond} invites/s** (DynamoDB Local and the local SES endpoint on the same machine); CPU per invite (calendar + email + MIME): **${r.throughput.cpuMsPerInvite} ms**. DynamoDB Local alone, serving one invite's requests with no Tandem code (a transaction of 8 claims ${r.throughput.emulatorCeiling.transactionOf8Ms} ms and its batch read ${r.throughput.emulatorCeiling.batchReadOf8Ms} ms, both shared by 8 invites; a batch read of 2 items ${r.throughput.emulatorCeiling.batchReadOf2Ms} ms; a transaction of 3 writes ${r.throughput.emulatorCeiling.transactionOf3Ms} ms), one request at a time: at most **${r.throughput.emulatorCeiling.invitesPerSecond} invites/s**. CPU time per invite during the run: **${r.throughput.cpuPerInviteDuringRun.dynamodbLocalMs ?? 'unknown'} ms in DynamoDB Local's JVM** and ${r.throughput.cpuPerInviteDuringRun.benchProcessMs} ms in this process (the dispatcher, the SDK and the local SES endpoint, which parses every email); ${r.throughput.cpuPerInviteDuringRun.cores} cores can serve at most ${r.throughput.cpuPerInviteDuringRun.dynamodbLocalMs === null ? 'an unknown number of' : Math.round((1000 * r.throughput.cpuPerInviteDuringRun.cores) / (r.throughput.cpuPerInviteDuringRun.dynamodbLocalMs + r.throughput.cpuPerInviteDuringRun.benchProcessMs))} invites/s of that.`,
    '',
    '| one pairing, 12 monthly meetings, one year | count | list price | dollars |',
    '|---|---|---|---|',
    ...r.cost.lines.map(
      (l) =>
        `| ${l.item} | ${l.count.toLocaleString('en-US')} | ${l.price} | $${l.dollars.toFixed(4)} |`,
    ),
    `| **per pairing-year** | | | **$${r.cost.perPairingYear.toFixed(4)}** |`,
    `| **a hospital of 500 pairings, per year** (incl. the fixed costs below) | | | **$${r.cost.hospitalOf500.toFixed(2)}** |`,
    '',
    ...r.cost.fixed.map(
      (f) => `- Fixed per hospital and year: ${f.item}: $${f.dollars.toFixed(2)}`,
    ),
  ];
  const path = join(projectRoot, 'docs/performance.md');
  const doc = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const before = doc.slice(0, doc.indexOf(start) + start.length);
  const after = doc.slice(doc.indexOf(end));
  writeFileSync(path, `${before}\n${rows.join('\n')}\n${after}`);
}

await main();
