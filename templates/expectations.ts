import { formatLongDate } from '#domain/calendar-dates';
import type { Expectations, Pairing } from '#domain/pairing';
import type { CareerStage, Formality, Frequency, NeedKind } from '#domain/pairing-request';

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

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The expectations as label/value rows, in the order people read them. */
export function expectationRows(e: Expectations): [string, string][] {
  const rows: [string, string][] = [
    [
      'What the mentee is looking for',
      e.needs.map((n, i) => (i === 0 ? needLabels[n] : needLabels[n].toLowerCase())).join(', '),
    ],
    ['Goals', e.goals.map((g, i) => `${i + 1}. ${g}`).join('\n')],
    ['How often', frequencyLabels[e.frequency]],
    ['Style', formalityLabels[e.formality]],
    ['Meeting length', `${e.meetingMinutes} minutes`],
    [
      'When',
      `${capitalize(e.preferredWeekday)}s, between ${e.timeWindow.start} and ${e.timeWindow.end} (${e.timeZone})`,
    ],
    ['Term', `${e.termMonths} months`],
    ['First meeting by', formatLongDate(e.firstMeetingBy)],
    ['Mentor’s availability and contact boundaries', e.mentorAvailability],
  ];
  if (e.note) rows.push(['Note', e.note]);
  return rows;
}

export function partiesLine(pairing: Pairing): string {
  return `${pairing.mentor.name} (mentor) and ${pairing.mentee.name} (mentee, ${careerStageLabels[pairing.mentee.careerStage].toLowerCase()})`;
}
