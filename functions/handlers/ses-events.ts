import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { metricNames } from '#config/metric-names';
import { handleSesEvent, type SesSendingEvent } from '#workflows/deliverability';
import { publishMetrics } from './observability.ts';
import type { SesEventsPorts } from './ports.ts';

/** SES sending events (bounce, complaint) from the configuration set, through EventBridge. */
export function createSesEventsHandler(deps: SesEventsPorts) {
  return middy(async (event: EventBridgeEvent<string, SesSendingEvent>) => {
    const marked = await handleSesEvent(deps.deliverability, event.detail);
    if (marked.length > 0) {
      deps.metrics.count(
        metricNames.addressesSuppressed,
        String(event.detail.eventType ?? 'unknown').toLowerCase(),
        marked.length,
      );
      deps.logger.warn('addresses marked undeliverable', { count: marked.length });
    }
    return { marked: marked.length };
  }).use(publishMetrics(deps));
}
