import type { HospitalConfig } from '#config/hospital-config';
import type { NewDueWork } from './due-work.ts';

/** What a check-in reply address grants: the mentee's reply about one meeting. */
export interface CheckinGrant {
  id: string;
  pairingId: string;
  meetingIndex: number;
  email: string;
  validUntil: string;
}

export interface CheckinReply {
  pairingId: string;
  meetingIndex: number;
  text: string;
  messageId: string;
  receivedAt: string;
}

/** Port: short signed tokens for reply addresses (a JWT would not fit an address's 64 octets). */
export interface CheckinTokens {
  issue(): { id: string; token: string };
  /** The grant id if the token's signature is right, else null. */
  verify(token: string): string | null;
}

/** Port: check-in grants and the replies recorded against them. */
export interface CheckinStore {
  saveGrant(grant: CheckinGrant): Promise<void>;
  getGrant(id: string): Promise<CheckinGrant | null>;
  /** Stores the reply (one per meeting: a later reply replaces it). */
  saveReply(reply: CheckinReply): Promise<void>;
  latestReply(pairingId: string): Promise<CheckinReply | null>;
  countReplies(pairingId: string): Promise<number>;
  /** Meeting indices whose check-in was sent, and those answered (ascending). */
  sentCheckins(pairingId: string): Promise<number[]>;
  answeredCheckins(pairingId: string): Promise<number[]>;
  /** Forgetting the mentee: reply texts emptied (the replies still count), grants deleted. */
  eraseCheckins(pairingId: string): Promise<void>;
}

export const checkinWorkKind = 'meeting-checkin';
export const checkinLifetimeDays = 30;

/** The check-in after a meeting: `checkInDelayHours` after it ends (a moved meeting gets a new one). */
export function checkinWork(
  meeting: { pairingId: string; index: number; sequence: number; end: string },
  hospital: HospitalConfig,
): NewDueWork {
  return {
    id: `${checkinWorkKind}:${meeting.pairingId}:${meeting.index}:s${meeting.sequence}`,
    kind: checkinWorkKind,
    dueAt: new Date(
      Date.parse(meeting.end) + hospital.programDefaults.checkInDelayHours * 3_600_000,
    ),
    payload: { pairingId: meeting.pairingId, index: meeting.index, sequence: meeting.sequence },
  };
}
