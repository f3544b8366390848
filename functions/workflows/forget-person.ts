import type { AlertLog } from '#domain/alert-log';
import type { CheckinStore } from '#domain/checkin';
import type { RawMailSource } from '#domain/inbound-mail';
import { isOpen, isRunning, type Pairing, type Party } from '#domain/pairing';
import { actOnPairing, type PairingWorkflowDependencies } from './pairing-workflow.ts';

/**
 * Forgetting a person: an administrator erases one person's personal data — names, addresses,
 * what they wrote (goals, notes, availability, check-in replies, mail they sent) — while every
 * pairing, meeting and reply stays, so the program's totals stay right.
 */

export const forgottenName = 'Forgotten person';

/** Port: records kept under a person's address. */
export interface PersonRecords {
  /** Messages received from the address: their records and raw mail are erased. */
  inboundFrom(email: string): Promise<{ messageId: string; receiptId: string }[]>;
  eraseInbound(email: string, messageId: string): Promise<void>;
  /** The rest under the address: suppression, the mentor's open-pairing count. */
  erasePerson(email: string): Promise<void>;
}

export interface ForgetDependencies {
  workflow: PairingWorkflowDependencies;
  checkins: CheckinStore;
  people: PersonRecords;
  rawMail: RawMailSource;
  alertLog: AlertLog;
}

export type ForgetResult =
  | { kind: 'forgotten'; pairings: number; messages: number }
  | { kind: 'refused'; message: string }
  | { kind: 'unknown' };

/** A placeholder address that is unique per pairing and person, and never deliverable. */
const placeholder = (pairingId: string, party: Party) =>
  `forgotten-${party}-${pairingId.slice(0, 8)}@invalid`;

/** The pairing with one party's personal data replaced. Pure. */
export function forgetInPairing(pairing: Pairing, party: Party, now: Date): Pairing {
  const erased = '(erased)';
  const { note: _note, ...expectations } = pairing.expectations;
  const forgotten: Pairing = {
    ...pairing,
    [party]: { ...pairing[party], name: forgottenName, email: placeholder(pairing.id, party) },
    expectations: {
      ...expectations,
      ...(party === 'mentee' ? { goals: pairing.expectations.goals.map(() => erased) } : {}),
      ...(party === 'mentor' ? { mentorAvailability: erased } : {}),
    },
    // Free text either may have written: a decline's reason, notes on changes and endings.
    ...(pairing.status === 'declined' ? { closeReason: erased } : {}),
    history: [
      ...pairing.history.map((h) =>
        h.event === 'declined' && h.detail ? { ...h, detail: erased } : h,
      ),
      { at: now.toISOString(), event: 'forgotten', party },
    ],
  };
  delete forgotten.changeNote;
  delete forgotten.closeNote;
  return forgotten;
}

export async function forgetPerson(
  deps: ForgetDependencies,
  address: string,
): Promise<ForgetResult> {
  const email = address.trim().toLowerCase();
  const entries = (await deps.workflow.store.list()).filter(
    (e) => e.mentorEmail === email || e.menteeEmail === email,
  );
  const messages = await deps.people.inboundFrom(email);
  if (entries.length === 0 && messages.length === 0) return { kind: 'unknown' };
  const live = entries.filter((e) => {
    const status = { status: e.status } as Pairing;
    return isOpen(status) || isRunning(status);
  });
  if (live.length > 0)
    return {
      kind: 'refused',
      message: `End ${live.length === 1 ? 'this pairing' : 'these pairings'} first (nothing has been erased): ${live.map((e) => `${e.mentorName} → ${e.menteeName} (${e.status})`).join(', ')}.`,
    };
  const names = new Set<string>();
  for (const entry of entries) {
    const party: Party = entry.mentorEmail === email ? 'mentor' : 'mentee';
    names.add(party === 'mentor' ? entry.mentorName : entry.menteeName);
    await actOnPairing(deps.workflow, entry.id, (p, now) => ({
      pairing: p[party].email === email ? forgetInPairing(p, party, now) : p,
      effects: [],
    }));
    if (party === 'mentee') await deps.checkins.eraseCheckins(entry.id);
  }
  for (const message of messages) {
    await deps.rawMail.erase(message.receiptId);
    await deps.people.eraseInbound(email, message.messageId);
  }
  await deps.people.erasePerson(email);
  await deps.alertLog.forget([email, ...names]);
  return { kind: 'forgotten', pairings: entries.length, messages: messages.length };
}
