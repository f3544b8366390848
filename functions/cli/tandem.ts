import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readInboundMessage } from '#adapters/mime-reader';
import { organizationalDomain } from '#adapters/public-suffix-list';
import { dispatcherTimeoutSeconds } from '#config/hospital-config';
import { loadHospital } from '#config/hospital-files';
import { fixedClock, systemClock } from '#domain/clock';
import { classifyInbound, inboundSummary } from '#domain/inbound-mail';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import {
  dependenciesInputFromFile,
  isProcessAlive,
  readLocalRuntimeFile,
} from '#local/local-runtime';
import { buildDependencies } from '#runtime/dependencies';
import type { DispatchRunSummary } from '#workflows/due-work-dispatcher';

const usage = `Usage: tandem <command>

Commands (against the embedded service started with \`npm start\`):
  tick [--now <ISO time>] [--max-seconds N]
                            run the dispatcher once, as if the clock read that time; it stops
                            starting work after N seconds (default: the deployed time limit)
  status                    show what is running and the due work waiting

  mail parse <file.eml> [--hospital <id>]
                            how Tandem reads one message, as JSON (no service needed)
`;

function parseNow(value: string | undefined): Date {
  if (value === undefined) return systemClock.now();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new Error(`--now "${value}" is not an ISO time such as 2027-01-15T09:00:00Z`);
  }
  return at;
}

function runningService() {
  const file = readLocalRuntimeFile();
  if (!isProcessAlive(file.pid)) {
    throw new Error(
      'The embedded service is not running (its process is gone). Start it with: npm start',
    );
  }
  return file;
}

async function tick(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { now: { type: 'string' }, 'max-seconds': { type: 'string' } },
  });
  const now = parseNow(values.now);
  const file = runningService();
  const { config, secrets } = dependenciesInputFromFile(file);
  const deps = buildDependencies(config, secrets, { clock: fixedClock(now) });
  const handler = createDispatcherHandler(deps);
  // The deployed dispatcher's time limit, or --max-seconds: a run with more work stops starting
  // items before it, finishes those in flight and leaves the rest due for the next run.
  const seconds = values['max-seconds']
    ? Number(values['max-seconds'])
    : dispatcherTimeoutSeconds(config.hospital.dispatcher.rateMinutes);
  if (!(seconds > 0)) throw new Error('--max-seconds takes a number of seconds above 0');
  const summary = (await handler(
    {},
    localLambdaContext('dispatcher', seconds * 1000),
  )) as DispatchRunSummary;
  console.log(
    `Dispatcher run at ${summary.startedAt}: ${summary.found} due, ${summary.done} done, ` +
      `${summary.retried} to retry${summary.throttled ? ` (${summary.throttled} because SES is throttling this account: they go when it accepts mail again)` : ''}, ${summary.parked} parked, ${summary.skipped} taken by another run, ` +
      `${summary.errors + summary.deferred} left for the next run` +
      `${summary.stoppedAtDeadline ? ' (it stopped at its time limit; run it again to go on)' : ''}.`,
  );
  for (const item of summary.parkedItems) {
    console.log(`  parked ${item.kind} ${item.id} after ${item.attempts} attempts: ${item.error}`);
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function status(): Promise<void> {
  const file = runningService();
  const { config, secrets } = dependenciesInputFromFile(file);
  const deps = buildDependencies(config, secrets);
  console.log(
    `Tandem for ${deps.config.hospital.name} (${file.hospitalId}), pid ${file.pid}, since ${file.startedAt}`,
  );
  for (const [name, port] of Object.entries(file.ports)) {
    console.log(`  ${name.padEnd(9)} port ${port}  ${(await reachable(port)) ? 'up' : 'DOWN'}`);
  }
  const waiting = await deps.dueWorkStore.countWaiting(systemClock.now());
  console.log(`  due work  ${waiting.dueNow} due now, ${waiting.later} scheduled later`);
  const parked = await deps.dueWorkStore.listParked();
  console.log(`  parked    ${parked.length}`);
  for (const item of parked) {
    console.log(
      `    ${item.parkedAt} ${item.kind} ${item.id} (${item.attempts} attempts): ${item.error}`,
    );
  }
}

async function mailParse(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { hospital: { type: 'string' } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file) throw new Error('Usage: tandem mail parse <file.eml> [--hospital <id>]');
  const hospital = loadHospital(values.hospital);
  const message = await readInboundMessage(await readFile(file), {
    receiptId: basename(file),
    receivedAt: systemClock.now(),
  });
  console.log(
    JSON.stringify(
      await inboundSummary(
        message,
        classifyInbound(message, hospital.replyDomain),
        organizationalDomain,
      ),
    ),
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mail':
      if (rest[0] === 'parse') return mailParse(rest.slice(1));
      throw new Error(`Unknown mail command "${rest[0] ?? ''}".\n\n${usage}`);
    case 'tick':
      return tick(rest);
    case 'status':
      return status();
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
