import type { HospitalConfig } from '#config/hospital-config';
import {
  type CheckinStore,
  type CheckinTokens,
  checkinLifetimeDays,
  checkinWorkKind,
  wantsCheckin,
} from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import {
  type InvitePayload,
  inviteWorkFor,
  type MeetingStore,
  meetingWorkKinds,
  planMeetings,
} from '#domain/meeting';
import { type Mailer, programSender } from '#domain/outgoing-email';
import { parties } from '#domain/pairing';
import type { PairingStore } from '#domain/pairing-store';
import { type LinkSigner, linkUrl } from '#domain/signed-link';
import { type PairingTimeline, sentEmailEntry } from '#domain/timeline';
import { renderCheckinEmail } from '#templates/mail-in-emails';
import { meetingDescription, renderMeetingEmail } from '#templates/meeting-emails';
import type { SuppressionStore } from './deliverability.ts';
import { type DueWorkHandlers, runWithConcurrency } from './due-work-dispatcher.ts';
import { programEmailWork } from './email-work.ts';
import { meetingLinkClaims, meetingLinksFor, withInviteLinks } from './meeting-changes.ts';

const day = 86_400_000;

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
  /** Runs already-stored work now (invites due at once need not wait for the next run). */
  runNow: (work: NewDueWork[]) => Promise<void>;
  /** Stores new work and runs it now. */
  outbox: (work: NewDueWork[]) => Promise<void>;
  /** Each invite sent goes on the pairing's timeline (in the same write as its record of sends). */
  timeline: PairingTimeline;
  /** Read once per run: no invite goes to an address that bounced or complained. */
  suppressions: Pick<SuppressionStore, 'listSuppressed'>;
}

/** Due work of meetings: planning a series, and sending each invite, update and cancel. */
export function meetingWorkHandlers(deps: MeetingWorkDependencies): DueWorkHandlers {
  return {
    [meetingWorkKinds.plan]: async (work) => {
      const stored = await deps.pairings.get(String(work.payload.pairingId));
      if (stored?.pairing.status !== 'active') return;
      const now = deps.clock.now();
      const planned = planMeetings(stored.pairing, deps.hospital, now);
      // Each meeting with its invite work is one conditional write: a re-run skips what exists.
      const dueNow: NewDueWork[] = [];
      await runWithConcurrency(planned, 8, async (plan) => {
        const { meeting, work, alsoWrite } = withInviteLinks(deps.signer, stored.pairing, plan);
        if ((await deps.meetings.createIfAbsent(meeting, work, alsoWrite)) === 'created')
          dueNow.push(...work.filter((w) => w.kind === meetingWorkKinds.invite && w.dueAt <= now));
      });
      // Invites already due (a first meeting within the lead time) go out now, not next run.
      await deps.runNow(dueNow);
    },

    [meetingWorkKinds.invite]: async (work, run) => {
      const payload = work.payload as InvitePayload;
      // The meeting is read fresh for each invite, with its pairing in the same request: its
      // SEQUENCE and record of sends decide what is sent. The latest next steps are read once per
      // meeting version in a run, and the undeliverable addresses once per run (a bounce that
      // arrives during a run is heeded from the next one).
      const version = `${payload.pairingId}#${payload.index}#s${payload.sequence}`;
      const once = <T>(key: string, load: () => Promise<T>) => (run ? run.memo(key, load) : load());
      const { meeting, stored } = await deps.meetings.getWithPairing(
        payload.pairingId,
        payload.index,
      );
      if (!meeting || !stored)
        throw new Error(`meeting ${payload.pairingId}#${payload.index} not found`);
      // Superseded by a later change (which has its own work), or no longer wanted.
      if (meeting.sequence !== payload.sequence) return;
      const { pairing } = stored;
      const { party, method } = payload;
      const last = meeting.sent[party];
      if (method === 'REQUEST') {
        if (meeting.status === 'cancelled' || pairing.status !== 'active') return;
        // This version is in the calendar already (a second copy of the work, a retry after the
        // send was recorded): only an administrator's resend sends it again.
        if (!payload.resend && last && last.sequence >= meeting.sequence) return;
      } else if (last?.method !== 'REQUEST' || last.sequence >= meeting.sequence) {
        // A CANCEL goes only to a calendar that holds the meeting, and only once.
        return;
      }

      // An undeliverable address gets nothing, as the mailer would decide (SuppressionAwareMailer),
      // and nothing is recorded as in that calendar; checked before anything is signed or drawn.
      const to = pairing[party].email;
      const suppressed = await once('suppressed', () => deps.suppressions.listSuppressed());
      if (suppressed.has(to.toLowerCase())) return;
      // The email's links must work the moment it is read: stored when this work was scheduled
      // (with the meeting), or now, before the send, when that one is not this link (the pairing
      // or the signing key changed since) or would not live its lifetime from now. A CANCEL shows
      // no links, so stores none. The same claims give the same token, so nothing is revoked.
      const now = deps.clock.now();
      const link = deps.signer.issue(meetingLinkClaims(pairing, meeting.index, party), now);
      const scheduled = payload.link;
      if (
        method === 'REQUEST' &&
        !(
          scheduled?.fingerprint === link.fingerprint &&
          Date.parse(scheduled.validUntil) >= link.validUntil.getTime() - day
        )
      )
        await deps.signer.save(link);
      const links = meetingLinksFor(deps.publicBaseUrl, link.token);
      const latest =
        (await once(`latest-reply:${version}`, () => deps.checkins.latestReply(pairing.id))) ??
        undefined;
      // The calendar builder (ical-generator and the VTIMEZONE tables) loads at the first invite
      // or cancel: a chunk of its own in a Lambda bundle, so the dispatcher's idle runs and the
      // outbox's proposal emails do not compile it at their start (Node keeps the module).
      const { renderMeetingCalendar } = await import('#templates/meeting-calendar');
      const calendar = renderMeetingCalendar({
        hospital: deps.hospital,
        pairing,
        meeting,
        method,
        description: meetingDescription(pairing, meeting, method, links, latest),
        now: deps.clock.now(),
      });
      const rendered = renderMeetingEmail(
        deps.hospital,
        pairing,
        meeting,
        party,
        method,
        links,
        latest,
      );
      const kind =
        method === 'CANCEL'
          ? 'meeting-cancel'
          : meeting.sequence === 0
            ? 'meeting-invite'
            : 'meeting-update';
      await deps.mailer.send({
        kind,
        from: programSender(deps.hospital),
        to: [to],
        suppressionChecked: true,
        // No `audit`: the timeline entry is written with the record of sends below.
        ...rendered,
        alternatives: [
          { contentType: `text/calendar; charset=utf-8; method=${method}`, content: calendar },
        ],
        attachments: [
          { filename: 'invite.ics', contentType: 'application/ics', content: calendar },
        ],
      });
      // The fact, not an inference from the clock: this person's calendar now holds this
      // version (REQUEST) or no longer holds the meeting (CANCEL).
      const sentAt = deps.clock.now();
      const sent = { sequence: meeting.sequence, method, at: sentAt.toISOString() };
      const entry = sentEmailEntry(kind, party, sentAt);
      // One write for the record of sends, the timeline entry and the work's completion, while
      // the meeting is as it was read (then nothing else is owed).
      if (
        run &&
        (await deps.meetings.recordSentWith(pairing.id, meeting.index, party, sent, [
          deps.timeline.recordWrite(pairing.id, entry),
          run.completion(work),
        ])) === 'recorded'
      )
        return 'completed';
      const current = await deps.meetings.recordSent(pairing.id, meeting.index, party, sent);
      // Changed while this was being sent, by someone who did not yet see this send: that change
      // saved no update or CANCEL for this person, so this send owes one.
      if (current && current.sequence > meeting.sequence && method === 'REQUEST') {
        const followUp = inviteWorkFor(
          current,
          party,
          current.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
          sentAt,
        );
        await deps.outbox([{ ...followUp, id: `${followUp.id}:after-s${meeting.sequence}` }]);
      }
      await deps.timeline.record(pairing.id, entry);
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
      // No check-in for a moved meeting (it has its own), one that did not take place (skipped,
      // cancelled, declined by both), or an ended pairing.
      if (!meeting || !stored || meeting.sequence !== sequence || !wantsCheckin(meeting)) return;
      if (stored.pairing.status !== 'active') return;
      const { pairing } = stored;
      const now = deps.clock.now();
      const validUntil = new Date(now.getTime() + checkinLifetimeDays * 86_400_000);
      // To both of them, each with their own reply address and one-tap link. Each email is its
      // own outbox item with a stable id: a retry of this work sends neither twice.
      const emails = await Promise.all(
        parties.map(async (party) => {
          const { id, token } = deps.checkinTokens.issue();
          await deps.checkins.saveGrant({
            id,
            pairingId,
            meetingIndex: index,
            email: pairing[party].email,
            party,
            validUntil: validUntil.toISOString(),
          });
          const link = linkUrl(
            deps.publicBaseUrl,
            await deps.signer.sign(
              { pairingId, party, version: pairing.version, meeting: index, purpose: 'checkin' },
              now,
              checkinLifetimeDays,
            ),
          );
          return programEmailWork(
            deps.hospital,
            `checkin:${pairingId}:${index}:s${sequence}:${party}`,
            {
              kind: 'checkin',
              to: [pairing[party].email],
              audit: { pairingId, to: party },
              replyTo: `checkin+${token}@${deps.hospital.replyDomain}`,
              ...renderCheckinEmail(
                deps.hospital,
                pairing,
                meeting,
                party,
                (answer) => `${link}?a=${answer}`,
              ),
            },
            now,
          );
        }),
      );
      await deps.outbox(emails);
    },
  };
}
