import middy from '@middy/core';
import { nextDigestWork } from '#domain/digest';
import type { TandemDependencies } from '#runtime/dependencies';
import { runDueWorkWith } from '#runtime/run-due-work';

/** The scheduled dispatcher (EventBridge rule in AWS, a timer or `tandem tick` locally). */
export function createDispatcherHandler(deps: TandemDependencies) {
  return middy(async () => {
    // The weekly digest keeps itself scheduled; this makes sure the first one exists.
    await deps.dueWorkStore.schedule(nextDigestWork(deps.config.hospital, deps.clock.now()));
    const summary = await runDueWorkWith(deps);
    const { parkedItems: _parkedItems, ...counts } = summary;
    if (counts.found > 0) deps.logger.info('dispatcher run', counts);
    else deps.logger.debug('dispatcher run', counts);
    return summary;
  });
}
