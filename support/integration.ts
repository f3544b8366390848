import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { simpleParser } from 'mailparser';
import { inject } from 'vitest';
import { localCredentials } from '#adapters/dynamo-client';
import { type HospitalConfig, parseHospitalConfig } from '#config/hospital-config';
import {
  type RuntimeConfig,
  type RuntimeConfigInput,
  runtimeConfigSchema,
} from '#config/runtime-config';
import type { Clock } from '#domain/clock';
import type { RawMailSource } from '#domain/inbound-mail';
import type { MetricsRecorder } from '#domain/metrics';
import { createOutboxHandler } from '#handlers/outbox';
import { BackgroundOutbox } from '#local/background-outbox';
import { ensureTable } from '#local/embedded-dynamodb';
import { buildDependencies, type TandemDependencies } from '#runtime/dependencies';

export const testHospital: HospitalConfig = parseHospitalConfig(
  {
    id: 'test-hospital',
    name: 'Test Hospital',
    aws: { account: '123456789012', region: 'us-east-1' },
    timeZone: 'America/Chicago',
    senderAddress: 'mentoring@test-hospital.example.org',
    replyDomain: 'reply.test-hospital.example.org',
    allowedEmailDomains: ['test-hospital.example.org'],
    administrators: ['admin-office@test-hospital.example.org'],
    dispatcher: { rateMinutes: 5, shardCount: 4, maxAttempts: 3 },
  },
  'test hospital',
);

export const testAdminKey = 'test-admin-key-0123456789abcdef';
export const testSigningSecret = 'test-signing-secret-0123456789abcdef-0123456789';

export const silentLogger = new Logger({ serviceName: 'tandem-test', logLevel: 'SILENT' });

/**
 * The test hospital with a program office of its own: the local SES endpoint keeps every test's
 * mail in one list, so alerts read from a shared administrators' address could be another
 * test's. Each set of dependencies gets its own office, read back with `adminOffice`.
 */
export function hospitalWithOwnOffice(): HospitalConfig {
  const office = `admin-office+${randomUUID().slice(0, 8)}@test-hospital.example.org`;
  return { ...testHospital, administrators: [office] };
}

/** The administrators' address of these dependencies' hospital. */
export function adminOffice(deps: { config: Pick<RuntimeConfig, 'hospital'> }): string {
  const [office] = deps.config.hospital.administrators;
  if (!office) throw new Error('the test hospital has no administrators');
  return office;
}

/** A fresh table in the shared DynamoDB Local, so test files never see each other's data. */
export async function integrationConfig(
  hospital: HospitalConfig = hospitalWithOwnOffice(),
  extra: Partial<RuntimeConfigInput> = {},
): Promise<RuntimeConfig> {
  const dynamodb = inject('dynamodbEndpoint');
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamodb,
    credentials: localCredentials,
  });
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  client.destroy();
  return runtimeConfigSchema().parse({
    hospital,
    region: 'us-east-1',
    tableName,
    logLevel: 'SILENT',
    publicBaseUrl: 'http://tandem.test',
    adminKey: testAdminKey,
    endpoints: { dynamodb, ses: inject('sesEndpoint') },
    ...extra,
  });
}

export async function integrationDependencies(
  overrides: {
    clock?: Clock;
    rawMailSource?: RawMailSource;
    hospital?: HospitalConfig;
    config?: Partial<RuntimeConfigInput>;
    metrics?: MetricsRecorder;
  } = {},
): Promise<TandemDependencies> {
  const config = await integrationConfig(overrides.hospital, overrides.config);
  // As in the embedded service: requests answer first, the outbox handler sends in the
  // background. The HTTP client and the dispatcher helper wait for it (`outboxSettled`) before a
  // test reads the mail.
  const outbox = new BackgroundOutbox((error) => {
    throw error;
  });
  const deps = buildDependencies(
    config,
    // Read at first use, as the dispatcher in Lambda reads its secret (deferredSecretsFromAws).
    () => ({ signingSecret: testSigningSecret }),
    {
      deliver: outbox.deliver,
      outboxSettled: () => outbox.settled(),
      logger: silentLogger,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
      ...(overrides.rawMailSource ? { rawMailSource: overrides.rawMailSource } : {}),
    },
  );
  outbox.attach(createOutboxHandler(deps));
  return deps;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { contentType: string; filename?: string; content: string }[];
}

/** Emails the local SES endpoint accepted, optionally only those to one address. */
export async function sentEmails(to?: string): Promise<StoredEmail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return to === undefined
    ? emails
    : emails.filter((e) => e.destination.to.some((t) => t.includes(to)));
}

export { simpleParser };

/** A mutable clock for tests that move time forward. */
export function steppingClock(
  start: Date,
): Clock & { set(at: Date): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (at) => {
      now = at.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * A Lambda handler followed by what the table stream then delivers: the handler answers
 * without waiting for mail, and a test reads the mail after both.
 */
export function thenOutbox<A extends unknown[], R>(
  deps: { outboxSettled(): Promise<void> },
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await handler(...args);
    await deps.outboxSettled();
    return result;
  };
}
