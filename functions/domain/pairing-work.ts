import type { HospitalConfig } from '#config/hospital-config';
import {
  type RenderedEmail,
  renderAdministratorAlert,
  renderDeclinedNotice,
  renderProposalEmail,
  renderSuggestionSent,
  renderSummaryEmail,
} from '#templates/pairing-emails';
import type { ClaimedWork } from './due-work.ts';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';
import type { Mailer, OutgoingEmail } from './outgoing-email.ts';
import { expire, isOpen, type Pairing, type PairingEffect, remind } from './pairing.ts';
import {
  actOnPairing,
  type PairingWorkflowDependencies,
  pairingWorkKinds,
} from './pairing-workflow.ts';
import type { LinkSigner } from './signed-link.ts';

export interface PairingWorkDependencies {
  workflow: PairingWorkflowDependencies;
  mailer: Mailer;
  signer: LinkSigner;
  hospital: HospitalConfig;
  publicBaseUrl: string;
}

export function respondLink(baseUrl: string, pairingId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/respond/${encodeURIComponent(pairingId)}?t=${encodeURIComponent(token)}`;
}

type EmailEffect = Exclude<PairingEffect, { kind: 'release-open-pairing' | 'plan-meetings' }>;

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
      const link = respondLink(deps.publicBaseUrl, pairing.id, token);
      return {
        to: [pairing[effect.to].email],
        kind: `proposal-${effect.reason}`,
        rendered: renderProposalEmail(hospital, pairing, effect.to, link, effect.reason),
      };
    }
    case 'send-summary':
      return {
        to: [pairing[effect.to].email],
        kind: 'agreed-summary',
        rendered: renderSummaryEmail(hospital, pairing, effect.to),
      };
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
  }
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
      const outgoing: OutgoingEmail = {
        kind: email.kind,
        from: { name: deps.hospital.branding.programName, address: deps.hospital.senderAddress },
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
  };
}
