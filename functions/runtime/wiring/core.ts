import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAlertLog } from '#adapters/dynamo-alert-log';
import { DynamoCheckinStore } from '#adapters/dynamo-checkin-store';
import { createDynamoDocumentClient } from '#adapters/dynamo-client';
import { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import { DynamoInboundMailStore } from '#adapters/dynamo-inbound-mail-store';
import { DynamoLinkStore } from '#adapters/dynamo-link-store';
import { DynamoMeetingStore } from '#adapters/dynamo-meeting-store';
import { DynamoMentorPool } from '#adapters/dynamo-mentor-pool';
import { DynamoPairingStore } from '#adapters/dynamo-pairing-store';
import { DynamoPairingTimeline } from '#adapters/dynamo-pairing-timeline';
import { DynamoProgramCounters } from '#adapters/dynamo-program-counters';
import { DynamoSuppressionStore } from '#adapters/dynamo-suppression-store';
import { HmacCheckinTokens } from '#adapters/hmac-checkin-tokens';
import { JoseLinkSigner } from '#adapters/jose-link-signer';
import { organizationalDomain } from '#adapters/public-suffix-list';
import type { SecretValue, SecretValues } from '#adapters/secret-value';
import type { RuntimeConfig } from '#config/runtime-config';
import type { AlertLog } from '#domain/alert-log';
import type { CheckinStore } from '#domain/checkin';
import { type Clock, systemClock } from '#domain/clock';
import { type DueWorkRef, type NewDueWork, refsFor } from '#domain/due-work';
import type { MeetingStore } from '#domain/meeting';
import { type MetricsRecorder, noMetrics } from '#domain/metrics';
import type { PairingStore } from '#domain/pairing-store';
import type { ProgramCounterStore } from '#domain/program-counters';
import type { LinkSigner } from '#domain/signed-link';
import type { PairingTimeline } from '#domain/timeline';
import type { SuppressionStore } from '#workflows/deliverability';
import type { DispatchRunSummary } from '#workflows/due-work-dispatcher';
import type { InboundDependencies } from '#workflows/inbound-processing';
import { meetingLinks } from '#workflows/meeting-changes';
import type { MatchingDependencies } from '#workflows/mentor-matching';
import type { PairingWorkflowDependencies } from '#workflows/pairing-workflow';

/*
 * The wiring, in parts, so each Lambda function loads only what it runs (issue 14): `core` is
 * what every function uses (DynamoDB, the link signer, the pairing workflow); `mail-out` adds
 * SES and the dispatcher's handlers; `mail-in` S3 and the MIME reader; `admin` the admin
 * sessions and the identity provider. `runtime/dependencies.ts` puts them all together for the
 * embedded service, the CLI and the tests; `runtime/function-dependencies.ts` per function.
 */

export interface DependencySecrets {
  /** HMAC key of the links in emails (Secrets Manager in AWS, `.tandem/signing-secret` locally). */
  signingSecret: string;
  /** Keys being rotated out: what they signed still verifies (docs/operations.md). */
  previousSigningSecrets?: string[];
}

/**
 * How work a request saved (its outbox) reaches the dispatcher. Inline runs it before returning
 * (the dispatcher and outbox functions, which nobody waits on); in the HTTP, inbound and SES
 * events functions it is a no-op, because the table's stream invokes the outbox function with
 * every new item; locally a background delivery calls that same handler (local/).
 */
export type OutboxDelivery = (work: NewDueWork[]) => Promise<void>;

/** For the Lambda functions a request or event answers from: the table stream delivers. */
export const deliveredByStream: OutboxDelivery = async () => {};

export interface DependencyOverrides {
  /** Default: inline, through the dispatcher (which needs the mail-out part). */
  deliver?: OutboxDelivery;
  /** With a background delivery: waits for it. */
  outboxSettled?: () => Promise<void>;
  /** Lambda publishes CloudWatch metrics; locally nothing is. */
  metrics?: MetricsRecorder;
  clock?: Clock;
  logger?: Logger;
}

export type DueWorkRunner = (
  only?: DueWorkRef[],
  options?: { deadlineMs?: number },
) => Promise<DispatchRunSummary>;

export interface CoreDependencies {
  config: RuntimeConfig;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRecorder;
  documentClient: DynamoDBDocumentClient;
  dueWorkStore: DynamoDueWorkStore;
  pairingStore: PairingStore;
  meetingStore: MeetingStore;
  checkinStore: CheckinStore;
  /** The program's counters, kept on write, and each pairing's contribution to them. */
  counters: ProgramCounterStore;
  /** The mentor pool and matching (issue 17). */
  matching: MatchingDependencies;
  suppressions: SuppressionStore;
  alertLog: AlertLog;
  timeline: PairingTimeline;
  linkSigner: LinkSigner;
  /**
   * The stack's HMAC secret (links, reply tokens, admin sessions derive their keys from it): the
   * key, or a function answering it once fetched. Not a getter: spreading the dependencies into
   * a handler's must not read a secret that is fetched later.
   */
  signingSecret: SecretValue;
  pairingWorkflow: PairingWorkflowDependencies;
  inbound: InboundDependencies;
  /** Schedules work and hands it to the outbox delivery. */
  outbox: (work: NewDueWork[]) => Promise<void>;
  /** Rejects when the table cannot be reached (the health route). */
  checkStorage(): Promise<void>;
  /** A dispatcher run: set by the mail-out part; without it, a function cannot run due work. */
  runDueWork: DueWorkRunner;
  /** Resolves once the outbox deliveries started so far are done (background delivery). */
  outboxSettled(): Promise<void>;
}

/**
 * The service's core. `secrets` is the secrets, or a function that answers them once fetched
 * (`deferredSecretsFromAws`): then nothing reads them before the first use, and a function whose
 * invocation signs nothing (the dispatcher's idle runs) never fetches them.
 */
export function buildCore(
  config: RuntimeConfig,
  secrets: DependencySecrets | (() => DependencySecrets),
  overrides: DependencyOverrides = {},
): CoreDependencies {
  const documentClient = createDynamoDocumentClient({
    region: config.region,
    ...(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  });
  const clock = overrides.clock ?? systemClock;
  const { tableName } = config;
  const dueWorkStore = new DynamoDueWorkStore(
    documentClient,
    tableName,
    config.hospital.dispatcher.shardCount,
  );
  const logger =
    overrides.logger ??
    new Logger({
      serviceName: 'tandem',
      logLevel: config.logLevel,
      persistentKeys: { hospital: config.hospital.id },
    });
  // Given secrets are used as they are (a bad key fails the start); deferred ones at first use.
  const signingSecret: SecretValue =
    typeof secrets === 'function' ? () => secrets().signingSecret : secrets.signingSecret;
  const previousSigningSecrets: SecretValues =
    typeof secrets === 'function'
      ? () => secrets().previousSigningSecrets ?? []
      : (secrets.previousSigningSecrets ?? []);
  const linkSigner = new DynamoLinkStore(
    documentClient,
    tableName,
    signingSecret,
    new JoseLinkSigner(signingSecret, previousSigningSecrets),
  );
  const pairingStore = new DynamoPairingStore(documentClient, tableName, dueWorkStore);
  const meetingStore = new DynamoMeetingStore(documentClient, tableName, dueWorkStore);
  const checkinStore = new DynamoCheckinStore(documentClient, tableName, dueWorkStore);
  const timeline = new DynamoPairingTimeline(documentClient, tableName);
  const deliver: OutboxDelivery =
    overrides.deliver ??
    (async (work) => {
      if (work.length > 0) await core.runDueWork(refsFor(work));
    });
  const outbox = async (work: NewDueWork[]) => {
    for (const item of work) await dueWorkStore.schedule(item);
    await deliver(work);
  };
  const pairingWorkflow: PairingWorkflowDependencies = {
    store: pairingStore,
    clock,
    hospital: config.hospital,
    newId: randomUUID,
    runNow: deliver,
  };
  const core: CoreDependencies = {
    config,
    clock,
    logger,
    metrics: overrides.metrics ?? noMetrics,
    documentClient,
    dueWorkStore,
    pairingStore,
    meetingStore,
    checkinStore,
    counters: new DynamoProgramCounters(documentClient, tableName),
    suppressions: new DynamoSuppressionStore(documentClient, tableName),
    alertLog: new DynamoAlertLog(documentClient, tableName),
    timeline,
    linkSigner,
    signingSecret,
    outbox,
    pairingWorkflow,
    matching: {
      pool: new DynamoMentorPool(documentClient, tableName),
      hospital: config.hospital,
      clock,
      newId: randomUUID,
      signer: linkSigner,
      publicBaseUrl: config.publicBaseUrl,
      outbox,
      pairingWorkflow,
    },
    inbound: {
      inboundStore: new DynamoInboundMailStore(documentClient, tableName),
      checkins: checkinStore,
      tokens: new HmacCheckinTokens(signingSecret, previousSigningSecrets),
      meetings: meetingStore,
      pairings: pairingStore,
      hospital: config.hospital,
      clock,
      acceptUnverified: config.acceptUnverifiedMail,
      organizationalDomain,
      outbox,
      timeline,
      meetingLink: async (claims) =>
        (
          await meetingLinks(
            { signer: linkSigner, publicBaseUrl: config.publicBaseUrl, clock },
            claims,
          )
        ).manage,
    },
    checkStorage: async () => {
      // A read of a key that never exists proves the table is there and reachable.
      await documentClient.send(
        new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }),
      );
    },
    runDueWork: () =>
      Promise.reject(new Error('this function runs no due work (it has no mail-out wiring)')),
    outboxSettled: overrides.outboxSettled ?? (async () => {}),
  };
  return core;
}
