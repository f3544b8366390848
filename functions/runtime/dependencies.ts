import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAdminSecurity } from '#adapters/dynamo-admin-security';
import { DynamoAlertLog } from '#adapters/dynamo-alert-log';
import { DynamoCheckinStore } from '#adapters/dynamo-checkin-store';
import { createDynamoDocumentClient } from '#adapters/dynamo-client';
import { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import { DynamoInboundMailStore } from '#adapters/dynamo-inbound-mail-store';
import { DynamoMeetingStore } from '#adapters/dynamo-meeting-store';
import { DynamoPairingStore } from '#adapters/dynamo-pairing-store';
import { DynamoPairingTimeline } from '#adapters/dynamo-pairing-timeline';
import { DynamoPersonRecords } from '#adapters/dynamo-person-records';
import { DynamoSuppressionStore } from '#adapters/dynamo-suppression-store';
import { HmacCheckinTokens } from '#adapters/hmac-checkin-tokens';
import { JoseAdminSessions } from '#adapters/jose-admin-sessions';
import { JoseLinkSigner } from '#adapters/jose-link-signer';
import { readInboundMessage } from '#adapters/mime-reader';
import { OidcAdminSignIn } from '#adapters/oidc-admin-sign-in';
import { RateLimitedMailer } from '#adapters/rate-limited-mailer';
import { S3RawMailSource } from '#adapters/s3-raw-mail-source';
import { createSesClient, SesMailer } from '#adapters/ses-mailer';
import { metricNames } from '#config/metric-names';
import type { RuntimeConfig } from '#config/runtime-config';
import type {
  AdminAccessRecords,
  AdminIdentityProvider,
  AdminSessions,
} from '#domain/admin-access';
import { type AlertLog, recordAlerts } from '#domain/alert-log';
import { type Clock, systemClock } from '#domain/clock';
import type { DueWorkRef, NewDueWork } from '#domain/due-work';
import type { RawMailSource } from '#domain/inbound-mail';
import type { MeetingStore } from '#domain/meeting';
import { type MetricsRecorder, noMetrics } from '#domain/metrics';
import { AfterSendMailer, type Mailer } from '#domain/outgoing-email';
import type { PairingStore } from '#domain/pairing-store';
import type { LinkSigner } from '#domain/signed-link';
import { type PairingTimeline, recordOnTimeline } from '#domain/timeline';
import { loggableError } from '#runtime/loggable-error';
import { type DeliverabilityDependencies, SuppressionAwareMailer } from '#workflows/deliverability';
import type { DispatchRunSummary, DueWorkHandlers } from '#workflows/due-work-dispatcher';
import type { ForgetDependencies } from '#workflows/forget-person';
import type { InboundDependencies } from '#workflows/inbound-processing';
import { meetingLinks } from '#workflows/meeting-work';
import type { PairingWorkflowDependencies } from '#workflows/pairing-workflow';
import { actOnPairing } from '#workflows/pairing-workflow';
import { dueWorkHandlers } from './due-work-handlers.ts';
import { refsFor, runDueWorkWith } from './run-due-work.ts';

/** Everything the handlers use, built once per process (Lambda init, or the local runner). */
export interface TandemDependencies {
  config: RuntimeConfig;
  clock: Clock;
  logger: Logger;
  documentClient: DynamoDBDocumentClient;
  dueWorkStore: DynamoDueWorkStore;
  dueWorkHandlers: DueWorkHandlers;
  mailer: Mailer;
  rawMailSource: RawMailSource;
  pairingStore: PairingStore;
  meetingStore: MeetingStore;
  linkSigner: LinkSigner;
  /** The SES client under the mailer (tests inject faults into its middleware). */
  sesClient: SESv2Client;
  inbound: InboundDependencies;
  deliverability: DeliverabilityDependencies;
  /** The stack's HMAC secret (links, reply tokens, admin sessions derive their keys from it). */
  signingSecret: string;
  pairingWorkflow: PairingWorkflowDependencies;
  alertLog: AlertLog;
  metrics: MetricsRecorder;
  timeline: PairingTimeline;
  forget: ForgetDependencies;
  /** Signed-out admin sessions and failed admin sign-ins, shared by every instance. */
  adminSecurity: AdminAccessRecords;
  /** Administrators' session tokens. */
  adminSessions: AdminSessions;
  /** The administrators' identity provider in AWS (Cognito); locally the key instead. */
  adminSignIn?: AdminIdentityProvider;
  /** Reads a received message's raw MIME (mailparser). */
  readInboundMessage: typeof readInboundMessage;
  /** Rejects when the table cannot be reached (the health route). */
  checkStorage(): Promise<void>;
  /** One dispatcher run over everything due, or over just these items (the outbox kick). */
  runDueWork(only?: DueWorkRef[]): Promise<DispatchRunSummary>;
  /** Resolves once the outbox deliveries started so far are done (background delivery). */
  outboxSettled(): Promise<void>;
}

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
  /** Default: inline. */
  deliver?: OutboxDelivery;
  /** With a background delivery: waits for it. */
  outboxSettled?: () => Promise<void>;
  /** Lambda publishes CloudWatch metrics; locally nothing is. */
  metrics?: MetricsRecorder;
  clock?: Clock;
  rawMailSource?: RawMailSource;
  logger?: Logger;
}

/** The one wiring of adapters to ports: Lambda and the embedded runtime differ only in endpoints. */
export function buildDependencies(
  config: RuntimeConfig,
  secrets: DependencySecrets,
  overrides: DependencyOverrides = {},
): TandemDependencies {
  const documentClient = createDynamoDocumentClient({
    region: config.region,
    ...(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  });
  const sesClient = createSesClient({
    region: config.region,
    ...(config.endpoints.ses ? { endpoint: config.endpoints.ses } : {}),
  });
  const rawMailSource =
    overrides.rawMailSource ??
    (config.inboundBucketName
      ? S3RawMailSource.create(config.region, config.inboundBucketName)
      : missingRawMailSource);
  const clock = overrides.clock ?? systemClock;
  const dueWorkStore = new DynamoDueWorkStore(
    documentClient,
    config.tableName,
    config.hospital.dispatcher.shardCount,
  );
  const suppressions = new DynamoSuppressionStore(documentClient, config.tableName);
  const logger =
    overrides.logger ??
    new Logger({
      serviceName: 'tandem',
      logLevel: config.logLevel,
      persistentKeys: { hospital: config.hospital.id },
    });
  const alertLog = new DynamoAlertLog(documentClient, config.tableName);
  const metrics = overrides.metrics ?? noMetrics;
  const timeline = new DynamoPairingTimeline(documentClient, config.tableName);
  const recordError = (what: string) => (error: unknown) =>
    logger.warn(`${what} not recorded`, { error: loggableError(error) });
  // Inside out: what SES accepts is counted by kind; nothing goes to an undeliverable address;
  // what does go stays under SES's rate; alerts to the administrators are kept for the admin
  // page, and emails about a pairing go on its timeline.
  const now = () => clock.now();
  const mailer = new AfterSendMailer(
    new AfterSendMailer(
      new RateLimitedMailer(
        new SuppressionAwareMailer(
          new AfterSendMailer(
            new SesMailer(sesClient, config.configurationSetName),
            (email) => metrics.count(metricNames.emailsSent, email.kind),
            recordError('email count'),
          ),
          suppressions,
        ),
        config.hospital.dispatcher.maxSendRatePerSecond,
      ),
      recordAlerts(alertLog, now),
      recordError('alert for the admin page'),
    ),
    recordOnTimeline(timeline, now),
    recordError('timeline entry'),
  );
  const pairingStore = new DynamoPairingStore(documentClient, config.tableName, dueWorkStore);
  const previousSecrets = secrets.previousSigningSecrets ?? [];
  const linkSigner = new JoseLinkSigner(secrets.signingSecret, previousSecrets);
  const meetingStore = new DynamoMeetingStore(documentClient, config.tableName, dueWorkStore);
  const checkinStore = new DynamoCheckinStore(documentClient, config.tableName, dueWorkStore);
  const checkinTokens = new HmacCheckinTokens(secrets.signingSecret, previousSecrets);
  const deliver: OutboxDelivery =
    overrides.deliver ??
    (async (work) => {
      if (work.length > 0) await runDueWorkWith(deps, refsFor(work));
    });
  const outbox = async (work: NewDueWork[]) => {
    for (const item of work) await dueWorkStore.schedule(item);
    await deliver(work);
  };

  const deps: TandemDependencies = {
    config,
    clock,
    logger,
    alertLog,
    metrics,
    timeline,
    adminSecurity: new DynamoAdminSecurity(documentClient, config.tableName),
    adminSessions: new JoseAdminSessions(secrets.signingSecret),
    ...(config.adminSignIn
      ? {
          adminSignIn: new OidcAdminSignIn(
            config.adminSignIn.issuer,
            config.adminSignIn.clientId,
            config.adminSignIn.allowHttp,
          ),
        }
      : {}),
    readInboundMessage,
    checkStorage: async () => {
      // A read of a key that never exists proves the table is there and reachable.
      await documentClient.send(
        new GetCommand({ TableName: config.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }),
      );
    },
    runDueWork: (only) => runDueWorkWith(deps, only),
    outboxSettled: overrides.outboxSettled ?? (async () => {}),
    forget: {
      get workflow() {
        return deps.pairingWorkflow;
      },
      checkins: checkinStore,
      people: new DynamoPersonRecords(documentClient, config.tableName),
      rawMail: rawMailSource,
      alertLog,
    },
    documentClient,
    dueWorkStore,
    dueWorkHandlers: {},
    mailer,
    rawMailSource,
    pairingStore,
    meetingStore,
    linkSigner,
    sesClient,
    signingSecret: secrets.signingSecret,
    deliverability: {
      suppressions,
      pairings: pairingStore,
      hospital: config.hospital,
      clock,
      mailer,
      act: (pairingId, decide) => actOnPairing(deps.pairingWorkflow, pairingId, decide),
    },
    inbound: {
      inboundStore: new DynamoInboundMailStore(documentClient, config.tableName),
      checkins: checkinStore,
      tokens: checkinTokens,
      meetings: meetingStore,
      pairings: pairingStore,
      hospital: config.hospital,
      clock,
      acceptUnverified: config.acceptUnverifiedMail,
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
    pairingWorkflow: {
      store: pairingStore,
      clock,
      hospital: config.hospital,
      newId: randomUUID,
      runNow: deliver,
    },
  };
  deps.dueWorkHandlers = dueWorkHandlers(
    {
      workflow: deps.pairingWorkflow,
      mailer,
      signer: linkSigner,
      hospital: config.hospital,
      publicBaseUrl: config.publicBaseUrl,
      meetings: meetingStore,
      checkins: checkinStore,
    },
    {
      pairings: pairingStore,
      meetings: meetingStore,
      mailer,
      signer: linkSigner,
      hospital: config.hospital,
      clock,
      publicBaseUrl: config.publicBaseUrl,
      checkins: checkinStore,
      checkinTokens,
      runNow: (work) => deps.pairingWorkflow.runNow(work),
      outbox,
    },
    mailer,
    {
      pairings: pairingStore,
      meetings: meetingStore,
      checkins: checkinStore,
      hospital: config.hospital,
      clock,
      mailer,
      schedule: (work) => dueWorkStore.schedule(work),
    },
  );
  return deps;
}

const missingRawMailSource: RawMailSource = {
  read: () => Promise.reject(new Error('no inbound bucket configured (TANDEM_INBOUND_BUCKET)')),
  // Nothing was ever stored, so there is nothing to erase.
  erase: async () => {},
};
