import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { loggableError } from '#runtime/loggable-error';
import { checkinRoutes } from './http/checkin-routes.ts';
import { type HttpResult, jsonResponse } from './http/http-io.ts';
import { meetingRoutes } from './http/meeting-routes.ts';
import { pairingRoutes } from './http/pairing-routes.ts';
import { poolRoutes } from './http/pool-routes.ts';
import { relationshipRoutes } from './http/relationship-routes.ts';
import { respondRoutes } from './http/respond-routes.ts';
import { shortLinkRoutes } from './http/short-link-routes.ts';
import { correlateRequests, publishMetrics } from './observability.ts';
import type { HttpApiPorts } from './ports.ts';

type Router = ReturnType<typeof httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>>;

export { jsonResponse };

/** The service's HTTP routes (API Gateway HTTP API, payload v2). */
export function createHttpApiHandler(deps: HttpApiPorts) {
  const { hospital } = deps.config;

  const health = async (): Promise<HttpResult> => {
    await deps.checkStorage();
    return jsonResponse(200, { status: 'ok', hospital: hospital.id, name: hospital.name });
  };

  const linkPages = [
    ...poolRoutes(deps),
    ...respondRoutes(deps),
    ...meetingRoutes(deps),
    ...checkinRoutes(deps),
    ...relationshipRoutes(deps),
  ];
  /**
   * The admin area (its pages, dashboard charts, CSV import and export, sign-in) is loaded at its
   * first request: a Lambda bundle keeps it in its own chunk, so the function's cold start,
   * which the mentors' and mentees' links wait on, does not compile it.
   */
  let adminArea: Promise<Router> | undefined;
  const admin = async (...request: Parameters<Router>) => {
    if (!adminArea) {
      adminArea = Promise.all([
        import('./http/admin-routes.ts'),
        import('./http/pool-admin-routes.ts'),
      ]).then(([{ adminRoutes }, { poolAdminRoutes }]) =>
        httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(
          adminRoutes(deps, (tools) => poolAdminRoutes(deps, tools)),
        ),
      );
      adminArea.catch(() => {
        adminArea = undefined; // a failed load is tried again on the next request
      });
    }
    return (await adminArea)(...request) as Promise<HttpResult>;
  };
  const router = httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>([
    { method: 'GET', path: '/health', handler: health },
    ...pairingRoutes(deps),
    ...linkPages,
    ...shortLinkRoutes(deps, linkPages),
    { method: 'ANY', path: '/admin', handler: admin },
    { method: 'ANY', path: '/admin/{proxy+}', handler: admin },
  ]);

  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(publishMetrics(deps))
    .use(correlateRequests(deps))
    .use(
      httpErrorHandler({
        // Unexpected errors answer a plain 500 without internals; they are logged.
        fallbackMessage: 'Internal error',
        // A 4xx (an unknown route, a browser's favicon) is the caller's business, not an error.
        logger: (error: unknown) => {
          const status = (error as { statusCode?: number } | null)?.statusCode ?? 500;
          if (status >= 500) deps.logger.error('request failed', { error: loggableError(error) });
        },
      }),
    )
    .handler(router);
}
