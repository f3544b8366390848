import { formatLongDate } from '#domain/calendar-dates';
import type { Expectations, Pairing } from '#domain/pairing';
import type { CareerStage, Formality, Frequency, NeedKind } from '#domain/pairing-request';
import type { EmailRow } from './email-layout.ts';

/** Human labels for the request's codes, shared by the form, the pages and the emails. */
export const frequencyLabels: Record<Frequency, string> = {
  weekly: 'Every week',
  biweekly: 'Every 2 weeks',
  monthly: 'Every month',
  bimonthly: 'Every 2 months',
  quarterly: 'Every 3 months',
};
export const formalityLabels: Record<Formality, string> = {
  casual: 'Casual check-ins',
  'goal-driven': 'Goal-driven, with next steps after each meeting',
};
export const careerStageLabels: Record<CareerStage, string> = {
  student: 'Medical student',
  resident: 'Resident',
  fellow: 'Fellow',
  'early-attending': 'Attending in the first years',
  other: 'Other',
};
export const needLabels: Record<NeedKind, string> = {
  skill: 'A skill',
  career: 'A career step or position',
  'moral-support': 'Moral support',
  other: 'Other',
};

/** A word as it starts a label: "tuesday" → "Tuesday". */
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The expectations as label/value rows, in the order people read them; `changed` (the fields a
 * suggested change named) marks the rows it touched.
 */
export function expectationRows(
  e: Expectations,
  changed: ReadonlySet<string> = new Set(),
  options: { withGoals?: boolean; defaultPlace?: string } = {},
): EmailRow[] {
  const row = (label: string, value: string, ...fields: string[]): EmailRow => [
    label,
    value,
    fields.some((f) => changed.has(f)),
  ];
  const rows: EmailRow[] = [
    row(
      'What the mentee is looking for',
      e.needs.map((n, i) => (i === 0 ? needLabels[n] : needLabels[n].toLowerCase())).join(', '),
      'needs',
    ),
    ...(options.withGoals === false
      ? []
      : [row('Goals', e.goals.map((g, i) => `${i + 1}. ${g}`).join('\n'), 'goals')]),
    row('How often', frequencyLabels[e.frequency], 'frequency'),
    row('Style', formalityLabels[e.formality], 'formality'),
    row('Meeting length', `${e.meetingMinutes} minutes`, 'meetingMinutes'),
    row('Where you meet', e.place ?? options.defaultPlace ?? 'To be agreed between you', 'place'),
    row(
      'When',
      `${capitalize(e.preferredWeekday)}s, between ${e.timeWindow.start} and ${e.timeWindow.end} (${e.timeZone})`,
      'preferredWeekday',
      'timeWindow',
      'timeZone',
    ),
    row('Term', `${e.termMonths} months`, 'termMonths'),
    row('Meet for the first time by', formatLongDate(e.firstMeetingBy), 'firstMeetingBy'),
    row('Mentor’s availability and contact boundaries', e.mentorAvailability, 'mentorAvailability'),
  ];
  if (e.note) rows.push(row('Note', e.note, 'note'));
  return rows;
}

/** The fields the change that made the current version named (none for a first proposal). */
export function changedInCurrentVersion(pairing: Pairing): Set<string> {
  if (pairing.proposedBy === 'form') return new Set();
  const last = pairing.history.findLast((h) => h.event === 'suggested-change');
  return new Set(
    (last?.detail ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
}

export function partiesLine(pairing: Pairing): string {
  return `${pairing.mentor.name} (mentor) and ${pairing.mentee.name} (mentee, ${careerStageLabels[pairing.mentee.careerStage].toLowerCase()})`;
}
