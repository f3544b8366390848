import type { HospitalConfig } from '#config/hospital-config';
import { zonedInstant } from '#domain/cadence';
import { addDays, dateInZone } from '#domain/calendar-dates';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import { meetingWorkKinds } from '#domain/meeting';
import {
  agreementDeadlineDays,
  conclude,
  isOpen,
  isRunning,
  type Pairing,
  type PairingEffect,
  parties,
  proposePairing,
  reminderDays,
  renewalWindowDays,
  type Transition,
} from '#domain/pairing';
import { type FieldErrors, parsePairingRequest } from '#domain/pairing-request';
import type { PairingStore } from '#domain/pairing-store';
import { firstMeetingCheck, pendingAgreementCheck } from './attention.ts';
import { runWithConcurrency } from './due-work-dispatcher.ts';

/** Work kinds the pairing workflow schedules. */
export const pairingWorkKinds = {
  email: 'pairing-email',
  reminder: 'agreement-reminder',
  expiry: 'agreement-expiry',
} as const;

export interface PairingWorkflowDependencies {
  store: PairingStore;
  clock: Clock;
  hospital: HospitalConfig;
  newId: () => string;
  /** Carries out just-scheduled work at once (best effort; the dispatcher retries what fails). */
  runNow: (work: NewDueWork[]) => Promise<void>;
}

export type SubmitResult =
  | { kind: 'created'; pairing: Pairing; repeated: boolean }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'conflict'; message: string };

export class PairingNotFoundError extends Error {
  constructor(id: string) {
    super(`No pairing ${id}`);
    this.name = 'PairingNotFoundError';
  }
}

const day = 86_400_000;

/** Each effect that sends something becomes an outbox item with a stable, unique id. */
function workFor(pairing: Pairing, effects: PairingEffect[], now: Date): NewDueWork[] {
  const step = `${pairing.id}:${pairing.history.length}`;
  return effects
    .filter((effect) => effect.kind !== 'release-open-pairing')
    .flatMap((effect, index): NewDueWork[] => {
      if (effect.kind === 'schedule-term-end') {
        return [
          {
            id: `${lifecycleWorkKinds.termEnd}:${pairing.id}:${effect.on}`,
            kind: lifecycleWorkKinds.termEnd,
            dueAt: zonedInstant(effect.on, '18:00', pairing.expectations.timeZone),
            payload: { pairingId: pairing.id, on: effect.on },
          },
          // One notice per person, so a retry never sends a second copy to the other one.
          ...parties.map((to) => ({
            id: `${lifecycleWorkKinds.termNotice}:${pairing.id}:${effect.on}:${to}`,
            kind: lifecycleWorkKinds.termNotice,
            dueAt: zonedInstant(
              addDays(effect.on, -renewalWindowDays),
              '09:00',
              pairing.expectations.timeZone,
            ),
            payload: { pairingId: pairing.id, on: effect.on, to },
          })),
        ];
      }
      return [workForEffect(effect, index)];
    });

  function workForEffect(effect: PairingEffect, index: number): NewDueWork {
    switch (effect.kind) {
      case 'plan-meetings':
        return {
          // A renewal extends the term: planning runs again for the new meetings only.
          id: `${meetingWorkKinds.plan}:${pairing.id}:v${pairing.version}:g${pairing.series?.generation ?? 0}:t${pairing.termEndsOn}`,
          kind: meetingWorkKinds.plan,
          dueAt: now,
          payload: { pairingId: pairing.id },
        };
      case 'cancel-future-meetings':
        return {
          id: `${lifecycleWorkKinds.cancelMeetings}:${step}`,
          kind: lifecycleWorkKinds.cancelMeetings,
          dueAt: now,
          payload: {
            pairingId: pairing.id,
            ...(effect.beforeIndex === undefined ? {} : { beforeIndex: effect.beforeIndex }),
          },
        };
      case 'schedule-first-meeting-check':
        return firstMeetingCheck(pairing, now);
      case 'schedule-resume':
        return {
          id: `${lifecycleWorkKinds.resume}:${step}`,
          kind: lifecycleWorkKinds.resume,
          // At 06:00 in the pairing's zone on the chosen day.
          dueAt: zonedInstant(effect.on, '06:00', pairing.expectations.timeZone),
          payload: { pairingId: pairing.id },
        };
      default:
        return {
          id: `${pairingWorkKinds.email}:${step}:${index}`,
          kind: pairingWorkKinds.email,
          dueAt: now,
          payload: { pairingId: pairing.id, effect },
        };
    }
  }
}

/** Work kinds of the relationship's lifecycle (pause, resume, end). */
export const lifecycleWorkKinds = {
  cancelMeetings: 'cancel-meetings',
  resume: 'resume-pairing',
  termEnd: 'term-end',
  termNotice: 'term-notice',
} as const;

export async function submitPairing(
  deps: PairingWorkflowDependencies,
  input: unknown,
  idempotencyKey?: string,
  /** The mentor's own limit (a pool mentor's stated capacity); default: the program's. */
  mentorCapacity = deps.hospital.programDefaults.mentorCapacity,
): Promise<SubmitResult> {
  const prepared = preparePairing(deps, input, deps.clock.now());
  if (prepared.kind === 'invalid') return prepared;
  return storePairing(deps, prepared, idempotencyKey, mentorCapacity);
}

/**
 * Several pairing requests (a CSV import, each row with its own idempotency key): stored in few
 * writes (`createMany`), and any row that could not go with the others stored alone, as
 * `submitPairing` would. Each row's answer, in order.
 */
export async function submitPairings(
  deps: PairingWorkflowDependencies,
  rows: { input: unknown; idempotencyKey: string }[],
): Promise<SubmitResult[]> {
  const now = deps.clock.now();
  const prepared = rows.map((row) => preparePairing(deps, row.input, now));
  const valid = prepared.flatMap((p, row) => (p.kind === 'prepared' ? [{ ...p, row }] : []));
  const together = await deps.store.createMany(
    valid.map((p) => ({
      pairing: p.pairing,
      idempotencyKey: rows[p.row]?.idempotencyKey as string,
      work: p.work,
    })),
    deps.hospital.programDefaults.mentorCapacity,
  );
  const results: SubmitResult[] = prepared.map((p) =>
    p.kind === 'invalid' ? p : { kind: 'created', pairing: p.pairing, repeated: false },
  );
  await deps.runNow(valid.flatMap((p, i) => (together[i] === 'created' ? p.emails : [])));
  await runWithConcurrency(
    valid.filter((_, i) => together[i] === 'alone'),
    8,
    async (p) => {
      results[p.row] = await storePairing(deps, p, rows[p.row]?.idempotencyKey);
    },
  );
  return results;
}

type PreparedPairing =
  | { kind: 'prepared'; pairing: Pairing; emails: NewDueWork[]; work: NewDueWork[] }
  | { kind: 'invalid'; errors: FieldErrors };

/** A valid request as the pairing to store, with its emails and the rest of its outbox. */
function preparePairing(
  deps: PairingWorkflowDependencies,
  input: unknown,
  now: Date,
): PreparedPairing {
  const parsed = parsePairingRequest(input, {
    hospital: deps.hospital,
    today: dateInZone(now, deps.hospital.timeZone),
  });
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };

  const { pairing, effects } = proposePairing(deps.newId(), parsed.request, now);
  const emails = workFor(pairing, effects, now);
  const clock = agreementClockWork(pairing.id, 0, now);
  return { kind: 'prepared', pairing, emails, work: clock ? [...emails, clock] : emails };
}

/**
 * After a proposal, the agreement's clock: a reminder on day 3 and on day 7, the
 * administrators' check on day 7, the expiry on day 14 — each the work it always was, but
 * stored one at a time, each step storing the next once it has run (`agreementClockKind` in
 * runtime/due-work-handlers.ts): a new pairing writes one item for the four, so a form or a CSV
 * row is 8 items in its transaction instead of 11.
 */
export const agreementClockKind = 'agreement-clock';

export function agreementClockSteps(pairingId: string, proposedAt: Date): NewDueWork[] {
  return [
    ...reminderDays.map((n) => ({
      id: `${pairingWorkKinds.reminder}:${pairingId}:day-${n}`,
      kind: pairingWorkKinds.reminder,
      dueAt: new Date(proposedAt.getTime() + n * day),
      payload: { pairingId },
    })),
    pendingAgreementCheck(pairingId, proposedAt),
    {
      id: `${pairingWorkKinds.expiry}:${pairingId}`,
      kind: pairingWorkKinds.expiry,
      dueAt: new Date(proposedAt.getTime() + agreementDeadlineDays * day),
      payload: { pairingId },
    },
  ];
}

/** Step `step` of the clock as due work, or null after the last. */
export function agreementClockWork(
  pairingId: string,
  step: number,
  proposedAt: Date,
): NewDueWork | null {
  const stands = agreementClockSteps(pairingId, proposedAt)[step];
  if (!stands) return null;
  return {
    id: `${agreementClockKind}:${pairingId}:step-${step}`,
    kind: agreementClockKind,
    dueAt: stands.dueAt,
    payload: { pairingId, step, proposedAt: proposedAt.toISOString() },
  };
}

async function storePairing(
  deps: PairingWorkflowDependencies,
  { pairing, emails, work }: { pairing: Pairing; emails: NewDueWork[]; work: NewDueWork[] },
  idempotencyKey?: string,
  mentorCapacity = deps.hospital.programDefaults.mentorCapacity,
): Promise<SubmitResult> {
  const created = await deps.store.create(pairing, {
    ...(idempotencyKey ? { idempotencyKey } : {}),
    mentorCapacity,
    work,
  });
  switch (created.outcome) {
    case 'created':
      await deps.runNow(emails);
      return { kind: 'created', pairing, repeated: false };
    case 'repeated-request': {
      const earlier = await deps.store.get(created.pairingId);
      if (!earlier) throw new PairingNotFoundError(created.pairingId);
      return { kind: 'created', pairing: earlier.pairing, repeated: true };
    }
    case 'already-paired':
      return {
        kind: 'conflict',
        message: `${pairing.mentor.name} and ${pairing.mentee.name} already have an open pairing.`,
      };
    case 'mentor-at-capacity':
      return {
        kind: 'conflict',
        message: `${pairing.mentor.name} already has ${mentorCapacity} open pairings, the most ${mentorCapacity === deps.hospital.programDefaults.mentorCapacity ? 'this program allows' : 'they offered'}. Choose another mentor, or ask the program office.`,
      };
  }
}

/**
 * Applies a transition with optimistic locking: read, decide, save if nobody saved in between,
 * otherwise read again and decide again. Two parties agreeing at the same moment therefore end
 * with one activation and one summary each.
 */
export async function actOnPairing(
  deps: PairingWorkflowDependencies,
  pairingId: string,
  decide: (pairing: Pairing, now: Date) => Transition,
): Promise<Pairing> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const stored = await deps.store.get(pairingId);
    if (!stored) throw new PairingNotFoundError(pairingId);
    const now = deps.clock.now();
    const { pairing, effects } = decide(stored.pairing, now);
    if (pairing === stored.pairing) return pairing;
    const work = workFor(pairing, effects, now);
    const saved = await deps.store.save(pairing, stored.revision, {
      work,
      releaseOpenPairing: effects.some((e) => e.kind === 'release-open-pairing'),
    });
    if (saved === 'saved') {
      await deps.runNow(work);
      return pairing;
    }
  }
  throw new Error(`pairing ${pairingId} kept changing under us; try again`);
}

export class ReplacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplacementError';
  }
}

export interface NewMentor {
  name: string;
  email: string;
  mentorAvailability: string;
}

/**
 * An administrator replaces the mentor: the mentee and the agreed expectations go to the new
 * mentor as a new proposal (validated like the form), and only once it is stored does the old
 * relationship end (no fault: "the mentor is stepping back"), cancelling its future meetings.
 */
export async function replaceMentor(
  deps: PairingWorkflowDependencies,
  pairingId: string,
  mentor: NewMentor,
): Promise<SubmitResult> {
  const stored = await deps.store.get(pairingId);
  if (!stored) throw new PairingNotFoundError(pairingId);
  const old = stored.pairing;
  if (isOpen(old))
    throw new ReplacementError(
      'This pairing is still waiting for agreement; let it be declined or expire first.',
    );
  const { mentorAvailability, ...request } = {
    mentor: { name: mentor.name, email: mentor.email },
    mentee: old.mentee,
    ...old.expectations,
    mentorAvailability: mentor.mentorAvailability,
    // The first meeting within six weeks of the new proposal (the form's default).
    firstMeetingBy: undefined,
    note: `Proposed by the program office to continue ${old.mentee.name}'s mentoring.`,
  };
  const result = await submitPairing(
    deps,
    { ...request, mentorAvailability },
    `replace:${old.id}:${mentor.email.toLowerCase()}`,
  );
  if (result.kind === 'created' && isRunning(old)) {
    await actOnPairing(deps, old.id, (p, now) =>
      isRunning(p)
        ? conclude(
            p,
            'program',
            'mentor-stepped-back',
            `Replaced: see pairing ${result.pairing.id}`,
            false,
            now,
          )
        : { pairing: p, effects: [] },
    );
  }
  return result;
}
