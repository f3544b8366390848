import type { HospitalConfig } from '#config/hospital-config';
import { type CadenceInput, meetingSeries, zonedInstant } from './cadence.ts';
import type { IsoDate } from './calendar-dates.ts';
import { checkinWork } from './checkin.ts';
import type { NewDueWork } from './due-work.ts';
import { type Pairing, type Party, parties } from './pairing.ts';

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
}

export type InviteMethod = 'REQUEST' | 'CANCEL';

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
  [key: string]: unknown;
}

const day = 86_400_000;

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

/** Whether the invite for a meeting starting at `start` has (or may have) gone out already. */
export function inviteWasDue(start: Date, hospital: HospitalConfig, now: Date): boolean {
  return now.getTime() >= start.getTime() - hospital.programDefaults.inviteLeadDays * day;
}

export function inviteWork(meeting: Meeting, method: InviteMethod, dueAt: Date): NewDueWork[] {
  return parties.map((party) => {
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
  });
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
  // If the first invite went out, attendees need the update now; if not, it goes at lead time.
  const dueAt = inviteWasDue(new Date(meeting.start), hospital, now)
    ? now
    : inviteDueAt(start, hospital, now);
  return {
    meeting: updated,
    work: [...inviteWork(updated, 'REQUEST', dueAt), checkinWork(updated, hospital)],
  };
}

/** Skips one meeting: METHOD:CANCEL with the same UID and SEQUENCE + 1 if it was invited. */
export function skipMeeting(
  meeting: Meeting,
  hospital: HospitalConfig,
  by: Party,
  now: Date,
): MeetingTransition {
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
  const work = inviteWasDue(new Date(meeting.start), hospital, now)
    ? inviteWork(updated, 'CANCEL', now)
    : [];
  return { meeting: updated, work };
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
  list(pairingId: string): Promise<Meeting[]>;
  /** Stores a planned meeting and its invite work unless it exists (planning is re-runnable). */
  createIfAbsent(meeting: Meeting, work: NewDueWork[]): Promise<'created' | 'exists'>;
  /** Saves a changed meeting if nobody changed it since `expectedSequence`. */
  save(
    meeting: Meeting,
    expectedSequence: number,
    work: NewDueWork[],
  ): Promise<'saved' | 'conflict'>;
  setAttendance(
    meeting: Meeting,
    party: Party,
    answer: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE',
  ): Promise<'saved' | 'conflict'>;
}

/**
 * For a new frequency or time, a pause or an ending: every future meeting is cancelled, and those
 * whose invite was due get METHOD:CANCEL with SEQUENCE + 1 (uninvited ones just never go out).
 * The caller plans the rest again (a new series, with new UIDs).
 */
export function cancelFutureMeetings(
  meetings: readonly Meeting[],
  hospital: HospitalConfig,
  now: Date,
): MeetingTransition[] {
  return meetings
    .filter((m) => m.status === 'scheduled' && new Date(m.start) > now)
    .map((m) => {
      const cancelled: Meeting = { ...m, status: 'cancelled', sequence: m.sequence + 1 };
      const work = inviteWasDue(new Date(m.start), hospital, now)
        ? inviteWork(cancelled, 'CANCEL', now)
        : [];
      return { meeting: cancelled, work };
    });
}

/**
 * The invite sent last — of the latest meeting whose invite has gone out — sent again to both,
 * unchanged (same UID and SEQUENCE, so calendars update the event they have rather than add one).
 * Null when no invite has gone out yet.
 */
export function resendLastInvite(
  meetings: readonly Meeting[],
  hospital: HospitalConfig,
  now: Date,
): { meeting: Meeting; work: NewDueWork[] } | null {
  const invited = meetings
    .filter((m) => m.status === 'scheduled' && inviteWasDue(new Date(m.start), hospital, now))
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const meeting = invited[0];
  if (!meeting) return null;
  return {
    meeting,
    work: inviteWork(meeting, 'REQUEST', now).map((w) => ({
      ...w,
      id: `${w.id}:resent-${now.getTime()}`,
    })),
  };
}
