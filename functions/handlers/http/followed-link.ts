import { AsyncLocalStorage } from 'node:async_hooks';
import type { LinkClaims } from '#domain/signed-link';

/**
 * The short link a request came through (`/l/<token>`), already verified, for the page it is
 * handed to: that page checks the same token, and finds its claims here instead of reading the
 * link's stored grant a second time. Scoped to the request (AsyncLocalStorage), so concurrent
 * requests on the embedded server never see each other's links.
 */
const followed = new AsyncLocalStorage<{ token: string; claims: LinkClaims }>();

/** Runs a page's handler for a short link whose claims were just verified. */
export function withFollowedLink<T>(token: string, claims: LinkClaims, page: () => T): T {
  return followed.run({ token, claims }, page);
}

/** The claims of `token` if this request came through it as a short link, else undefined. */
export function followedLinkClaims(token: string): LinkClaims | undefined {
  const link = followed.getStore();
  return link?.token === token ? link.claims : undefined;
}
