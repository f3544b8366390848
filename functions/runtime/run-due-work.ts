import type { Logger } from '@aws-lambda-powertools/logger';
import type { RuntimeConfig } from '#config/runtime-config';
import type { Clock } from '#domain/clock';
import type { DueWorkRef } from '#domain/due-work';
import { type Mailer, programSender } from '#domain/outgoing-email';
import { renderParkedWorkAlert } from '#templates/parked-work-alert';
import {
  type DispatchRunSummary,
  type DueWorkHandlers,
  type DueWorkStore,
  defaultDispatcherSettings,
  runDueWork,
} from '#workflows/due-work-dispatcher';
import { loggableError } from './loggable-error.ts';

/** What a dispatcher run needs of the wiring (TandemDependencies has it all). */
export interface DueWorkRunDependencies {
  config: Pick<RuntimeConfig, 'hospital'>;
  dueWorkStore: DueWorkStore;
  dueWorkHandlers: DueWorkHandlers;
  clock: Clock;
  logger: Pick<Logger, 'error' | 'warn'>;
  mailer: Mailer;
}

export interface DueWorkRunOptions {
  /** Real time after which the run starts nothing new (see DispatcherDependencies). */
  deadlineMs?: number;
}

/**
 * One dispatcher run with the service's settings: over everything due (the scheduled run), or
 * over just-scheduled items (`only`, the outbox kick after a request).
 */
export function runDueWorkWith(
  deps: DueWorkRunDependencies,
  only?: DueWorkRef[],
  options: DueWorkRunOptions = {},
): Promise<DispatchRunSummary> {
  const { hospital } = deps.config;
  return runDueWork({
    store: deps.dueWorkStore,
    handlers: deps.dueWorkHandlers,
    clock: deps.clock,
    settings: {
      ...defaultDispatcherSettings,
      shardCount: hospital.dispatcher.shardCount,
      maxAttempts: hospital.dispatcher.maxAttempts,
    },
    ...(only ? { only } : {}),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    onParked: async (work, error) => {
      deps.logger.error('due work parked', {
        workId: work.id,
        kind: work.kind,
        attempts: work.attempts,
        ...(typeof work.payload.pairingId === 'string'
          ? { pairingId: work.payload.pairingId }
          : {}),
      });
      const alert = renderParkedWorkAlert(hospital, { ...work, error });
      await deps.mailer.send({
        kind: 'admin-alert-parked-work',
        from: programSender(hospital),
        to: hospital.administrators,
        ...alert,
      });
    },
    onStorageError: (ref, error) =>
      deps.logger.warn('due work item left for the next run', {
        workId: ref.id,
        error: loggableError(error),
      }),
  });
}
