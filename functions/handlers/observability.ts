import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Observed } from './ports.ts';

/** Publishes the invocation's metrics at its end, whether it succeeded or not. */
export function publishMetrics(deps: Pick<Observed, 'metrics'>): MiddlewareObj {
  const flush = async () => deps.metrics.flush();
  return { after: flush, onError: flush };
}

const pairingInPath =
  /^\/(?:respond|relationship|review|meetings|admin\/pairings|api\/pairings)\/([^/?]+)/;

/**
 * Each request's log lines carry the Lambda request id and, on a pairing's pages, the pairing id
 * (a correlation id, never personal data); keys are reset after each request.
 */
export function correlateRequests(
  deps: Pick<Observed, 'logger'>,
): MiddlewareObj<APIGatewayProxyEventV2>[] {
  return [
    injectLambdaContext(deps.logger, { resetKeys: true }) as MiddlewareObj<APIGatewayProxyEventV2>,
    {
      before: async (request) => {
        const pairingId = pairingInPath.exec(request.event.rawPath ?? '')?.[1];
        if (pairingId) deps.logger.appendKeys({ pairingId: decodeURIComponent(pairingId) });
      },
    },
  ];
}
