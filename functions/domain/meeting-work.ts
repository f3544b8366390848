import type { HospitalConfig } from '#config/hospital-config';
import { renderCheckinEmail } from '#templates/mail-in-emails';
import { renderMeetingCalendar } from '#templates/meeting-calendar';
import {
  type MeetingLinks,
  meetingDescription,
  renderMeetingEmail,
} from '#templates/meeting-emails';
import {
  type CheckinStore,
  type CheckinTokens,
  checkinLifetimeDays,
  checkinWorkKind,
} from './checkin.ts';
import type { Clock } from './clock.ts';
import { type DueWorkHandlers, runWithConcurrency } from './due-work-dispatcher.ts';
import {
  type InvitePayload,
  type MeetingStore,
  meetingWorkKinds,
  planMeetings,
} from './meeting.ts';
import type { Mailer } from './outgoing-email.ts';
import type { Party } from './pairing.ts';
import type { PairingStore } from './pairing-store.ts';
import type { LinkSigner } from './signed-link.ts';

export interface MeetingWorkDependencies {
  pairings: PairingStore;
  meetings: MeetingStore;
  mailer: Mailer;
  signer: LinkSigner;
  hospital: HospitalConfig;
  clock: Clock;
  publicBaseUrl: string;
  checkins: CheckinStore;
  checkinTokens: CheckinTokens;
}

export async function meetingLinks(
  deps: Pick<MeetingWorkDependencies, 'signer' | 'publicBaseUrl' | 'clock'>,
  claims: { pairingId: string; party: Party; version: number; meeting: number },
): Promise<MeetingLinks> {
  const token = await deps.signer.sign(claims, deps.clock.now());
  const base = `${deps.publicBaseUrl.replace(/\/$/, '')}/meetings/${encodeURIComponent(claims.pairingId)}/${claims.meeting}?t=${encodeURIComponent(token)}`;
  return { willAttend: `${base}&answer=yes`, cannotAttend: `${base}&answer=no`, manage: base };
}

/** Due work of meetings: planning a series, and sending each invite, update and cancel. */
export function meetingWorkHandlers(deps: MeetingWorkDependencies): DueWorkHandlers {
  return {
    [meetingWorkKinds.plan]: async (work) => {
      const stored = await deps.pairings.get(String(work.payload.pairingId));
      if (stored?.pairing.status !== 'active') return;
      const planned = planMeetings(stored.pairing, deps.hospital, deps.clock.now());
      // Each meeting with its invite work is one conditional write: a re-run skips what exists.
      await runWithConcurrency(planned, 8, ({ meeting, work: invites }) =>
        deps.meetings.createIfAbsent(meeting, invites),
      );
    },

    [meetingWorkKinds.invite]: async (work) => {
      const payload = work.payload as InvitePayload;
      const [meeting, stored] = await Promise.all([
        deps.meetings.get(payload.pairingId, payload.index),
        deps.pairings.get(payload.pairingId),
      ]);
      if (!meeting || !stored)
        throw new Error(`meeting ${payload.pairingId}#${payload.index} not found`);
      // Superseded by a later change (which has its own work), or no longer wanted.
      if (meeting.sequence !== payload.sequence) return;
      if (payload.method === 'REQUEST' && meeting.status === 'cancelled') return;
      const { pairing } = stored;
      if (payload.method === 'REQUEST' && pairing.status !== 'active') return;

      const links = await meetingLinks(deps, {
        pairingId: pairing.id,
        party: payload.party,
        version: pairing.version,
        meeting: meeting.index,
      });
      const latest = await deps.checkins.latestReply(pairing.id);
      const calendar = renderMeetingCalendar({
        hospital: deps.hospital,
        pairing,
        meeting,
        method: payload.method,
        description: meetingDescription(pairing, meeting, links, latest?.text),
        now: deps.clock.now(),
      });
      const rendered = renderMeetingEmail(
        deps.hospital,
        pairing,
        meeting,
        payload.party,
        payload.method,
        links,
      );
      await deps.mailer.send({
        kind:
          payload.method === 'CANCEL'
            ? 'meeting-cancel'
            : meeting.sequence === 0
              ? 'meeting-invite'
              : 'meeting-update',
        from: { name: deps.hospital.branding.programName, address: deps.hospital.senderAddress },
        to: [pairing[payload.party].email],
        audit: { pairingId: pairing.id, to: payload.party },
        ...rendered,
        alternatives: [
          {
            contentType: `text/calendar; charset=utf-8; method=${payload.method}`,
            content: calendar,
          },
        ],
        attachments: [
          { filename: 'invite.ics', contentType: 'application/ics', content: calendar },
        ],
      });
    },

    [checkinWorkKind]: async (work) => {
      const { pairingId, index, sequence } = work.payload as {
        pairingId: string;
        index: number;
        sequence: number;
      };
      const [meeting, stored] = await Promise.all([
        deps.meetings.get(pairingId, index),
        deps.pairings.get(pairingId),
      ]);
      // No check-in for a skipped or moved meeting (a moved one has its own), or an ended pairing.
      if (!meeting || !stored || meeting.status === 'cancelled' || meeting.sequence !== sequence)
        return;
      if (stored.pairing.status !== 'active') return;
      const { pairing } = stored;
      const { id, token } = deps.checkinTokens.issue();
      const now = deps.clock.now();
      await deps.checkins.saveGrant({
        id,
        pairingId,
        meetingIndex: index,
        email: pairing.mentee.email,
        validUntil: new Date(now.getTime() + checkinLifetimeDays * 86_400_000).toISOString(),
      });
      await deps.mailer.send({
        kind: 'checkin',
        from: { name: deps.hospital.branding.programName, address: deps.hospital.senderAddress },
        to: [pairing.mentee.email],
        audit: { pairingId, to: 'mentee' },
        replyTo: `checkin+${token}@${deps.hospital.replyDomain}`,
        ...renderCheckinEmail(deps.hospital, pairing, meeting),
      });
    },
  };
}
