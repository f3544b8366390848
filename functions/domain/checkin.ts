import type { HospitalConfig } from '#config/hospital-config';
import type { NewDueWork } from './due-work.ts';
import type { Party } from './pairing.ts';

/** What a check-in reply address grants: one person's reply about one meeting. */
export interface CheckinGrant {
  id: string;
  pairingId: string;
  meetingIndex: number;
  email: string;
  /** Whose reply address it is; grants from before check-ins went to both are the mentee's. */
  party?: Party;
  validUntil: string;
}

export interface CheckinReply {
  pairingId: string;
  meetingIndex: number;
  text: string;
  messageId: string;
  receivedAt: string;
  /** Who wrote it; replies from before check-ins went to both are the mentee's. */
  by?: Party;
}

/** What was said after one meeting: the newest text (if any) and each person's one-tap answer. */
export interface CheckinRecord {
  meetingIndex: number;
  text?: string;
  by?: Party;
  answers: Partial<Record<Party, CheckinAnswer>>;
  /** The text was erased when a person was forgotten: the reply still counts as answered. */
  erased?: true;
}

/** The one-tap answers of a check-in email. */
export const checkinAnswers = ['met', 'not-met', 'help'] as const;
export type CheckinAnswer = (typeof checkinAnswers)[number];

export function isCheckinAnswer(value: unknown): value is CheckinAnswer {
  return checkinAnswers.includes(value as CheckinAnswer);
}

/**
 * Whether a meeting gets a check-in: only one that could have taken place, neither skipped nor
 * cancelled, nor declined by both.
 */
export function wantsCheckin(meeting: {
  status: string;
  attendance: Partial<Record<Party, string>>;
}): boolean {
  if (meeting.status === 'cancelled') return false;
  return !(meeting.attendance.mentor === 'DECLINED' && meeting.attendance.mentee === 'DECLINED');
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
  /** Stores the reply (one text per meeting: a later reply replaces it; answers are kept). */
  saveReply(reply: CheckinReply): Promise<void>;
  /** Records one person's one-tap answer about a meeting (a later answer replaces theirs). */
  saveAnswer(
    pairingId: string,
    meetingIndex: number,
    party: Party,
    answer: CheckinAnswer,
    at: Date,
  ): Promise<void>;
  /** Every meeting's check-in so far, oldest first. */
  listCheckins(pairingId: string): Promise<CheckinRecord[]>;
  /** The newest reply with text (the next steps before the next meeting). */
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
