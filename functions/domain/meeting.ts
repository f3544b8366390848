import type { HospitalConfig } from '#config/hospital-config';
import { type CadenceInput, meetingSeries, zonedInstant } from './cadence.ts';
import type { IsoDate } from './calendar-dates.ts';
import { checkinWork } from './checkin.ts';
import type { NewDueWork } from './due-work.ts';
import { type Pairing, type Party, parties } from './pairing.ts';
import type { StoredPairing } from './pairing-store.ts';
import type { StorageWrite } from './storage-write.ts';

/**
 * One meeting of an active pairing. Its UID never changes; every change to what attendees'
 * calendars hold (a new time, a cancellation) raises SEQUENCE, as iTIP requires.
 */
export interface Meeting {
  pairingId: string;
  index: number;
  uid: string;
  date: IsoDate;
  start: string;
  end: string;
  sequence: number;
  status: 'scheduled' | 'cancelled';
  attendance: Partial<Record<Party, 'ACCEPTED' | 'DECLINED' | 'TENTATIVE'>>;
  movedFrom?: IsoDate;
  rescheduledBy?: Party;
  skippedBy?: Party;
  /**
   * What each person's calendar was last sent for this meeting, as SES accepted it: the record
   * every later update and CANCEL is derived from (never the clock). Absent: never invited.
   */
  sent: Partial<Record<Party, SentInvite>>;
  /** Raised with every recorded send: a change saved against a stale read is refused. */
  sendCount: number;
}

export type InviteMethod = 'REQUEST' | 'CANCEL';

/** One send SES accepted: the SEQUENCE and METHOD a person's calendar now holds. */
export interface SentInvite {
  sequence: number;
  method: InviteMethod;
  at: string;
}

export const meetingWorkKinds = {
  plan: 'plan-meetings',
  invite: 'meeting-invite',
} as const;

export interface InvitePayload {
  pairingId: string;
  index: number;
  sequence: number;
  method: InviteMethod;
  party: Party;
  /** An administrator's "send the last invite again": sent even though it was sent before. */
  resend?: boolean;
  /**
   * The meeting link stored with this work when it was scheduled (by its fingerprint, not the
   * token), so the email's links work the moment it is read; absent, the sender stores the link
   * before sending.
   */
  link?: { fingerprint: string; validUntil: string };
  [key: string]: unknown;
}

const day = 86_400_000;

/**
 * The ORGANIZER of every invite. Calendar apps (Outlook, Google Calendar, Apple Calendar) send
 * their iTIP REPLY to the ORGANIZER's address (RFC 6047 §2.2), so it must be one Tandem receives:
 * on the reply domain, where the SES receipt rule (and locally the SMTP listener) takes mail.
 * The email's From stays the DKIM-signed sender identity (docs/decisions.md).
 */
export function calendarOrganizer(hospital: HospitalConfig): { name: string; address: string } {
  return { name: hospital.branding.programName, address: `calendar@${hospital.replyDomain}` };
}

/** Whether this person's calendar holds the meeting: the last send SES accepted was a REQUEST. */
export function holdsInvite(meeting: Meeting, party: Party): boolean {
  return meeting.sent[party]?.method === 'REQUEST';
}

/** The people whose calendars hold the meeting (they get its updates and its CANCEL). */
export function invitedParties(meeting: Meeting): Party[] {
  return parties.filter((party) => holdsInvite(meeting, party));
}

export function meetingUid(pairingId: string, index: number, hospital: HospitalConfig): string {
  const domain = hospital.senderAddress.split('@')[1] ?? 'tandem.invalid';
  return `tandem-${pairingId}-m${index}@${domain}`;
}

export function cadenceFor(pairing: Pairing, hospital: HospitalConfig): CadenceInput {
  const e = pairing.expectations;
  if (!pairing.firstMeetingOn || !pairing.termEndsOn)
    throw new Error(`pairing ${pairing.id} is not active`);
  return {
    frequency: e.frequency,
    monthlyRule: hospital.programDefaults.monthlyRule,
    firstMeetingOn: pairing.series?.startsOn ?? pairing.firstMeetingOn,
    startTime: e.timeWindow.start,
    meetingMinutes: e.meetingMinutes,
    timeZone: e.timeZone,
    endsOn: pairing.termEndsOn,
    closures: hospital.closures,
  };
}

/** Invites go out `inviteLeadDays` before the meeting, or at once when that moment has passed. */
export function inviteDueAt(start: Date, hospital: HospitalConfig, now: Date): Date {
  const due = new Date(start.getTime() - hospital.programDefaults.inviteLeadDays * day);
  return due > now ? due : now;
}

/** One invite, update or cancel for one person: its id is the same whoever schedules it. */
export function inviteWorkFor(
  meeting: Meeting,
  party: Party,
  method: InviteMethod,
  dueAt: Date,
): NewDueWork {
  const payload: InvitePayload = {
    pairingId: meeting.pairingId,
    index: meeting.index,
    sequence: meeting.sequence,
    method,
    party,
  };
  return {
    id: `${meetingWorkKinds.invite}:${meeting.pairingId}:${meeting.index}:s${meeting.sequence}:${method}:${party}`,
    kind: meetingWorkKinds.invite,
    dueAt,
    payload,
  };
}

export function inviteWork(meeting: Meeting, method: InviteMethod, dueAt: Date): NewDueWork[] {
  return parties.map((party) => inviteWorkFor(meeting, party, method, dueAt));
}

/** CANCEL work for exactly the people whose calendars hold the meeting, due now. */
function cancelWork(cancelled: Meeting, now: Date): NewDueWork[] {
  return invitedParties(cancelled).map((party) => inviteWorkFor(cancelled, party, 'CANCEL', now));
}

/** The whole series of an active pairing, with the invite work of each meeting. */
export function planMeetings(
  pairing: Pairing,
  hospital: HospitalConfig,
  now: Date,
): { meeting: Meeting; work: NewDueWork[] }[] {
  const firstIndex = pairing.series?.firstIndex ?? 0;
  return meetingSeries(cadenceFor(pairing, hospital))
    .filter((o) => o.start > now)
    .map((o) => {
      const index = firstIndex + o.index;
      const meeting: Meeting = {
        pairingId: pairing.id,
        index,
        uid: meetingUid(pairing.id, index, hospital),
        date: o.date,
        start: o.start.toISOString(),
        end: o.end.toISOString(),
        sequence: 0,
        status: 'scheduled',
        attendance: {},
        sent: {},
        sendCount: 0,
        ...(o.movedFrom ? { movedFrom: o.movedFrom } : {}),
      };
      return {
        meeting,
        work: [
          ...inviteWork(meeting, 'REQUEST', inviteDueAt(o.start, hospital, now)),
          checkinWork(meeting, hospital),
        ],
      };
    });
}

export class MeetingActionError extends Error {
  constructor(
    readonly problem: 'cancelled' | 'past' | 'outside-window' | 'outside-term' | 'unchanged',
    message: string,
  ) {
    super(message);
    this.name = 'MeetingActionError';
  }
}

export interface MeetingTransition {
  meeting: Meeting;
  work: NewDueWork[];
  /** Other writes saved with the meeting (the links its invite work will send). */
  alsoWrite?: StorageWrite[];
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Moves one meeting to a new date and time within the agreed window: same UID, SEQUENCE + 1. */
export function rescheduleMeeting(
  meeting: Meeting,
  pairing: Pairing,
  hospital: HospitalConfig,
  change: { date: IsoDate; time: string; by: Party },
  now: Date,
): MeetingTransition {
  if (meeting.status === 'cancelled')
    throw new MeetingActionError('cancelled', 'This meeting was cancelled.');
  const e = pairing.expectations;
  const startMinutes = minutesOf(change.time);
  if (
    startMinutes < minutesOf(e.timeWindow.start) ||
    startMinutes + e.meetingMinutes > minutesOf(e.timeWindow.end)
  ) {
    throw new MeetingActionError(
      'outside-window',
      `Choose a start between ${e.timeWindow.start} and ${e.timeWindow.end} less ${e.meetingMinutes} minutes, the agreed window.`,
    );
  }
  if (pairing.termEndsOn && change.date > pairing.termEndsOn) {
    throw new MeetingActionError('outside-term', `The term ends on ${pairing.termEndsOn}.`);
  }
  const start = zonedInstant(change.date, change.time, e.timeZone);
  if (start <= now) throw new MeetingActionError('past', 'Choose a time in the future.');
  if (start.toISOString() === meeting.start)
    throw new MeetingActionError('unchanged', 'That is the current time.');
  const updated: Meeting = {
    ...meeting,
    date: change.date,
    start: start.toISOString(),
    end: new Date(start.getTime() + e.meetingMinutes * 60_000).toISOString(),
    sequence: meeting.sequence + 1,
    attendance: {},
    rescheduledBy: change.by,
  };
  // Whoever's calendar holds the meeting needs the update now; anyone not invited yet gets the
  // (updated) invite at lead time before the new date.
  const invites = parties.map((party) =>
    inviteWorkFor(
      updated,
      party,
      'REQUEST',
      holdsInvite(meeting, party) ? now : inviteDueAt(start, hospital, now),
    ),
  );
  return { meeting: updated, work: [...invites, checkinWork(updated, hospital)] };
}

/** Skips one meeting: METHOD:CANCEL, same UID, SEQUENCE + 1, to each person who was invited. */
export function skipMeeting(meeting: Meeting, by: Party, now: Date): MeetingTransition {
  if (meeting.status === 'cancelled')
    throw new MeetingActionError('cancelled', 'This meeting is already cancelled.');
  if (new Date(meeting.start) <= now)
    throw new MeetingActionError('past', 'This meeting has already started.');
  const updated: Meeting = {
    ...meeting,
    status: 'cancelled',
    sequence: meeting.sequence + 1,
    skippedBy: by,
  };
  // Not invited yet: its pending REQUEST is for the old sequence and will be dropped.
  return { meeting: updated, work: cancelWork(updated, now) };
}

/** "I'll be there" / "I can't make it" from the invite email's links. */
export function recordAttendance(
  meeting: Meeting,
  party: Party,
  answer: 'ACCEPTED' | 'DECLINED',
): Meeting {
  if (meeting.status === 'cancelled')
    throw new MeetingActionError('cancelled', 'This meeting was cancelled.');
  if (meeting.attendance[party] === answer) return meeting;
  return { ...meeting, attendance: { ...meeting.attendance, [party]: answer } };
}

/** Port: meetings of pairings, saved together with the invite work they cause. */
export interface MeetingStore {
  get(pairingId: string, index: number): Promise<Meeting | null>;
  /** The meeting and its pairing, both read fresh in one request (what an invite needs). */
  getWithPairing(
    pairingId: string,
    index: number,
  ): Promise<{ meeting: Meeting | null; stored: StoredPairing | null }>;
  list(pairingId: string): Promise<Meeting[]>;
  /**
   * Stores a planned meeting, its invite work and `alsoWrite` unless the meeting exists (planning
   * is re-runnable); nothing is written then.
   */
  createIfAbsent(
    meeting: Meeting,
    work: NewDueWork[],
    alsoWrite?: StorageWrite[],
  ): Promise<'created' | 'exists'>;
  /**
   * Saves a changed meeting if nobody changed it, and no send was recorded on it, since `before`
   * was read (its SEQUENCE and send count): a change decided on a stale record of sends would
   * miss a calendar. 'conflict' too when another transaction held the meeting at that moment
   * (DynamoDB's TransactionConflict): either way the caller reads again and decides again.
   */
  save(
    meeting: Meeting,
    before: Meeting,
    work: NewDueWork[],
    alsoWrite?: StorageWrite[],
  ): Promise<'saved' | 'conflict'>;
  /**
   * Records that SES accepted an invite, update or cancel for one person (unless a later one was
   * recorded already), and returns the meeting as it is now.
   */
  recordSent(
    pairingId: string,
    index: number,
    party: Party,
    sent: SentInvite,
  ): Promise<Meeting | null>;
  /**
   * `recordSent` and `alsoWrite` in one transaction, only while the meeting is still at
   * `sent.sequence` (nobody changed it since it was read): then nothing else is owed, and the
   * answer is 'recorded'. Otherwise nothing at all is written ('changed'): the caller records the
   * send with `recordSent`, which returns the meeting as it is now, and writes the rest apart.
   */
  recordSentWith(
    pairingId: string,
    index: number,
    party: Party,
    sent: SentInvite,
    alsoWrite: StorageWrite[],
  ): Promise<'recorded' | 'changed'>;
  setAttendance(
    meeting: Meeting,
    party: Party,
    answer: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE',
  ): Promise<'saved' | 'conflict'>;
}

/**
 * For a new frequency or time, a pause or an ending: one future meeting is cancelled (SEQUENCE
 * + 1), with METHOD:CANCEL to each person whose calendar holds it by the record of sends; a
 * person never invited gets nothing. Null for a meeting that is past or cancelled already.
 * The caller plans the rest again (a new series, with new UIDs).
 */
export function cancelFutureMeeting(meeting: Meeting, now: Date): MeetingTransition | null {
  if (meeting.status !== 'scheduled' || new Date(meeting.start) <= now) return null;
  const cancelled: Meeting = { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1 };
  return { meeting: cancelled, work: cancelWork(cancelled, now) };
}

/**
 * The invite sent last — of the latest scheduled meeting whose current version went out — sent
 * again, unchanged (same UID and SEQUENCE, so calendars update the event they have rather than
 * add one), to each person who got it. Null when no invite has gone out yet.
 */
export function resendLastInvite(
  meetings: readonly Meeting[],
  now: Date,
): { meeting: Meeting; work: NewDueWork[] } | null {
  const current = (m: Meeting) =>
    invitedParties(m).filter((party) => m.sent[party]?.sequence === m.sequence);
  const invited = meetings
    .filter((m) => m.status === 'scheduled' && current(m).length > 0)
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const meeting = invited[0];
  if (!meeting) return null;
  return {
    meeting,
    work: current(meeting).map((party) => {
      const w = inviteWorkFor(meeting, party, 'REQUEST', now);
      return {
        ...w,
        id: `${w.id}:resent-${now.getTime()}`,
        payload: { ...w.payload, resend: true },
      };
    }),
  };
}
