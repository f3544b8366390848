import type { HospitalConfig } from '#config/hospital-config';
import type { CheckinStore } from '#domain/checkin';
import type { ClaimedWork, NewDueWork } from '#domain/due-work';
import { cancelFutureMeeting, type MeetingStore } from '#domain/meeting';
import { type Mailer, type OutgoingEmail, programSender } from '#domain/outgoing-email';
import {
  askReview,
  conclude,
  expire,
  isOpen,
  isRunning,
  type Pairing,
  type PairingEffect,
  type Party,
  remind,
  resume,
} from '#domain/pairing';
import { type LinkSigner, linkUrl } from '#domain/signed-link';
import {
  type RenderedEmail,
  renderAdministratorAlert,
  renderDeclinedNotice,
  renderProposalEmail,
  renderSuggestionSent,
  renderSummaryEmail,
} from '#templates/pairing-emails';
import {
  renderAskNewMentor,
  renderChangeDeclined,
  renderChangeProposal,
  renderClosingEmail,
  renderPausedEmail,
  renderRenewalAnswer,
  renderRenewedEmail,
  renderResumedEmail,
  renderReviewQuestion,
  renderTermNotice,
  reviewAnswerLabels,
} from '#templates/relationship';
import { type DueWorkHandlers, runWithConcurrency } from './due-work-dispatcher.ts';
import { changeMeeting } from './meeting-changes.ts';
import { pairingFigures } from './pairing-figures.ts';
import {
  actOnPairing,
  lifecycleWorkKinds,
  type PairingWorkflowDependencies,
  pairingWorkKinds,
} from './pairing-workflow.ts';

export interface PairingWorkDependencies {
  workflow: PairingWorkflowDependencies;
  mailer: Mailer;
  signer: LinkSigner;
  hospital: HospitalConfig;
  publicBaseUrl: string;
  meetings: MeetingStore;
  checkins: CheckinStore;
}

/** The personal link to pause, resume or end the relationship. */
export async function relationshipLink(
  deps: Pick<PairingWorkDependencies, 'signer' | 'publicBaseUrl' | 'workflow'>,
  pairing: Pairing,
  party: Party,
): Promise<string> {
  const token = await deps.signer.sign(
    { pairingId: pairing.id, party, version: pairing.version, purpose: 'relationship' },
    deps.workflow.clock.now(),
    // The whole term and a month, however long the term is.
    (pairing.expectations.termMonths + 1) * 31,
  );
  return linkUrl(deps.publicBaseUrl, token);
}

/** The link to answer review round `round` (the answer is added as `?a=`). */
async function reviewLink(
  deps: Pick<PairingWorkDependencies, 'signer' | 'publicBaseUrl' | 'workflow'>,
  pairing: Pairing,
  party: Party,
  round: number,
): Promise<string> {
  const token = await deps.signer.sign(
    { pairingId: pairing.id, party, version: pairing.version, purpose: 'review', round },
    deps.workflow.clock.now(),
    60,
  );
  return linkUrl(deps.publicBaseUrl, token);
}

type EmailEffect = Exclude<
  PairingEffect,
  {
    kind:
      | 'release-open-pairing'
      | 'plan-meetings'
      | 'cancel-future-meetings'
      | 'schedule-resume'
      | 'schedule-term-end'
      | 'schedule-first-meeting-check'
      | 'notify-term-ending';
  }
>;

async function emailFor(
  deps: PairingWorkDependencies,
  pairing: Pairing,
  effect: EmailEffect,
): Promise<{ to: string[]; kind: string; rendered: RenderedEmail } | null> {
  const { hospital } = deps;
  switch (effect.kind) {
    case 'send-proposal': {
      // A proposal overtaken by a newer version or a closed pairing is not sent: its link would
      // only lead to a "this has changed" page.
      if (!isOpen(pairing) || pairing.version !== effect.version) return null;
      const now = deps.workflow.clock.now();
      const token = await deps.signer.sign(
        { pairingId: pairing.id, party: effect.to, version: effect.version },
        now,
      );
      const link = linkUrl(deps.publicBaseUrl, token);
      return {
        to: [pairing[effect.to].email],
        kind: `proposal-${effect.reason}`,
        rendered: renderProposalEmail(hospital, pairing, effect.to, link, effect.reason),
      };
    }
    case 'send-summary': {
      const link = await relationshipLink(deps, pairing, effect.to);
      return {
        to: [pairing[effect.to].email],
        kind: 'agreed-summary',
        rendered: renderSummaryEmail(hospital, pairing, effect.to, link),
      };
    }
    case 'confirm-suggestion':
      if (pairing.version !== effect.version) return null;
      return {
        to: [pairing[effect.to].email],
        kind: 'suggestion-sent',
        rendered: renderSuggestionSent(hospital, pairing, effect.to),
      };
    case 'notify-declined':
      return {
        to: [pairing.mentee.email],
        kind: 'declined-notice',
        rendered: renderDeclinedNotice(hospital, pairing),
      };
    case 'alert-administrators':
      return {
        to: hospital.administrators,
        kind: `admin-alert-${effect.reason}`,
        rendered: renderAdministratorAlert(hospital, pairing, effect.reason, effect.detail),
      };
    case 'notify-paused':
      return {
        to: [pairing.mentor.email, pairing.mentee.email],
        kind: 'paused',
        rendered: renderPausedEmail(hospital, pairing, effect.by, effect.until),
      };
    case 'notify-resumed':
      return {
        to: [pairing.mentor.email, pairing.mentee.email],
        kind: 'resumed',
        rendered: renderResumedEmail(hospital, pairing, effect.by),
      };
    case 'send-closing':
      return {
        to: [pairing[effect.to].email],
        kind: 'closing',
        rendered: renderClosingEmail(
          hospital,
          pairing,
          effect.to,
          await closingFigures(deps, pairing),
        ),
      };
    case 'send-change-proposal': {
      const pending = pairing.pendingChange;
      if (!pending) return null;
      const link = await relationshipLink(deps, pairing, effect.to);
      return {
        to: [pairing[effect.to].email],
        kind: 'change-proposal',
        rendered: renderChangeProposal(hospital, pairing, pending.by, link),
      };
    }
    case 'notify-change-declined':
      return {
        to: [pairing[effect.to].email],
        kind: 'change-declined',
        rendered: renderChangeDeclined(hospital, pairing, effect.to),
      };
    case 'notify-renewal-answer':
      return {
        to: [pairing[effect.to].email],
        kind: `renewal-${effect.answer}`,
        rendered: renderRenewalAnswer(
          hospital,
          pairing,
          effect.to,
          effect.answer,
          await relationshipLink(deps, pairing, effect.to),
        ),
      };
    case 'notify-renewed':
      return {
        to: [pairing.mentor.email, pairing.mentee.email],
        kind: 'renewed',
        rendered: renderRenewedEmail(hospital, pairing, effect.until),
      };
    case 'ask-review': {
      // A question overtaken by a newer round, or a relationship no longer active, is not asked.
      if (pairing.review?.round !== effect.round || pairing.status !== 'active') return null;
      const base = await reviewLink(deps, pairing, effect.to, effect.round);
      const links = Object.fromEntries(
        Object.keys(reviewAnswerLabels).map((answer) => [answer, `${base}?a=${answer}`]),
      ) as Record<keyof typeof reviewAnswerLabels, string>;
      return {
        to: [pairing[effect.to].email],
        kind: 'review-question',
        rendered: renderReviewQuestion(hospital, pairing, effect.to, links),
      };
    }
    case 'alert-attention':
      return {
        to: hospital.administrators,
        kind: `admin-alert-${effect.alert}`,
        rendered: renderAdministratorAlert(hospital, pairing, effect.alert, effect.detail),
      };
    case 'ask-new-mentor':
      return {
        to: hospital.administrators,
        kind: 'admin-ask-new-mentor',
        rendered: renderAskNewMentor(hospital, pairing, effect.note),
      };
  }
}

/** The pairing's meetings planned, held and answered, by the domain's one definition. */
async function figuresOf(deps: PairingWorkDependencies, pairingId: string) {
  return (await pairingFigures(deps, pairingId, deps.workflow.clock.now().getTime())).figures;
}

/** Every N meetings held (the program's `reviewEveryMeetings`), both are asked about frequency. */
export async function askReviewIfDue(deps: PairingWorkDependencies, pairingId: string) {
  const every = deps.hospital.programDefaults.reviewEveryMeetings;
  const { held } = await figuresOf(deps, pairingId);
  const round = Math.floor(held / every);
  if (round < 1) return;
  await actOnPairing(deps.workflow, pairingId, (p, at) => askReview(p, round, at));
}

/** Meetings held (not cancelled, already over), hours together, check-ins answered. */
async function closingFigures(deps: PairingWorkDependencies, pairing: Pairing) {
  const figures = await figuresOf(deps, pairing.id);
  return {
    meetingsHeld: figures.held,
    hoursTogether: figures.hours,
    checkinsAnswered: figures.checkinsAnswered,
  };
}

/** The due-work kinds of the pairing workflow: its outbox of emails, reminders and expiry. */
export function pairingWorkHandlers(deps: PairingWorkDependencies): DueWorkHandlers {
  const pairingIdOf = (work: ClaimedWork) => String(work.payload.pairingId);
  return {
    [pairingWorkKinds.email]: async (work) => {
      const stored = await deps.workflow.store.get(pairingIdOf(work));
      if (!stored) throw new Error(`pairing ${pairingIdOf(work)} not found`);
      const email = await emailFor(deps, stored.pairing, work.payload.effect as EmailEffect);
      if (!email) return;
      const effect = work.payload.effect as EmailEffect;
      const outgoing: OutgoingEmail = {
        kind: email.kind,
        audit: {
          pairingId: stored.pairing.id,
          to:
            email.to === deps.hospital.administrators
              ? 'administrators'
              : 'to' in effect && (effect.to === 'mentor' || effect.to === 'mentee')
                ? effect.to
                : 'both',
        },
        from: programSender(deps.hospital),
        to: email.to,
        ...(deps.hospital.administrators[0] ? { replyTo: deps.hospital.administrators[0] } : {}),
        ...email.rendered,
      };
      await deps.mailer.send(outgoing);
    },
    [pairingWorkKinds.reminder]: async (work) => {
      await actOnPairing(deps.workflow, pairingIdOf(work), remind);
    },
    [pairingWorkKinds.expiry]: async (work) => {
      await actOnPairing(deps.workflow, pairingIdOf(work), expire);
    },
    [lifecycleWorkKinds.termEnd]: async (work) => {
      // The term is over: a running relationship ends, with the reason "program-ended" — unless
      // it was renewed meanwhile (then a later term end is scheduled and this one is stale).
      await actOnPairing(deps.workflow, pairingIdOf(work), (p, now) =>
        isRunning(p) && p.termEndsOn === work.payload.on
          ? conclude(p, 'program', 'program-ended', undefined, false, now)
          : { pairing: p, effects: [] },
      );
    },
    [lifecycleWorkKinds.termNotice]: async (work) => {
      const stored = await deps.workflow.store.get(pairingIdOf(work));
      if (!stored || !isRunning(stored.pairing) || stored.pairing.termEndsOn !== work.payload.on)
        return;
      const { pairing } = stored;
      // Each person's notice carries their own link to renew or let the term end.
      const to = work.payload.to === 'mentor' ? 'mentor' : 'mentee';
      await deps.mailer.send({
        kind: 'term-notice',
        audit: { pairingId: pairing.id, to },
        from: programSender(deps.hospital),
        to: [pairing[to].email],
        ...renderTermNotice(
          deps.hospital,
          pairing,
          to,
          String(work.payload.on),
          await relationshipLink(deps, pairing, to),
        ),
      });
    },
    [lifecycleWorkKinds.resume]: async (work) => {
      // A pause "until" a date ends by itself, unless it was resumed or ended meanwhile.
      await actOnPairing(deps.workflow, pairingIdOf(work), (p, now) =>
        p.status === 'paused' ? resume(p, 'program', now) : { pairing: p, effects: [] },
      );
    },
    [lifecycleWorkKinds.cancelMeetings]: async (work) => {
      const beforeIndex = work.payload.beforeIndex;
      const pairingId = pairingIdOf(work);
      const meetings = (await deps.meetings.list(pairingId)).filter(
        (m) => typeof beforeIndex !== 'number' || m.index < beforeIndex,
      );
      const sends: NewDueWork[] = [];
      // Each meeting decided from its record of sends, so no calendar that got the invite is
      // left holding it.
      await runWithConcurrency(meetings, 8, async (listed) => {
        const change = await changeMeeting(
          deps.meetings,
          listed,
          (meeting) => cancelFutureMeeting(meeting, deps.workflow.clock.now()),
          { attempts: 10, known: listed },
        );
        if (change) sends.push(...change.work);
      });
      await deps.workflow.runNow(sends);
    },
  };
}
