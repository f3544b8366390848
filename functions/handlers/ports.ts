import type { Logger } from '@aws-lambda-powertools/logger';
import type { RuntimeConfig } from '#config/runtime-config';
import type {
  AdminAccessRecords,
  AdminIdentityProvider,
  AdminSessions,
} from '#domain/admin-access';
import type { AlertLog } from '#domain/alert-log';
import type { CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { DueWorkRef, NewDueWork } from '#domain/due-work';
import type { InboundMessageReader, RawMailSource } from '#domain/inbound-mail';
import type { MeetingStore } from '#domain/meeting';
import type { MetricsRecorder } from '#domain/metrics';
import type { PairingStore } from '#domain/pairing-store';
import type { ProgramCounterStore } from '#domain/program-counters';
import type { LinkSigner } from '#domain/signed-link';
import type { PairingTimeline } from '#domain/timeline';
import type { DeliverabilityDependencies } from '#workflows/deliverability';
import type { DispatchRunSummary, DueWorkStore } from '#workflows/due-work-dispatcher';
import type { ForgetDependencies } from '#workflows/forget-person';
import type { InboundDependencies } from '#workflows/inbound-processing';
import type { MatchingDependencies } from '#workflows/mentor-matching';
import type { PairingWorkflowDependencies } from '#workflows/pairing-workflow';

/*
 * What each handler and route module may use: the ports, never the wiring. `runtime/` builds
 * one object that has them all (TandemDependencies); each module names only its own part, so
 * the type checker shows what a route touches and a test can hand it just that.
 */

export interface Observed {
  logger: Logger;
  metrics: MetricsRecorder;
}

/** A signed link on a pairing's page is checked against the signer and the stored pairing. */
export interface LinkCheckPorts {
  config: Pick<RuntimeConfig, 'hospital'>;
  clock: Clock;
  linkSigner: LinkSigner;
  pairingStore: Pick<PairingStore, 'get'>;
}

export interface PairingRoutePorts {
  config: Pick<RuntimeConfig, 'hospital' | 'adminKey'>;
  clock: Clock;
  pairingStore: Pick<PairingStore, 'get'>;
  pairingWorkflow: PairingWorkflowDependencies;
}

export interface RespondRoutePorts extends LinkCheckPorts {
  pairingWorkflow: PairingWorkflowDependencies;
  /** Schedules work and hands it to delivery (a declined match's next suggestion). */
  outbox: (work: NewDueWork[]) => Promise<void>;
}

/** The mentor pool's pages and API, public and for the administrators. */
export interface PoolRoutePorts {
  config: Pick<RuntimeConfig, 'hospital'>;
  clock: Clock;
  linkSigner: LinkSigner;
  matching: MatchingDependencies;
}

/** The relationship page is each person's home: it also shows the meetings and the check-ins. */
export interface RelationshipRoutePorts extends RespondRoutePorts {
  meetingStore: Pick<MeetingStore, 'list'>;
  inbound: { checkins: Pick<CheckinStore, 'listCheckins'> };
}

export interface MeetingRoutePorts extends LinkCheckPorts {
  meetingStore: MeetingStore;
  /** Attendance answers go the way a calendar's answer does. */
  inbound: InboundDependencies;
  /** Sends at once what a change scheduled (the outbox). */
  pairingWorkflow: Pick<PairingWorkflowDependencies, 'runNow'>;
}

export interface AdminRoutePorts {
  config: Pick<RuntimeConfig, 'hospital' | 'publicBaseUrl' | 'adminKey'>;
  clock: Clock;
  logger: Logger;
  adminSessions: AdminSessions;
  adminSecurity: AdminAccessRecords;
  adminSignIn?: AdminIdentityProvider;
  pairingStore: Pick<PairingStore, 'get' | 'list'>;
  meetingStore: Pick<MeetingStore, 'list'>;
  inbound: Pick<InboundDependencies, 'checkins'>;
  alertLog: Pick<AlertLog, 'recent'>;
  counters: Pick<ProgramCounterStore, 'monthRows' | 'weekRows'>;
  timeline: Pick<PairingTimeline, 'list'>;
  dueWorkStore: Pick<DueWorkStore, 'schedule'>;
  pairingWorkflow: PairingWorkflowDependencies;
  deliverability: Pick<DeliverabilityDependencies, 'suppressions'>;
  forget: ForgetDependencies;
}

export interface HttpApiPorts
  extends Observed,
    PairingRoutePorts,
    RespondRoutePorts,
    MeetingRoutePorts,
    AdminRoutePorts,
    PoolRoutePorts {
  config: Pick<RuntimeConfig, 'hospital' | 'publicBaseUrl' | 'adminKey'>;
  pairingStore: Pick<PairingStore, 'get' | 'list'>;
  pairingWorkflow: PairingWorkflowDependencies;
  inbound: InboundDependencies;
  meetingStore: MeetingStore;
  /** Rejects when the table cannot be reached (the health route). */
  checkStorage(): Promise<void>;
}

export interface DispatcherPorts extends Observed {
  config: Pick<RuntimeConfig, 'hospital'>;
  clock: Clock;
  dueWorkStore: Pick<DueWorkStore, 'schedule'>;
  /** One run over everything due, or over just these items; nothing new after the deadline. */
  runDueWork(only?: DueWorkRef[], options?: { deadlineMs?: number }): Promise<DispatchRunSummary>;
}

export interface OutboxPorts extends Observed {
  /** One dispatcher run over just these items. */
  runDueWork(only: DueWorkRef[]): Promise<DispatchRunSummary>;
}

export interface InboundMailPorts extends Observed {
  clock: Clock;
  rawMailSource: Pick<RawMailSource, 'read'>;
  readInboundMessage: InboundMessageReader;
  inbound: InboundDependencies;
}

export interface SesEventsPorts extends Observed {
  deliverability: DeliverabilityDependencies;
}
