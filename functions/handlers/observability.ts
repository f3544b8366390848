import type { MiddlewareObj } from '@middy/core';
import type { TandemDependencies } from '#runtime/dependencies';

/** Publishes the invocation's metrics at its end, whether it succeeded or not. */
export function publishMetrics(deps: Pick<TandemDependencies, 'metrics'>): MiddlewareObj {
  const flush = async () => deps.metrics.flush();
  return { after: flush, onError: flush };
}
