import type { Clock } from '#domain/clock';
import type { Meeting, MeetingStore, MeetingTransition } from '#domain/meeting';
import type { Party } from '#domain/pairing';
import { type LinkSigner, linkUrl } from '#domain/signed-link';
import type { MeetingLinks } from '#templates/meeting-emails';

/*
 * What the meeting pages and mail in need of meetings, apart from sending invites: their links
 * and one conditional change. Kept out of meeting-work so the functions that never send a
 * calendar do not load the calendar builder.
 */

export async function meetingLinks(
  deps: { signer: LinkSigner; publicBaseUrl: string; clock: Clock },
  claims: { pairingId: string; party: Party; version: number; meeting: number },
): Promise<MeetingLinks> {
  return meetingLinksFor(deps.publicBaseUrl, await deps.signer.sign(claims, deps.clock.now()));
}

/** A meeting link's three uses: the answer is added to the same short link (`?a=`). */
export function meetingLinksFor(publicBaseUrl: string, token: string): MeetingLinks {
  const base = linkUrl(publicBaseUrl, token);
  return { willAttend: `${base}?a=yes`, cannotAttend: `${base}?a=no`, manage: base };
}

/**
 * One change to one meeting: decide from the meeting as stored, save unless its SEQUENCE or its
 * record of sends changed since it was read (then read and decide again), so no change is ever
 * decided on a stale record of who holds the invite. Null when the meeting is gone or `decide`
 * has nothing to change; `known` saves the first read when the caller has just listed it.
 */
export async function changeMeeting(
  meetings: MeetingStore,
  at: { pairingId: string; index: number },
  decide: (meeting: Meeting) => MeetingTransition | null,
  options: { attempts: number; known?: Meeting },
): Promise<MeetingTransition | null> {
  let meeting = options.known ?? (await meetings.get(at.pairingId, at.index));
  for (let attempt = 0; meeting && attempt < options.attempts; attempt++) {
    const next = decide(meeting);
    if (!next) return null;
    if ((await meetings.save(next.meeting, meeting, next.work)) === 'saved') return next;
    meeting = await meetings.get(at.pairingId, at.index);
  }
  if (!meeting) return null;
  throw new Error(`meeting ${at.pairingId}#${at.index} kept changing; try again`);
}
