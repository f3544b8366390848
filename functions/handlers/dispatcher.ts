import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricNames } from '#config/metric-names';
import { nextDigestWork } from '#workflows/digest-schedule';
import { publishMetrics } from './observability.ts';
import type { DispatcherPorts } from './ports.ts';

/** The scheduled dispatcher (EventBridge rule in AWS, a timer or `tandem tick` locally). */
export function createDispatcherHandler(deps: DispatcherPorts) {
  return middy(async (_event: unknown, context: Context) => {
    const now = deps.clock.now();
    // The weekly digest keeps itself scheduled; this makes sure the first one exists.
    await deps.dueWorkStore.schedule(nextDigestWork(deps.config.hospital, deps.clock.now()));
    // Stop starting items well before Lambda stops the function, so the run ends with its
    // summary: what it did not reach stays due for the next run.
    const remaining = context.getRemainingTimeInMillis();
    const summary = await deps.runDueWork(undefined, {
      deadlineMs: Date.now() + remaining - Math.min(20_000, remaining / 4),
    });
    // How late the oldest due item was found: the dispatcher-lag alarm's figure (0 when idle).
    const lagSeconds = summary.oldestDueAt
      ? Math.max(0, (now.getTime() - Date.parse(summary.oldestDueAt)) / 1000)
      : 0;
    deps.metrics.seconds(metricNames.dispatcherLag, lagSeconds);
    const { parkedItems: _parkedItems, ...counts } = summary;
    if (counts.found > 0) deps.logger.info('dispatcher run', counts);
    else deps.logger.debug('dispatcher run', counts);
    return summary;
  }).use(publishMetrics(deps));
}
