import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LinkClaims } from '#domain/signed-link';
import type { LinkCheckPorts } from '../ports.ts';
import { withFollowedLink } from './followed-link.ts';
import { type HttpResult, pathParameter } from './http-io.ts';
import { linkProblemPage } from './signed-link-check.ts';

type Route = {
  method: string;
  path: string;
  handler: (event: APIGatewayProxyEventV2) => Promise<HttpResult>;
};

/** The page a link's claims belong to, with its path parameters. */
function pageFor(claims: LinkClaims): { path: string; parameters: Record<string, string> } {
  const pairingId = claims.pairingId;
  if (claims.purpose === 'mentor-profile')
    return { path: '/mentors/profile/{id}', parameters: { id: pairingId } };
  if (claims.purpose === 'mentee-choice')
    return { path: '/request/choose/{id}', parameters: { id: pairingId } };
  if (claims.purpose === 'checkin')
    return {
      path: '/checkin/{pairingId}/{index}',
      parameters: { pairingId, index: String(claims.meeting) },
    };
  if (claims.meeting !== undefined)
    return {
      path: '/meetings/{pairingId}/{index}',
      parameters: { pairingId, index: String(claims.meeting) },
    };
  if (claims.purpose === 'relationship')
    return { path: '/relationship/{pairingId}', parameters: { pairingId } };
  if (claims.purpose === 'review')
    return { path: '/review/{pairingId}', parameters: { pairingId } };
  return { path: '/respond/{id}', parameters: { id: pairingId } };
}

/**
 * `/l/<token>`: the short link of every email (issue 15). The token is resolved to its claims
 * and the request handed to the page those claims belong to, as if it had come to that page with
 * `?t=<token>` (`?a=` becomes the page's `?answer=`), so every check of that page still applies. A
 * POST goes the same way (the pages' forms post to their own paths; a client may post here).
 */
export function shortLinkRoutes(deps: LinkCheckPorts, pages: readonly Route[]) {
  const follow = (method: 'GET' | 'POST') => async (event: APIGatewayProxyEventV2) => {
    const token = pathParameter(event, 'token');
    const claims = await deps.linkSigner.verify(token, deps.clock.now());
    if (claims === 'expired' || claims === 'tampered')
      return linkProblemPage(deps.config.hospital, claims);
    const page = pageFor(claims);
    const route = pages.find((r) => r.method === method && r.path === page.path);
    if (!route) return linkProblemPage(deps.config.hospital, 'tampered');
    // `?a=` is the short form of the pages' `?answer=` (a review's longest answer still fits).
    const { a, ...query } = event.queryStringParameters ?? {};
    // The page checks the token again, as for any request; it finds these claims, not a second read.
    return withFollowedLink(token, claims, () =>
      route.handler({
        ...event,
        pathParameters: page.parameters,
        queryStringParameters: { ...(a ? { answer: a } : {}), ...query, t: token },
      }),
    );
  };
  return [
    { method: 'GET' as const, path: '/l/{token}', handler: follow('GET') },
    { method: 'POST' as const, path: '/l/{token}', handler: follow('POST') },
  ];
}
