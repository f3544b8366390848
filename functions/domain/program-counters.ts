import { dateInZone, mondayOf } from './calendar-dates.ts';

export { mondayOf };

import type { CheckinRecord } from './checkin.ts';
import type { Meeting } from './meeting.ts';
import type { Pairing, PairingEvent } from './pairing.ts';
import type { CareerStage } from './pairing-request.ts';
import { isAnswered, isHeld, isPlanned } from './program-figures.ts';

/*
 * The program's figures as counters kept on write (issue 16): the dashboard and the digest read a
 * few counter rows per month and per week, never the pairings, so they cost the same with 100,000
 * pairings stored as with 1,000.
 *
 * A pairing's *contribution* is everything it adds to the counters, computed from its stored
 * state by the domain's one definition of planned, held and answered (program-figures.ts). When a
 * pairing changes, its new contribution is computed and only the difference from the stored one
 * is added to the counters, in the same transaction that stores the new contribution. So a
 * recount is idempotent (the second finds no difference) and self-correcting (it is always
 * computed from the truth, never from the event that caused it).
 */

/** What a pairing can be in on the dashboard: agreeing is still "waiting for agreement". */
export const chartStates = [
  'proposed',
  'active',
  'paused',
  'concluded',
  'declined',
  'expired',
] as const;
export type ChartState = (typeof chartStates)[number];

/** Days from proposal to agreement, in the buckets the dashboard's distribution shows. */
export const agreementBuckets = [
  { key: 'd0-1', label: '0–1 days', upTo: 1 },
  { key: 'd2-3', label: '2–3 days', upTo: 3 },
  { key: 'd4-7', label: '4–7 days', upTo: 7 },
  { key: 'd8-14', label: '8–14 days', upTo: 14 },
  { key: 'd15+', label: '15 days or more', upTo: Number.POSITIVE_INFINITY },
] as const;
export type AgreementBucket = (typeof agreementBuckets)[number]['key'];

/** Counted per month and per week (of the event, or of the meeting's day). */
export const monthMeasures = [
  'proposed',
  'agreed',
  'declined',
  'expired',
  'ended',
  'planned',
  'held',
  'minutesHeld',
  'invited',
  'accepted',
  'checkinsAnswered',
  ...agreementBuckets.map((b) => `agreedIn:${b.key}` as const),
] as const;
export type MonthMeasure = (typeof monthMeasures)[number];

/** Counted per week only (Monday): pairings entering and leaving each state. */
export type WeekMeasure = `enter:${ChartState}` | `leave:${ChartState}`;

/** A counter row: one period (`M2026-11` or `W2026-11-23`) and one mentee career stage. */
export interface CounterRow {
  period: string;
  stage: CareerStage;
  values: Record<string, number>;
}

/** `<period>|<stage>|<measure>` → amount; zero amounts are left out. */
export type Contribution = Record<string, number>;

function monthKey(date: string): string {
  return `M${date.slice(0, 7)}`;
}

function weekKey(date: string): string {
  return `W${mondayOf(date)}`;
}

function stateAfter(event: PairingEvent['event'], current: ChartState): ChartState {
  switch (event) {
    case 'proposed':
      return 'proposed';
    case 'activated':
    case 'resumed':
    case 'renewed':
      return 'active';
    case 'paused':
      return 'paused';
    case 'concluded':
      return 'concluded';
    case 'declined':
      return 'declined';
    case 'expired':
      return 'expired';
    default:
      return current;
  }
}

export function agreementBucket(days: number): AgreementBucket {
  return (agreementBuckets.find((b) => days <= b.upTo) ?? agreementBuckets[4]).key;
}

/**
 * Everything one pairing adds to the counters, from its stored state: its state changes (per
 * week), its proposal, agreement, decline, expiry and end (per month of the event), and its
 * meetings (per month of their start) by the one definition of planned, held and answered.
 */
export function pairingContribution(
  pairing: Pick<Pairing, 'mentee' | 'history' | 'createdAt' | 'agreedAt' | 'status'>,
  meetings: readonly Meeting[],
  checkins: readonly CheckinRecord[],
  now: number,
  timeZone: string,
): Contribution {
  const stage = pairing.mentee.careerStage;
  const out: Contribution = {};
  const put = (period: string, measure: string, amount: number) => {
    if (amount === 0) return;
    const key = `${period}|${stage}|${measure}`;
    const total = (out[key] ?? 0) + amount;
    if (total === 0) delete out[key];
    else out[key] = total;
  };
  // Every other measure is kept per month (the dashboard) and per week (the digest's change
  // since last week): `date` is the day it counts on.
  const count = (date: string, measure: MonthMeasure, amount = 1) => {
    put(monthKey(date), measure, amount);
    put(weekKey(date), measure, amount);
  };
  const day = (iso: string) => dateInZone(new Date(iso), timeZone);

  let state: ChartState | undefined;
  for (const entry of pairing.history) {
    const next = stateAfter(entry.event, state ?? 'proposed');
    if (state !== undefined && next === state) continue;
    const week = weekKey(day(entry.at));
    // Pairings entering and leaving a state are kept per week only.
    if (state !== undefined) put(week, `leave:${state}`, 1);
    put(week, `enter:${next}`, 1);
    state = next;
    if (entry.event === 'declined') count(day(entry.at), 'declined');
    if (entry.event === 'expired') count(day(entry.at), 'expired');
    if (entry.event === 'concluded') count(day(entry.at), 'ended');
  }
  count(day(pairing.createdAt), 'proposed');
  if (pairing.agreedAt) {
    const agreedOn = day(pairing.agreedAt);
    count(agreedOn, 'agreed');
    const days = (Date.parse(pairing.agreedAt) - Date.parse(pairing.createdAt)) / 86_400_000;
    count(agreedOn, `agreedIn:${agreementBucket(days)}`);
  }

  const byMeeting = new Map(checkins.map((c) => [c.meetingIndex, c]));
  for (const meeting of meetings) {
    if (!isPlanned(meeting)) continue;
    const on = meeting.date;
    count(on, 'planned');
    const invitedParties = Object.values(meeting.sent).filter((s) => s?.method === 'REQUEST');
    count(on, 'invited', invitedParties.length);
    count(on, 'accepted', Object.values(meeting.attendance).filter((a) => a === 'ACCEPTED').length);
    const checkin = byMeeting.get(meeting.index);
    if (isHeld(meeting, now, checkin)) {
      count(on, 'held');
      count(on, 'minutesHeld', (Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000);
      if (checkin && isAnswered(checkin)) count(on, 'checkinsAnswered');
    }
  }
  return out;
}

/** What to add to the counters to go from one contribution to the next, per counter row. */
export function contributionDiff(before: Contribution, after: Contribution): CounterRow[] {
  const rows = new Map<string, CounterRow>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const amount = (after[key] ?? 0) - (before[key] ?? 0);
    if (amount === 0) continue;
    const [period, stage, measure] = key.split('|') as [string, CareerStage, string];
    const rowKey = `${period}|${stage}`;
    const row = rows.get(rowKey) ?? { period, stage, values: {} };
    row.values[measure] = amount;
    rows.set(rowKey, row);
  }
  return [...rows.values()];
}

/**
 * The diff in steps of at most `size` counter rows (DynamoDB's transaction limit), each with the
 * contribution as it stands once that step is applied: a recount cut short between two steps has
 * stored exactly what it added, and the next recount adds the rest.
 */
export function diffSteps(
  before: Contribution,
  after: Contribution,
  size: number,
): { rows: CounterRow[]; contribution: Contribution }[] {
  const rows = contributionDiff(before, after);
  const steps: { rows: CounterRow[]; contribution: Contribution }[] = [];
  let standing = { ...before };
  for (let i = 0; i < rows.length || (i === 0 && steps.length === 0); i += size) {
    const chunk = rows.slice(i, i + size);
    standing = { ...standing };
    for (const row of chunk)
      for (const measure of Object.keys(row.values)) {
        const key = `${row.period}|${row.stage}|${measure}`;
        if (after[key] === undefined) delete standing[key];
        else standing[key] = after[key];
      }
    steps.push({ rows: chunk, contribution: standing });
  }
  return steps;
}

/** Port: the counters and each pairing's stored contribution. */
export interface ProgramCounterStore {
  contributionOf(
    pairingId: string,
  ): Promise<{ contribution: Contribution; revision: number } | null>;
  /** Most counter rows one `applyContribution` may change. */
  readonly maxRowsPerWrite: number;
  /**
   * Stores the pairing's new contribution and adds `diff` to the counters, in one transaction;
   * 'conflict' when another recount stored one since `expectedRevision` was read.
   */
  applyContribution(
    pairingId: string,
    contribution: Contribution,
    expectedRevision: number | null,
    diff: CounterRow[],
  ): Promise<'saved' | 'conflict'>;
  /** The month rows from `fromMonth` to `toMonth` (YYYY-MM), every stage. */
  monthRows(fromMonth: string, toMonth: string): Promise<CounterRow[]>;
  /** Every week row up to `toMonday` (the state counts need the flows since the start). */
  weekRows(toMonday: string): Promise<CounterRow[]>;
}
