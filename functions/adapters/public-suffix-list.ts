import type { OrganizationalDomain } from '#domain/inbound-mail';

/**
 * DMARC's organizational domain by the Public Suffix List, with tldts (its list is 130 KB of
 * code). Loaded at the first message that needs it (Node keeps the module): one whose sender's
 * domain differs from a signer's and whose DMARC verdict did not already pass, so the inbound
 * function's start, and most messages, never compile it.
 */
export const organizationalDomain: OrganizationalDomain = async (domain) => {
  const { getDomain } = await import('tldts');
  return getDomain(domain) ?? domain;
};
