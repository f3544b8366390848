import type { HospitalConfig } from '#config/hospital-config';
import type { CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { MeetingStore } from '#domain/meeting';
import type { PairingStore } from '#domain/pairing-store';
import { diffSteps, type ProgramCounterStore, pairingContribution } from '#domain/program-counters';
import {
  type DueWorkHandler,
  type DueWorkHandlers,
  runWithConcurrency,
} from './due-work-dispatcher.ts';

export const recountWorkKind = 'recount-pairing';

const maxAttempts = 12;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CountingDependencies {
  pairings: Pick<PairingStore, 'get' | 'list'>;
  meetings: Pick<MeetingStore, 'list'>;
  checkins: Pick<CheckinStore, 'listCheckins'>;
  counters: ProgramCounterStore;
  clock: Clock;
  hospital: Pick<HospitalConfig, 'timeZone'>;
  /** Stores new due work (the recount of every pairing schedules one per pairing). */
  schedule: (work: NewDueWork) => Promise<unknown>;
}

/**
 * Brings the program's counters up to date with one pairing: its contribution is computed from
 * what is stored, and only the difference from the last one stored is added. Safe to run any
 * number of times, in parallel too (a conflicting recount reads again). Answers whether the
 * counters changed.
 */
export async function recountPairing(
  deps: Omit<CountingDependencies, 'schedule'>,
  pairingId: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    // Recounts of pairings that share a counter row conflict when their transactions overlap (an
    // import's proposals all count in this month): each tries again after a random pause that
    // grows, so they spread out instead of colliding again.
    if (attempt > 0) await pause(Math.random() * 10 * 2 ** Math.min(attempt, 7));
    const [stored, meetings, checkins, previous] = await Promise.all([
      deps.pairings.get(pairingId),
      deps.meetings.list(pairingId),
      deps.checkins.listCheckins(pairingId),
      deps.counters.contributionOf(pairingId),
    ]);
    if (!stored) return false;
    const next = pairingContribution(
      stored.pairing,
      meetings,
      checkins,
      deps.clock.now().getTime(),
      deps.hospital.timeZone,
    );
    const steps = diffSteps(previous?.contribution ?? {}, next, deps.counters.maxRowsPerWrite);
    const changed = steps.some((step) => step.rows.length > 0);
    if (previous && !changed) return false;
    let revision = previous?.revision ?? null;
    let conflict = false;
    for (const step of steps) {
      const saved = await deps.counters.applyContribution(
        pairingId,
        step.contribution,
        revision,
        step.rows,
      );
      if (saved === 'conflict') {
        conflict = true;
        break;
      }
      revision = (revision ?? 0) + 1;
    }
    if (!conflict) return changed;
  }
  throw new Error(`could not recount pairing ${pairingId}: ${maxAttempts} conflicts in a row`);
}

/**
 * A recount as outbox work (after a change made outside the dispatcher, such as a reply). `ref`
 * names the change when several may come at the same moment and are saved in transactions (a
 * stored work id can be written once).
 */
export function recountWork(
  pairingId: string,
  now: Date,
  ref: string = String(now.getTime()),
): NewDueWork {
  return {
    id: `${recountWorkKind}:${pairingId}:${ref}`,
    kind: recountWorkKind,
    dueAt: now,
    payload: { pairingId },
  };
}

export const recountAllKind = 'recount-all';

/**
 * Every pairing recounted (after an upgrade that brings the counters, or to repair them): one
 * recount work per pairing, each done once by the dispatcher's claims. The administrators start
 * it from the dashboard.
 */
export function recountAllWork(now: Date): NewDueWork {
  return {
    id: `${recountAllKind}:${now.getTime()}`,
    kind: recountAllKind,
    dueAt: now,
    payload: {},
  };
}

/** The pairing a piece of work is about: its payload's, or its email's audit. */
function pairingOf(payload: Record<string, unknown>): string | undefined {
  if (typeof payload.pairingId === 'string') return payload.pairingId;
  const email = payload.email as { audit?: { pairingId?: unknown } } | undefined;
  return typeof email?.audit?.pairingId === 'string' ? email.audit.pairingId : undefined;
}

/**
 * The dispatcher's handlers, each followed by a recount of the pairing its work was about: every
 * change to a pairing sends an email or plans or cancels meetings through this outbox, and a
 * check-in is sent once its meeting is over (when it becomes held). Invites are left out: they
 * are the hot path (issue 14's budget of three DynamoDB requests each), the REQUESTs record only
 * sends (counted at the pairing's next recount, at the latest the check-in after that meeting),
 * and the meeting change behind a CANCEL brings its own recount (the cancel-meetings work, or the
 * recount a person's skip or move saves with the meeting). A recount that fails is logged, not
 * retried with the work: the email must not go twice, and the next recount of that pairing
 * corrects the counters (it counts from the truth).
 */
export function withRecounts(
  deps: CountingDependencies,
  handlers: DueWorkHandlers,
  onError: (error: unknown, pairingId: string) => void,
  skip: (kind: string) => boolean,
): DueWorkHandlers {
  const wrapped: Record<string, DueWorkHandler> = {};
  for (const [kind, handler] of Object.entries(handlers)) {
    wrapped[kind] = async (work, run) => {
      const result = await handler(work, run);
      const pairingId = pairingOf(work.payload);
      if (pairingId && !skip(work.kind))
        await recountPairing(deps, pairingId).catch((error) => onError(error, pairingId));
      return result;
    };
  }
  wrapped[recountWorkKind] = async (work) => {
    await recountPairing(deps, String(work.payload.pairingId));
  };
  wrapped[recountAllKind] = async (work) => {
    const now = new Date(work.dueAt);
    await runWithConcurrency(await deps.pairings.list(), 8, async (entry) => {
      await deps.schedule(recountWork(entry.id, now, `all-${now.getTime()}`));
    });
  };
  return wrapped;
}
