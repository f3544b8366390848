import type { Party } from './pairing.ts';
import type { StorageWrite } from './storage-write.ts';

/**
 * What a link in an email grants: one party, acting on one version of one pairing — or, for the
 * mentor pool's links (purpose 'mentor-profile' or 'mentee-choice'), on one mentor's listing or
 * one mentee's request, whose id is then in `pairingId`.
 */
export interface LinkClaims {
  pairingId: string;
  party: Party;
  version: number;
  /** Set for a link about one meeting (attendance, reschedule, skip); absent for agreement links. */
  meeting?: number;
  /**
   * Set for a link to pause or end the relationship, to answer a frequency review, or (with
   * `meeting`) to answer the check-in after that meeting.
   */
  purpose?: (typeof linkPurposes)[number];
  /** The review round a review link answers. */
  round?: number;
}

/** Every purpose a link may have (a stored grant with any other is read without one). */
export const linkPurposes = [
  'relationship',
  'review',
  'checkin',
  'mentor-profile',
  'mentee-choice',
] as const;

export type LinkProblem = 'expired' | 'tampered';

export const linkLifetimeDays = 14;

/**
 * A link's token, and the write that makes it valid: stored before the email carrying it is sent
 * (or with the work that sends it), never after, so the link works the moment the email is read.
 */
export interface IssuedLink {
  token: string;
  /** Names the token without granting what it grants: kept where the token should not be. */
  fingerprint: string;
  /** The end of the link's life, as `write` stores it. */
  validUntil: Date;
  write: StorageWrite;
}

/**
 * Port: the links in emails. A link is a short opaque token (`/l/<token>`, issue 15) whose grant
 * is stored: the same claims always give the same token, so a re-sent email carries the links of
 * the first copy, and a later email carrying a link extends its life.
 */
export interface LinkSigner {
  /** Stores the grant and returns the token. `lifetimeDays` defaults to 14. */
  sign(claims: LinkClaims, now: Date, lifetimeDays?: number): Promise<string>;
  /** The token and its write, not yet stored: for a caller that commits it with other writes. */
  issue(claims: LinkClaims, now: Date, lifetimeDays?: number): IssuedLink;
  /** Stores what `issue` prepared. */
  save(link: IssuedLink): Promise<void>;
  /** A stored short token, or a signed link from before short links (still honoured). */
  verify(token: string, now: Date): Promise<LinkClaims | LinkProblem>;
}

/** The address of a link in an email: `<base>/l/<token>`, far under 100 characters. */
export function linkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/l/${token}`;
}
