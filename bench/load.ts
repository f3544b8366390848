// Parts of `npm run bench` for issue 14: cold starts against a bare Node start, the requests a
// person waits on (POST latency at concurrency 20, a burst of 160, a 500-row import), and the
// budgets in bench/budgets.json.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { HospitalConfig } from '#config/hospital-config';
import type { LambdaBundle } from '#infra/lambda-build';
import { projectRoot } from '#local/paths';
import type { TandemDependencies } from '#runtime/dependencies';
import { importPairings } from '#workflows/pairing-import';
import { httpClient } from '../support/http-events.ts';
import { bundleLambda, fakeSecretsManager } from '../support/lambda-bundles.ts';
import { importCsv, importCsvRow, pairingRequest } from '../support/pairing-requests.ts';
import { cpuMeter } from './quiet-machine.ts';

export const functionNames = ['http-api', 'dispatcher', 'outbox', 'inbound-mail', 'ses-events'];
/** Not a function: the AWS SDK clients and the secret's read alone (bench/sdk-floor.ts). */
export const sdkFloor = 'sdk-floor';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Cold starts as Lambda's init sees them: a fresh Node process that imports the deployed bundle
 * (hospital compiled in, NODE_OPTIONS as the stack sets it), which reads the secret and builds
 * the handler at top level; wall time of the whole process, against `node -e 0` measured
 * interleaved in the same run.
 */
export async function coldStarts(
  hospital: HospitalConfig,
  env: Record<string, string | undefined>,
  runs: number,
) {
  const secrets = await fakeSecretsManager('bench-signing-secret-0123456789abcdef-0123456789');
  const processEnv = {
    ...env,
    // As the stack sets it: no NODE_OPTIONS (source maps are read at an error, not at start).
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  };
  const run = async (args: string[]) => {
    const t = performance.now();
    await promisify(execFile)(process.execPath, args, { env: processEnv });
    return performance.now() - t;
  };
  const bundles = new Map<string, LambdaBundle>();
  for (const name of functionNames) bundles.set(name, bundleLambda(name, { hospital }));
  bundles.set(sdkFloor, bundleLambda(sdkFloor, { entry: join(projectRoot, 'bench/sdk-floor.ts') }));
  const files = new Map([...bundles].map(([name, bundle]) => [name, bundle.entryFile]));
  const importing = (file: string) => [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(`file://${file}`)}); if (typeof m.handler !== 'function') throw new Error('no handler');`,
  ];
  await run(['-e', '0']); // warm-up: the file cache
  for (const file of files.values()) await run(importing(file));
  const bare: number[] = [];
  const times = new Map<string, number[]>([...files.keys()].map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    bare.push(await run(['-e', '0']));
    for (const [name, file] of files) times.get(name)?.push(await run(importing(file)));
  }
  secrets.server.close();
  const bareMs = median(bare);
  return {
    bareNodeMs: round(bareMs),
    functions: [...functionNames, sdkFloor].map((name) => {
      const bundle = bundles.get(name);
      const ms = median(times.get(name) ?? []);
      return {
        function: name,
        // What Node compiles at the cold start: the entry and the chunks it imports statically.
        bytes: bundle?.bytesAtStart ?? 0,
        bytesInAsset: bundle?.bytesInAsset ?? 0,
        sourceMapBytes: bundle?.sourceMapBytesAtStart ?? 0,
        coldMs: round(ms),
        multiple: round(ms / bareMs, 2),
      };
    }),
  };
}

/** Runs `count` calls, `concurrency` at a time; each call's latency in ms and its status. */
async function load(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<number>,
): Promise<{ ms: number[]; statuses: number[] }> {
  const ms: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        statuses.push(await call(i));
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ms, statuses };
}

/**
 * The requests a person waits on, on the embedded wiring (a background outbox, as `npm start`
 * and the table stream): POST /api/pairings at concurrency 20 against a POST refused with 400 in
 * the same run, a burst of 160 at once, and the documented 500-row import.
 */
export async function requestsUnderLoad(
  deps: TandemDependencies,
  hospital: HospitalConfig,
  emulatorPid?: number,
) {
  // The answer as the person gets it: before the outbox it started has sent anything.
  const http = httpClient(deps, undefined, { waitForOutbox: false });
  const domain = hospital.allowedEmailDomains[0];
  // A short casual request, as the bench has always posted.
  const request = () =>
    pairingRequest(
      {
        needs: ['career'],
        goals: ['Choose a fellowship'],
        formality: 'casual',
        preferredWeekday: 'wednesday',
        mentorAvailability: 'Email, weekdays',
      },
      domain,
    );
  const post = async (body: unknown) => (await http.postJson('/api/pairings', body)).status;
  const refused = await load(200, 20, () => post({ mentor: {} }));
  // The floor under a created POST here: DynamoDB Local taking the same load of transactions of
  // as many items as a new pairing writes (8), with no Tandem code, 20 at a time.
  const items = (i: number) =>
    Array.from({ length: 8 }, (_, k) => ({
      Put: {
        TableName: deps.config.tableName,
        Item: { pk: `FLOOR#${i}#${k}`, sk: 'ITEM', body: 'x'.repeat(k === 1 ? 3000 : 300) },
      },
    }));
  const emulator = await load(200, 20, async (i) => {
    await deps.documentClient.send(new TransactWriteCommand({ TransactItems: items(i) }));
    return 200;
  });
  // CPU per created POST while they run: DynamoDB Local's JVM, and this process (the handler,
  // the background outbox of the earlier POSTs, and the local SES endpoint parsing its emails).
  const cpu = cpuMeter(emulatorPid);
  const created = await load(200, 20, () => post(request()));
  const used = cpu.read();
  const burst = await load(160, 160, () => post(request()));
  await deps.outboxSettled();
  const refusedP99 = percentile(refused.ms, 99);
  const createdP99 = percentile(created.ms, 99);

  const csv = importCsv(Array.from({ length: 500 }, () => importCsvRow(request())));
  let t = performance.now();
  const first = await importPairings(deps.pairingWorkflow, csv);
  const importSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const again = await importPairings(deps.pairingWorkflow, csv);
  const againSeconds = (performance.now() - t) / 1000;
  await deps.outboxSettled();
  const createdOnce = (o: typeof first) =>
    o.kind === 'imported' ? o.created.filter((c) => !c.repeated).length : -1;
  return {
    refused: { statuses: countBy(refused.statuses), p99Ms: round(refusedP99) },
    created: {
      statuses: countBy(created.statuses),
      p50Ms: round(median(created.ms)),
      p99Ms: round(createdP99),
      perSecond: round(200 / (created.ms.reduce((a, b) => a + b, 0) / 20 / 1000)),
    },
    p99MultipleOfRefused: round(createdP99 / Math.max(refusedP99, 0.1), 1),
    emulatorFloorP99Ms: round(percentile(emulator.ms, 99)),
    cpuPerCreatedPost: {
      dynamodbLocalMs: used.otherMs === null ? null : round(used.otherMs / 200),
      benchProcessMs: round(used.ownMs / 200),
    },
    burst: {
      statuses: countBy(burst.statuses),
      errors: burst.statuses.filter((s) => s >= 500).length,
      slowest: round(Math.max(...burst.ms)),
    },
    import500: {
      outcome: first.kind,
      rowsCreated: createdOnce(first),
      seconds: round(importSeconds, 2),
      again: {
        outcome: again.kind,
        rowsCreated: createdOnce(again),
        seconds: round(againSeconds, 2),
      },
    },
  };
}

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export interface Budgets {
  coldInitMultipleOfBareNode: number;
  bundleKB: Record<string, number>;
  dynamodbRequestsPerInvite: number;
  cpuMsPerInvite: number;
  invitesPerSecond: number;
  postP99MultipleOfRefused: number;
  burstErrors: number;
  import500Seconds: number;
}

export function readBudgets(): Budgets {
  return JSON.parse(readFileSync(join(projectRoot, 'bench/budgets.json'), 'utf8')) as Budgets;
}

/** Each budget against its figure, when measured in this run: what was missed, in words. */
export function missedBudgets(
  b: Budgets,
  figures: {
    cold?: Awaited<ReturnType<typeof coldStarts>>;
    requestsPerInvite?: number;
    cpuMsPerInvite?: number;
    invitesPerSecond?: number;
    requests?: Awaited<ReturnType<typeof requestsUnderLoad>>;
  },
): string[] {
  const missed: string[] = [];
  const over = (what: string, value: number, limit: number, unit = '') => {
    if (value > limit) missed.push(`${what}: ${value}${unit} (budget ${limit}${unit})`);
  };
  for (const f of figures.cold?.functions.filter((f) => f.function !== sdkFloor) ?? []) {
    over(`${f.function} cold init`, f.multiple, b.coldInitMultipleOfBareNode, '× bare Node');
    over(
      `${f.function} bundle loaded at start`,
      round(f.bytes / 1024),
      b.bundleKB[f.function] ?? 500,
      ' KB',
    );
  }
  if (figures.requestsPerInvite !== undefined)
    over('DynamoDB requests per invite', figures.requestsPerInvite, b.dynamodbRequestsPerInvite);
  if (figures.cpuMsPerInvite !== undefined)
    over('CPU per invite', figures.cpuMsPerInvite, b.cpuMsPerInvite, ' ms');
  if (figures.invitesPerSecond !== undefined && figures.invitesPerSecond < b.invitesPerSecond)
    missed.push(`invites per second: ${figures.invitesPerSecond} (budget ≥ ${b.invitesPerSecond})`);
  const r = figures.requests;
  if (r) {
    over(
      'POST p99 as a multiple of a refused POST',
      r.p99MultipleOfRefused,
      b.postP99MultipleOfRefused,
      '×',
    );
    over('errors in a burst of 160', r.burst.errors, b.burstErrors);
    over('500-row import', r.import500.seconds, b.import500Seconds, ' s');
    if (r.import500.rowsCreated !== 500)
      missed.push(`500-row import created ${r.import500.rowsCreated} rows`);
    if (r.import500.again.rowsCreated !== 0)
      missed.push(
        `the same 500-row file again: ${r.import500.again.outcome}, ${r.import500.again.rowsCreated} rows created`,
      );
  }
  return missed;
}
