import type { Party } from './pairing.ts';

/** What a link in an email grants: one party, acting on one version of one pairing. */
export interface LinkClaims {
  pairingId: string;
  party: Party;
  version: number;
  /** Set for a link about one meeting (attendance, reschedule, skip); absent for agreement links. */
  meeting?: number;
  /** Set for a link to pause or end the relationship, or to answer a frequency review. */
  purpose?: 'relationship' | 'review';
  /** The review round a review link answers. */
  round?: number;
}

export type LinkProblem = 'expired' | 'tampered';

export const linkLifetimeDays = 14;

/** Port: signs and checks the links in emails (HMAC with the stack's secret). */
export interface LinkSigner {
  /** `lifetimeDays` defaults to 14; the relationship link in a summary lasts the whole term. */
  sign(claims: LinkClaims, now: Date, lifetimeDays?: number): Promise<string>;
  verify(token: string, now: Date): Promise<LinkClaims | LinkProblem>;
}
