import { addDays, addMonths } from './calendar-dates.ts';
import type { CareerStage } from './pairing-request.ts';
import {
  agreementBuckets,
  type ChartState,
  type CounterRow,
  chartStates,
  type MonthMeasure,
  mondayOf,
} from './program-counters.ts';

/** What the dashboard shows: one career stage or all, from one month to another (YYYY-MM). */
export interface DashboardFilter {
  stage: CareerStage | 'all';
  fromMonth: string;
  toMonth: string;
}

export interface PeriodFigures {
  /** `YYYY-MM` for a month, the Monday's date for a week. */
  period: string;
  proposed: number;
  agreed: number;
  ended: number;
  planned: number;
  held: number;
  hoursHeld: number;
  invited: number;
  accepted: number;
  /** Accepted invites per invite sent, in percent; null when none was sent. */
  acceptanceRate: number | null;
  checkinsAnswered: number;
  /** Check-ins answered per meeting held, in percent; null when none was held. */
  checkinRate: number | null;
}

export interface StateWeek {
  monday: string;
  counts: Record<ChartState, number>;
}

export interface DashboardFigures {
  months: PeriodFigures[];
  /** Pairings in each state at the end of each week of the range (at most the last 53). */
  weeks: StateWeek[];
  /** Pairings agreed in the range, by days from proposal to agreement. */
  agreementDays: { label: string; count: number }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (part: number, whole: number) => (whole ? round1((100 * part) / whole) : null);

/** The rows' values summed per period, for one stage or all. */
function sumsByPeriod(
  rows: readonly CounterRow[],
  stage: DashboardFilter['stage'],
): Map<string, Record<string, number>> {
  const sums = new Map<string, Record<string, number>>();
  for (const row of rows) {
    if (stage !== 'all' && row.stage !== stage) continue;
    const sum = sums.get(row.period) ?? {};
    for (const [measure, value] of Object.entries(row.values))
      sum[measure] = (sum[measure] ?? 0) + value;
    sums.set(row.period, sum);
  }
  return sums;
}

/** One period's figures from its summed counters. */
export function periodFigures(period: string, sum: Record<string, number> = {}): PeriodFigures {
  const get = (m: MonthMeasure) => sum[m] ?? 0;
  const held = get('held');
  return {
    period,
    proposed: get('proposed'),
    agreed: get('agreed'),
    ended: get('ended'),
    planned: get('planned'),
    held,
    hoursHeld: round1(get('minutesHeld') / 60),
    invited: get('invited'),
    accepted: get('accepted'),
    acceptanceRate: percent(get('accepted'), get('invited')),
    checkinsAnswered: get('checkinsAnswered'),
    checkinRate: percent(Math.min(get('checkinsAnswered'), held), held),
  };
}

/** Every month from one to another, inclusive (YYYY-MM). */
function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const months: string[] = [];
  for (
    let m = `${fromMonth}-01`;
    m.slice(0, 7) <= toMonth && months.length < 240;
    m = addMonths(m, 1)
  )
    months.push(m.slice(0, 7));
  return months;
}

/** Pairings in each state at the end of each week, from the weeks' flows since the start. */
function stateWeeks(
  weekRows: readonly CounterRow[],
  stage: DashboardFilter['stage'],
  fromMonday: string,
  toMonday: string,
): StateWeek[] {
  const sums = sumsByPeriod(weekRows, stage);
  const stock = Object.fromEntries(chartStates.map((s) => [s, 0])) as Record<ChartState, number>;
  const periods = [...sums.keys()].sort();
  const weeks: StateWeek[] = [];
  let next = 0;
  for (let monday = fromMonday; monday <= toMonday; monday = addDays(monday, 7)) {
    // Every week up to and including this one adds its flows.
    while (next < periods.length && (periods[next] as string).slice(1) <= monday) {
      const sum = sums.get(periods[next] as string) ?? {};
      for (const state of chartStates)
        stock[state] += (sum[`enter:${state}`] ?? 0) - (sum[`leave:${state}`] ?? 0);
      next++;
    }
    weeks.push({ monday, counts: { ...stock } });
  }
  return weeks;
}

/**
 * The dashboard's figures from the counter rows alone: the months of the range, the pairings'
 * states week by week (at most the last 53 weeks of the range, up to `today`), and the days to
 * agreement of the pairings agreed in the range.
 */
export function dashboardFigures(
  monthRows: readonly CounterRow[],
  weekRows: readonly CounterRow[],
  filter: DashboardFilter,
  today: string,
): DashboardFigures {
  const sums = sumsByPeriod(
    monthRows.filter(
      (r) => r.period.slice(1) >= filter.fromMonth && r.period.slice(1) <= filter.toMonth,
    ),
    filter.stage,
  );
  const months = monthsBetween(filter.fromMonth, filter.toMonth).map((m) =>
    periodFigures(m, sums.get(`M${m}`)),
  );
  const lastDay = addDays(addMonths(`${filter.toMonth}-01`, 1), -1);
  const toMonday = mondayOf(lastDay < today ? lastDay : today);
  const fromMonday = [
    mondayOf(`${filter.fromMonth}-01`),
    addDays(toMonday, -52 * 7),
  ].sort()[1] as string;
  const total: Record<string, number> = {};
  for (const sum of sums.values())
    for (const [k, v] of Object.entries(sum)) total[k] = (total[k] ?? 0) + v;
  return {
    months,
    weeks: fromMonday <= toMonday ? stateWeeks(weekRows, filter.stage, fromMonday, toMonday) : [],
    agreementDays: agreementBuckets.map((b) => ({
      label: b.label,
      count: total[`agreedIn:${b.key}`] ?? 0,
    })),
  };
}

export type WeekFigures = PeriodFigures & { active: number; waiting: number };

/**
 * The weeks from one Monday to another, each with its figures and the pairings active and
 * waiting for agreement at its end: the digest's week, the week before, and its chart.
 */
export function weeklyFigures(
  weekRows: readonly CounterRow[],
  fromMonday: string,
  toMonday: string,
): WeekFigures[] {
  const sums = sumsByPeriod(weekRows, 'all');
  return stateWeeks(weekRows, 'all', fromMonday, toMonday).map((w) => ({
    ...periodFigures(w.monday, sums.get(`W${w.monday}`)),
    active: w.counts.active,
    waiting: w.counts.proposed,
  }));
}
