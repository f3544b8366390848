import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { FolderRawMailSource } from '#adapters/folder-raw-mail-source';
import { secretOf } from '#adapters/secret-value';
import type { MetricsRecorder } from '#domain/metrics';
import { createHttpApiHandler } from '#handlers/http-api';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { sesEventFor } from '#local/smtp-listener';
import { buildDependencies, type TandemDependencies } from '#runtime/dependencies';
import { runDueWorkWith } from '#runtime/run-due-work';
import { httpEvent } from '../support/http-events.ts';
import { captureRawMail } from '../support/raw-mail.ts';
import { cloudWatchPrices, stackMonitoring } from './cloudwatch-cost.ts';

/**
 * Published on-demand list prices, us-east-1 (checked against the pricing pages when this was
 * written; prices change — the pages are the authority):
 * - DynamoDB on demand: $0.625 per million write request units, $0.125 per million read request
 *   units — https://aws.amazon.com/dynamodb/pricing/on-demand/
 * - Lambda on arm64: $0.20 per million requests, $0.0000133334 per GB-second —
 *   https://aws.amazon.com/lambda/pricing/
 * - SES: $0.10 per 1,000 emails sent; receiving $0.10 per 1,000 emails plus $0.09 per 1,000
 *   incoming 256 KB chunks — https://aws.amazon.com/ses/pricing/
 * - KMS: $1 per customer-managed key per month — https://aws.amazon.com/kms/pricing/
 * - Secrets Manager: $0.40 per secret per month — https://aws.amazon.com/secrets-manager/pricing/
 */
export const prices = {
  writeRequestUnit: 0.625 / 1e6,
  readRequestUnit: 0.125 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  emailSent: 0.1 / 1000,
  emailReceived: 0.1 / 1000 + 0.09 / 1000,
  kmsKeyMonth: 1,
  secretMonth: 0.4,
};
/** Lambda at 512 MB gets about a third of a vCPU; local time is scaled up by this for billing. */
const lambdaSlowdown = 3;
const memoryGb = 0.5;

const readCommands = new Set([
  'GetCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetCommand',
  'TransactGetCommand',
]);

/**
 * Adds ReturnConsumedCapacity to every DynamoDB request and sums the units DynamoDB reports,
 * as reads or writes by the command (DynamoDB Local reports only `CapacityUnits`).
 */
function meterCapacity(deps: TandemDependencies) {
  const units = { read: 0, write: 0, requests: 0 };
  deps.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      units.requests++;
      const output = result.output as { ConsumedCapacity?: unknown };
      const reported = (
        [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[]
      ).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (readCommands.has(String(context.commandName))) units.read += reported;
      else units.write += reported;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter' },
  );
  return units;
}

/**
 * One pairing through a whole 12-month monthly term on the real handlers and emulators: the form,
 * two agreements, a year of daily dispatcher runs (invites, check-ins, reviews, the term notice
 * and the end), and a reply to every check-in — counting DynamoDB request units, Lambda time and
 * emails, then pricing them.
 */
export async function costOfOnePairingYear(base: TandemDependencies) {
  const monitoring = stackMonitoring(base.config.hospital.id);
  let now = new Date(Date.UTC(2027, 0, 4, 14));
  const emails = new Map<string, number>();
  // Every CloudWatch metric the year publishes (a name and its `kind`, if any): each is a custom
  // metric CloudWatch charges for.
  const series = new Set<string>();
  const metrics: MetricsRecorder = {
    count: (name, kind, n = 1) => {
      series.add(kind ? `${name}/${kind}` : name);
      if (name === 'EmailsSent') emails.set(kind ?? '', (emails.get(kind ?? '') ?? 0) + n);
    },
    seconds: (name) => {
      series.add(name);
    },
    flush: () => {},
  };
  const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-bench-mail-')));
  const deps = buildDependencies(
    base.config,
    { signingSecret: secretOf(base.signingSecret) },
    { clock: { now: () => now }, metrics, rawMailSource: rawMail, logger: base.logger },
  );
  const units = meterCapacity(deps);
  const http = createHttpApiHandler(deps);
  const inbound = createInboundMailHandler(deps);
  let lambdaMs = 0;
  let invocations = 0;
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      lambdaMs += performance.now() - t;
      invocations++;
    }
  };
  const domain = base.config.hospital.allowedEmailDomains[0];
  const tag = randomUUID().slice(0, 8);
  const mentor = `cost.mentor.${tag}@${domain}`;
  const mentee = `cost.mentee.${tag}@${domain}`;
  // What SES is asked to send, from the SES client's own requests (the tests' capture): the
  // local SES store holds every earlier section's mail too, and reading it daily would be slow.
  const captured = captureRawMail(deps);
  const outbox: { to: string[]; subject: string; replyTo?: string; text: string }[] = [];
  const sesStore = async () => {
    for (const { raw } of captured.slice(outbox.length)) {
      const parsed = await simpleParser(raw);
      const addresses = (field: typeof parsed.to) =>
        [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
      outbox.push({
        to: addresses(parsed.to),
        subject: parsed.subject ?? '',
        ...(parsed.replyTo ? { replyTo: addresses(parsed.replyTo)[0] ?? '' } : {}),
        text: parsed.text ?? '',
      });
    }
    return outbox.filter((e) => e.to.includes(mentor) || e.to.includes(mentee));
  };

  const created = (await timed(() =>
    http(
      httpEvent('POST', '/api/pairings', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          mentor: { name: 'Dr Cost Mentor', email: mentor },
          mentee: { name: 'Dr Cost Mentee', email: mentee, careerStage: 'resident' },
          needs: ['career'],
          goals: ['Choose a fellowship'],
          frequency: 'monthly',
          formality: 'goal-driven',
          meetingMinutes: 45,
          preferredWeekday: 'tuesday',
          timeWindow: { start: '15:00', end: '17:00' },
          termMonths: 12,
          mentorAvailability: 'Email only',
        }),
      }),
      localLambdaContext('http'),
    ),
  )) as { body: string };
  const id = JSON.parse(created.body).id as string;
  for (const person of [mentor, mentee]) {
    const proposal = (await sesStore()).find(
      (e) => e.to.includes(person) && /expectations/.test(e.subject),
    );
    const text = proposal?.text ?? '';
    const link = new URL(/https?:\/\/[^\s"<>]+\/l\/[\w-]+/.exec(text)?.[0] ?? '');
    await timed(() =>
      http(httpEvent('GET', `${link.pathname}${link.search}`), localLambdaContext('http')),
    );
    await timed(() =>
      http(
        httpEvent('POST', link.pathname, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            t: link.pathname.split('/').at(-1) ?? '',
            action: 'agree',
          }).toString(),
        }),
        localLambdaContext('http'),
      ),
    );
  }

  const answered = new Set<string>();
  let received = 0;
  for (let day = 0; day < 380; day++) {
    now = new Date(now.getTime() + 86_400_000);
    const t = performance.now();
    const summary = await runDueWorkWith(deps);
    // Runs that did this pairing's work count towards it; the scheduled runs themselves (and
    // idle ones) are a fixed cost of the hospital, below.
    if (summary.found > 0) lambdaMs += performance.now() - t;
    for (const checkin of (await sesStore()).filter(
      (e) => e.to.includes(mentee) && e.subject.startsWith('How did your'),
    )) {
      const address = /checkin\+[^>\s]+/.exec(checkin.replyTo ?? '')?.[0] ?? '';
      if (!address || answered.has(address)) continue;
      answered.add(address);
      const raw = await new MailComposer({
        from: mentee,
        to: address,
        subject: `Re: ${checkin.subject}`,
        messageId: `<${randomUUID()}@bench>`,
        text: 'Good meeting. Next: draft the personal statement.',
      })
        .compile()
        .build();
      const receiptId = randomUUID();
      await rawMail.write(receiptId, raw);
      await timed(() =>
        inbound(
          sesEventFor(receiptId, { from: mentee, to: [address] }, now, 'PASS'),
          localLambdaContext('inbound'),
        ),
      );
      received++;
    }
  }
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await runDueWorkWith(deps);
    idle.push(performance.now() - t);
  }
  const idleMs = idle.sort((a, b) => a - b)[10] ?? 0;
  const state = await deps.pairingStore.get(id);
  const sent = [...emails.values()].reduce((a, b) => a + b, 0);
  const gbSeconds = (lambdaMs / 1000) * lambdaSlowdown * memoryGb;
  const lines = [
    {
      item: 'DynamoDB write request units',
      count: Math.round(units.write),
      price: '$0.625 / million',
      dollars: units.write * prices.writeRequestUnit,
    },
    {
      item: 'DynamoDB read request units',
      count: Math.round(units.read),
      price: '$0.125 / million',
      dollars: units.read * prices.readRequestUnit,
    },
    {
      item: 'Lambda requests (HTTP, inbound mail)',
      count: invocations,
      price: '$0.20 / million',
      dollars: invocations * prices.lambdaRequest,
    },
    {
      item: `Lambda GB-seconds (${Math.round(lambdaMs)} ms measured × ${lambdaSlowdown} × 0.5 GB)`,
      count: Math.round(gbSeconds * 1000) / 1000,
      price: '$0.0000133334 / GB-s',
      dollars: gbSeconds * prices.lambdaGbSecond,
    },
    { item: 'emails sent', count: sent, price: '$0.10 / 1,000', dollars: sent * prices.emailSent },
    {
      item: 'emails received (check-in replies)',
      count: received,
      price: '$0.19 / 1,000',
      dollars: received * prices.emailReceived,
    },
  ];
  const perPairingYear = lines.reduce((sum, l) => sum + l.dollars, 0);
  // Fixed per hospital: the dispatcher every 5 minutes all year, the key, the secret.
  const runsPerYear = (365 * 24 * 60) / 5;
  const fixed = [
    {
      item: `dispatcher runs every 5 min (${runsPerYear.toLocaleString('en-US')} a year, ${Math.round(idleMs)} ms idle each × ${lambdaSlowdown}, 4 Queries)`,
      dollars:
        runsPerYear * prices.lambdaRequest +
        runsPerYear * (idleMs / 1000) * lambdaSlowdown * memoryGb * prices.lambdaGbSecond +
        runsPerYear * 4 * 0.5 * prices.readRequestUnit,
    },
    { item: 'KMS key', dollars: 12 * prices.kmsKeyMonth },
    { item: 'link-signing secret', dollars: 12 * prices.secretMonth },
    {
      // A program of many pairings publishes every kind its pairings' years do, most months.
      item: `CloudWatch custom metrics: the ${series.size} that one pairing's year publishes, every month`,
      dollars: 12 * series.size * cloudWatchPrices.metricMonth,
    },
    {
      item: `CloudWatch alarms (${monitoring.alarmMetrics} alarm metrics) and dashboard (${monitoring.dashboards}), from the synthesized stack`,
      dollars:
        12 *
        (monitoring.alarmMetrics * cloudWatchPrices.alarmMetricMonth +
          monitoring.dashboards * cloudWatchPrices.dashboardMonth),
    },
  ];
  return {
    pairingState: state?.pairing.status,
    closeReason: state?.pairing.closeReason,
    emailsByKind: Object.fromEntries([...emails.entries()].sort()),
    metricSeries: [...series].sort(),
    dynamodb: { readUnits: units.read, writeUnits: units.write, requests: units.requests },
    lambda: { invocations, measuredMs: Math.round(lambdaMs), gbSeconds },
    lines,
    perPairingYear,
    fixed,
    hospitalOf500: 500 * perPairingYear + fixed.reduce((sum, f) => sum + f.dollars, 0),
  };
}
