import middy from '@middy/core';
import { defaultDispatcherSettings, runDueWork } from '#domain/due-work-dispatcher';
import type { TandemDependencies } from '#runtime/dependencies';
import { renderParkedWorkAlert } from '#templates/parked-work-alert';

/** The scheduled dispatcher (EventBridge rule in AWS, a timer or `tandem tick` locally). */
export function createDispatcherHandler(deps: TandemDependencies) {
  const { hospital } = deps.config;
  return middy(async () => {
    const summary = await runDueWork({
      store: deps.dueWorkStore,
      handlers: deps.dueWorkHandlers,
      clock: deps.clock,
      settings: {
        ...defaultDispatcherSettings,
        shardCount: hospital.dispatcher.shardCount,
        maxAttempts: hospital.dispatcher.maxAttempts,
      },
      onParked: async (work, error) => {
        deps.logger.error('due work parked', {
          workId: work.id,
          kind: work.kind,
          attempts: work.attempts,
        });
        const alert = renderParkedWorkAlert(hospital, { ...work, error });
        await deps.mailer.send({
          kind: 'admin-alert-parked-work',
          from: { name: hospital.branding.programName, address: hospital.senderAddress },
          to: hospital.administrators,
          ...alert,
        });
      },
      onStorageError: (ref, error) =>
        deps.logger.warn('due work item left for the next run', { workId: ref.id, error }),
    });
    const { parkedItems: _parkedItems, ...counts } = summary;
    deps.logger.info('dispatcher run', counts);
    return summary;
  });
}
