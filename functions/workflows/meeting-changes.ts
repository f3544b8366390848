import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import {
  type InvitePayload,
  type Meeting,
  type MeetingStore,
  type MeetingTransition,
  meetingWorkKinds,
} from '#domain/meeting';
import type { Pairing, Party } from '#domain/pairing';
import { type LinkClaims, type LinkSigner, linkUrl } from '#domain/signed-link';
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

/** What a meeting's links in an invite grant: this person, this meeting, this pairing version. */
export function meetingLinkClaims(pairing: Pairing, index: number, party: Party): LinkClaims {
  return { pairingId: pairing.id, party, version: pairing.version, meeting: index };
}

/**
 * The links of a meeting's invites, stored with the work that will send them (in the same
 * write as the meeting), each valid for its lifetime from when its invite is due: the email's
 * buttons work the moment it arrives, at no request of its own. Each invite's payload names its
 * link by fingerprint, so the sender knows it is stored (docs/decisions.md). A CANCEL carries no
 * link.
 */
export function withInviteLinks(
  signer: Pick<LinkSigner, 'issue'>,
  pairing: Pairing,
  transition: MeetingTransition,
): MeetingTransition {
  const alsoWrite = [...(transition.alsoWrite ?? [])];
  const work = transition.work.map((w): NewDueWork => {
    if (w.kind !== meetingWorkKinds.invite) return w;
    const payload = w.payload as InvitePayload;
    if (payload.method !== 'REQUEST') return w;
    const link = signer.issue(meetingLinkClaims(pairing, payload.index, payload.party), w.dueAt);
    alsoWrite.push(link.write);
    const stored = { fingerprint: link.fingerprint, validUntil: link.validUntil.toISOString() };
    return { ...w, payload: { ...payload, link: stored } };
  });
  return { ...transition, work, alsoWrite };
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
    if ((await meetings.save(next.meeting, meeting, next.work, next.alsoWrite)) === 'saved')
      return next;
    meeting = await meetings.get(at.pairingId, at.index);
  }
  if (!meeting) return null;
  throw new Error(`meeting ${at.pairingId}#${at.index} kept changing; try again`);
}
