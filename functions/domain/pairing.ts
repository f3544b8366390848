import {
  addDays,
  addMonths,
  dateInZone,
  type IsoDate,
  nextWeekday,
  type Weekday,
  weekdayOf,
} from './calendar-dates.ts';
import type {
  CareerStage,
  Formality,
  Frequency,
  NeedKind,
  PairingRequest,
} from './pairing-request.ts';

/**
 * A mentoring pairing from the form to agreement: `proposed → agreeing → active`, or `declined`
 * (by the mentor) or `expired` (not agreed within 14 days). Pure: every transition takes `now` and
 * returns the new pairing plus the effects (emails, alerts) the application must carry out.
 */

export type Party = 'mentor' | 'mentee';
export const parties: readonly Party[] = ['mentor', 'mentee'];
export type PairingStatus =
  | 'proposed'
  | 'agreeing'
  | 'active'
  | 'paused'
  | 'concluded'
  | 'declined'
  | 'expired';

export const endReasons = [
  'goals-met',
  'became-peers',
  'mentor-stepped-back',
  'mentee-withdrew',
] as const;
export type EndReason = (typeof endReasons)[number] | 'program-ended';

export const agreementDeadlineDays = 14;
export const renewalWindowDays = 30;

export type RenewalAnswer = 'renew' | 'end';
export const reviewAnswers = ['keep', 'less-often', 'more-often'] as const;
export type ReviewAnswer = (typeof reviewAnswers)[number];
export const reminderDays = [3, 7] as const;

export interface Expectations {
  needs: NeedKind[];
  goals: string[];
  frequency: Frequency;
  formality: Formality;
  meetingMinutes: 30 | 45 | 60;
  preferredWeekday: Weekday;
  timeWindow: { start: string; end: string };
  timeZone: string;
  termMonths: number;
  firstMeetingBy: IsoDate;
  mentorAvailability: string;
  note?: string;
  /** Where they meet: a room, a video link or "phone call"; absent, the hospital's default. */
  place?: string;
}

/** What a party may change when suggesting changes. */
export interface SuggestedChange {
  frequency?: Frequency;
  formality?: Formality;
  meetingMinutes?: 30 | 45 | 60;
  timeWindow?: { start: string; end: string };
  place?: string;
  note?: string;
}

/** Where the pair meets: what they agreed, or the hospital's default. */
export function meetingPlace(pairing: Pick<Pairing, 'expectations'>, fallback: string): string {
  return pairing.expectations.place ?? fallback;
}

export interface PairingEvent {
  at: string;
  event:
    | 'proposed'
    | 'agreed'
    | 'suggested-change'
    | 'declined'
    | 'activated'
    | 'reminded'
    | 'expired'
    | 'paused'
    | 'resumed'
    | 'concluded'
    | 'change-proposed'
    | 'change-agreed'
    | 'change-declined'
    | 'renewal-answered'
    | 'renewed'
    | 'review-asked'
    | 'review-answered'
    | 'forgotten';
  party?: Party;
  version?: number;
  detail?: string;
}

export interface Pairing {
  id: string;
  status: PairingStatus;
  mentor: { name: string; email: string };
  mentee: { name: string; email: string; careerStage: CareerStage };
  /** Version of the proposal; a suggested change makes a new one. */
  version: number;
  expectations: Expectations;
  /** The version each party last agreed to; only agreements to `version` count. */
  agreedVersion: Partial<Record<Party, number>>;
  /** Who wrote the current version, and what they said about it. */
  proposedBy: Party | 'form';
  changeNote?: string;
  createdAt: string;
  agreedAt?: string;
  termEndsOn?: IsoDate;
  firstMeetingOn?: IsoDate;
  /**
   * The current meeting series: from which date, numbered from which index. A resume starts a
   * new series after the meetings already planned, so every meeting keeps a unique UID.
   */
  series?: { generation: number; startsOn: IsoDate; firstIndex: number };
  pausedUntil?: IsoDate;
  /** A change to an active agreement, waiting for the other party. */
  pendingChange?: { version: number; by: Party; change: SuggestedChange; at: string };
  /** The answers to "renew for another term?" for the term ending on `termEndsOn`. */
  renewal?: { termEndsOn: IsoDate; answers: Partial<Record<Party, RenewalAnswer>> };
  /** The latest frequency review: round n is asked after n × N meetings held. */
  review?: { round: number; answers: Partial<Record<Party, ReviewAnswer>> };
  closedAt?: string;
  closeReason?: string;
  closeNote?: string;
  history: PairingEvent[];
}

export type PairingEffect =
  | { kind: 'send-proposal'; to: Party; version: number; reason: 'new' | 'changed' | 'reminder' }
  | { kind: 'send-summary'; to: Party }
  | { kind: 'confirm-suggestion'; to: Party; version: number }
  | { kind: 'alert-administrators'; reason: 'declined' | 'expired'; detail: string }
  | { kind: 'notify-declined'; to: Party; detail: string }
  | { kind: 'release-open-pairing' }
  | { kind: 'plan-meetings' }
  /** `beforeIndex`: only meetings of earlier series (a new one is planned alongside). */
  | { kind: 'cancel-future-meetings'; beforeIndex?: number }
  | { kind: 'send-change-proposal'; to: Party }
  | { kind: 'notify-change-declined'; to: Party }
  | { kind: 'notify-paused'; by: Party | 'program'; until?: IsoDate }
  | { kind: 'notify-resumed'; by: Party | 'program' }
  | { kind: 'send-closing'; to: Party }
  | { kind: 'schedule-resume'; on: IsoDate }
  /** 30 days before: a notice to both; on the day: the end, with the reason `program-ended`. */
  | { kind: 'schedule-term-end'; on: IsoDate }
  | { kind: 'notify-term-ending' }
  /** Six weeks after agreement: has a first meeting been held? */
  | { kind: 'schedule-first-meeting-check' }
  | { kind: 'ask-new-mentor'; note?: string }
  /** One party answered the renewal question; the other hears it (and is asked, if renewing). */
  | { kind: 'notify-renewal-answer'; to: Party; answer: RenewalAnswer }
  | { kind: 'notify-renewed'; until: IsoDate }
  | { kind: 'ask-review'; to: Party; round: number }
  | {
      kind: 'alert-attention';
      alert:
        | 'review-disagreement'
        | 'no-first-meeting'
        | 'checkins-unanswered'
        | 'pending-agreement';
      detail: string;
    };

export interface Transition {
  pairing: Pairing;
  effects: PairingEffect[];
}

export type PairingProblem =
  | 'closed' // already active, declined or expired
  | 'superseded' // the link is for an older version of the proposal
  | 'not-allowed' // e.g. a mentee trying to decline
  | 'no-change'; // a suggestion identical to the current proposal

export class PairingActionError extends Error {
  constructor(
    readonly problem: PairingProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PairingActionError';
  }
}

export const isOpen = (pairing: Pairing) =>
  pairing.status === 'proposed' || pairing.status === 'agreeing';

export function otherParty(party: Party): Party {
  return party === 'mentor' ? 'mentee' : 'mentor';
}

export function proposePairing(id: string, request: PairingRequest, now: Date): Transition {
  const { mentor, mentee, ...expectations } = request;
  const pairing: Pairing = {
    id,
    status: 'proposed',
    mentor,
    mentee,
    version: 1,
    expectations: stripUndefined(expectations) as Expectations,
    agreedVersion: {},
    proposedBy: 'form',
    createdAt: now.toISOString(),
    history: [{ at: now.toISOString(), event: 'proposed', version: 1 }],
  };
  return {
    pairing,
    effects: parties.map(
      (to) => ({ kind: 'send-proposal', to, version: 1, reason: 'new' }) as const,
    ),
  };
}

function assertActionable(pairing: Pairing, version: number): void {
  if (!isOpen(pairing)) {
    throw new PairingActionError(
      'closed',
      `This pairing is ${pairing.status}; nothing can be changed.`,
    );
  }
  if (version !== pairing.version) {
    throw new PairingActionError(
      'superseded',
      `This link is for version ${version} of the proposal; the current one is version ${pairing.version}.`,
    );
  }
}

export function agree(pairing: Pairing, party: Party, version: number, now: Date): Transition {
  if (pairing.status === 'active' && pairing.agreedVersion[party] === version) {
    return { pairing, effects: [] }; // a second click on "Agree" changes nothing
  }
  assertActionable(pairing, version);
  if (pairing.agreedVersion[party] === version) return { pairing, effects: [] };
  const at = now.toISOString();
  const agreed: Pairing = {
    ...pairing,
    status: 'agreeing',
    agreedVersion: { ...pairing.agreedVersion, [party]: version },
    history: [...pairing.history, { at, event: 'agreed', party, version }],
  };
  const bothAgreed = parties.every((p) => agreed.agreedVersion[p] === version);
  if (!bothAgreed) return { pairing: agreed, effects: [] };
  const agreedOn = dateInZone(now, pairing.expectations.timeZone);
  return {
    pairing: {
      ...agreed,
      status: 'active',
      agreedAt: at,
      termEndsOn: addMonths(agreedOn, pairing.expectations.termMonths),
      firstMeetingOn: firstMeetingDate(agreedOn, pairing.expectations),
      history: [...agreed.history, { at, event: 'activated', version }],
    },
    // An active pairing is still open: it keeps its place in the mentor's capacity.
    effects: [
      { kind: 'send-summary', to: 'mentor' },
      { kind: 'send-summary', to: 'mentee' },
      { kind: 'plan-meetings' },
      { kind: 'schedule-term-end', on: addMonths(agreedOn, pairing.expectations.termMonths) },
      { kind: 'schedule-first-meeting-check' },
    ],
  };
}

/**
 * The first meeting: the first preferred weekday at least 3 days after agreement (so the invite
 * arrives in time), but never after the agreed "first meeting by" date — then the last preferred
 * weekday before it, or that date itself when no such weekday is left.
 */
export function firstMeetingDate(agreedOn: IsoDate, expectations: Expectations): IsoDate {
  const earliest = addDays(agreedOn, 3);
  const candidate = nextWeekday(earliest, expectations.preferredWeekday);
  if (candidate <= expectations.firstMeetingBy) return candidate;
  let date = expectations.firstMeetingBy;
  while (date > agreedOn && weekdayOf(date) !== expectations.preferredWeekday)
    date = addDays(date, -1);
  return date > agreedOn ? date : expectations.firstMeetingBy;
}

export function suggestChange(
  pairing: Pairing,
  party: Party,
  version: number,
  change: SuggestedChange,
  now: Date,
): Transition {
  assertActionable(pairing, version);
  const { note, ...fields } = change;
  const current = pairing.expectations;
  const changed = Object.entries(fields).filter(
    ([key, value]) =>
      value !== undefined &&
      JSON.stringify(value) !== JSON.stringify(current[key as keyof Expectations]),
  );
  if (changed.length === 0) {
    throw new PairingActionError(
      'no-change',
      'The suggestion is the same as the current proposal.',
    );
  }
  const nextVersion = pairing.version + 1;
  const at = now.toISOString();
  const next: Pairing = {
    ...pairing,
    status: 'agreeing',
    version: nextVersion,
    expectations: { ...current, ...Object.fromEntries(changed) },
    // Suggesting a change is agreeing to it.
    agreedVersion: { [party]: nextVersion },
    proposedBy: party,
    ...(note ? { changeNote: note } : {}),
    history: [
      ...pairing.history,
      {
        at,
        event: 'suggested-change',
        party,
        version: nextVersion,
        detail: changed.map(([k]) => k).join(', '),
      },
    ],
  };
  if (!note) delete next.changeNote;
  return {
    pairing: next,
    effects: [
      { kind: 'send-proposal', to: otherParty(party), version: nextVersion, reason: 'changed' },
      { kind: 'confirm-suggestion', to: party, version: nextVersion },
    ],
  };
}

export function decline(
  pairing: Pairing,
  party: Party,
  version: number,
  reason: string,
  now: Date,
): Transition {
  if (party !== 'mentor') {
    throw new PairingActionError('not-allowed', 'Only the mentor can decline a proposed pairing.');
  }
  assertActionable(pairing, version);
  const at = now.toISOString();
  return {
    pairing: {
      ...pairing,
      status: 'declined',
      closedAt: at,
      closeReason: reason,
      history: [...pairing.history, { at, event: 'declined', party, version, detail: reason }],
    },
    effects: [
      { kind: 'alert-administrators', reason: 'declined', detail: reason },
      { kind: 'notify-declined', to: 'mentee', detail: reason },
      { kind: 'release-open-pairing' },
    ],
  };
}

/** Day 3 and day 7: whoever has not agreed to the current version is asked again. */
export function remind(pairing: Pairing, now: Date): Transition {
  if (!isOpen(pairing)) return { pairing, effects: [] };
  const waitingOn = parties.filter((p) => pairing.agreedVersion[p] !== pairing.version);
  return {
    pairing: {
      ...pairing,
      history: [
        ...pairing.history,
        {
          at: now.toISOString(),
          event: 'reminded',
          version: pairing.version,
          detail: waitingOn.join(', '),
        },
      ],
    },
    effects: waitingOn.map(
      (to) =>
        ({ kind: 'send-proposal', to, version: pairing.version, reason: 'reminder' }) as const,
    ),
  };
}

/** Day 14: a pairing still not agreed expires, and the administrators hear why. */
export function expire(pairing: Pairing, now: Date): Transition {
  if (!isOpen(pairing)) return { pairing, effects: [] };
  const waitingOn = parties.filter((p) => pairing.agreedVersion[p] !== pairing.version);
  const detail = `Not agreed within ${agreementDeadlineDays} days; waiting on the ${waitingOn.join(' and the ')} for version ${pairing.version}.`;
  const at = now.toISOString();
  return {
    pairing: {
      ...pairing,
      status: 'expired',
      closedAt: at,
      closeReason: detail,
      history: [...pairing.history, { at, event: 'expired', version: pairing.version, detail }],
    },
    effects: [
      { kind: 'alert-administrators', reason: 'expired', detail },
      { kind: 'release-open-pairing' },
    ],
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const isRunning = (pairing: Pairing) =>
  pairing.status === 'active' || pairing.status === 'paused';

export class LifecycleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LifecycleError';
  }
}

/** Pause: future meetings are cancelled, nothing is sent until resumed (by hand or on a date). */
export function pause(
  pairing: Pairing,
  by: Party | 'program',
  until: IsoDate | undefined,
  now: Date,
): Transition {
  if (pairing.status === 'paused') return { pairing, effects: [] };
  if (pairing.status !== 'active')
    throw new LifecycleError(`A ${pairing.status} pairing cannot be paused.`);
  const at = now.toISOString();
  return {
    pairing: {
      ...pairing,
      status: 'paused',
      ...(until ? { pausedUntil: until } : {}),
      history: [
        ...pairing.history,
        {
          at,
          event: 'paused',
          ...(by === 'program' ? {} : { party: by }),
          ...(until ? { detail: `until ${until}` } : {}),
        },
      ],
    },
    effects: [
      { kind: 'cancel-future-meetings' },
      { kind: 'notify-paused', by, ...(until ? { until } : {}) },
      ...(until ? [{ kind: 'schedule-resume' as const, on: until }] : []),
    ],
  };
}

/** Resume: a new series of meetings from the next preferred weekday at least 3 days away. */
export function resume(pairing: Pairing, by: Party | 'program', now: Date): Transition {
  if (pairing.status === 'active') return { pairing, effects: [] };
  if (pairing.status !== 'paused')
    throw new LifecycleError(`A ${pairing.status} pairing cannot be resumed.`);
  const today = dateInZone(now, pairing.expectations.timeZone);
  const startsOn = nextWeekday(addDays(today, 3), pairing.expectations.preferredWeekday);
  const generation = (pairing.series?.generation ?? 0) + 1;
  const { pausedUntil: _pausedUntil, ...rest } = pairing;
  const at = now.toISOString();
  return {
    pairing: {
      ...rest,
      status: 'active',
      // Indices continue after every meeting the earlier series could have had.
      series: { generation, startsOn, firstIndex: generation * 1000 },
      history: [
        ...pairing.history,
        { at, event: 'resumed', ...(by === 'program' ? {} : { party: by }) },
      ],
    },
    effects: [{ kind: 'plan-meetings' }, { kind: 'notify-resumed', by }],
  };
}

/** End, no fault: future meetings cancelled, a closing email to each, the pair's place freed. */
export function conclude(
  pairing: Pairing,
  by: Party | 'program',
  reason: EndReason,
  note: string | undefined,
  askNewMentor: boolean,
  now: Date,
): Transition {
  if (pairing.status === 'concluded') return { pairing, effects: [] };
  if (!isRunning(pairing)) throw new LifecycleError(`A ${pairing.status} pairing cannot be ended.`);
  const at = now.toISOString();
  return {
    pairing: {
      ...pairing,
      status: 'concluded',
      closedAt: at,
      closeReason: reason,
      ...(note ? { closeNote: note } : {}),
      history: [
        ...pairing.history,
        { at, event: 'concluded', ...(by === 'program' ? {} : { party: by }), detail: reason },
      ],
    },
    effects: [
      { kind: 'cancel-future-meetings' },
      { kind: 'send-closing', to: 'mentor' },
      { kind: 'send-closing', to: 'mentee' },
      { kind: 'release-open-pairing' },
      ...(askNewMentor ? [{ kind: 'ask-new-mentor' as const, ...(note ? { note } : {}) }] : []),
    ],
  };
}

function changedFields(expectations: Expectations, change: SuggestedChange): [string, unknown][] {
  const { note: _note, ...fields } = change;
  return Object.entries(fields).filter(
    ([key, value]) =>
      value !== undefined &&
      JSON.stringify(value) !== JSON.stringify(expectations[key as keyof Expectations]),
  );
}

/** A new frequency, formality, length or time for an active relationship: the other party agrees. */
export function proposeChange(
  pairing: Pairing,
  party: Party,
  change: SuggestedChange,
  now: Date,
): Transition {
  if (pairing.status !== 'active')
    throw new LifecycleError(`A ${pairing.status} relationship cannot be changed.`);
  if (pairing.pendingChange) throw new LifecycleError('A change is already waiting for an answer.');
  const changed = changedFields(pairing.expectations, change);
  if (changed.length === 0)
    throw new LifecycleError('The change is the same as the current agreement.');
  const at = now.toISOString();
  return {
    pairing: {
      ...pairing,
      pendingChange: { version: pairing.version + 1, by: party, change, at },
      history: [
        ...pairing.history,
        {
          at,
          event: 'change-proposed',
          party,
          version: pairing.version + 1,
          detail: changed.map(([k]) => k).join(', '),
        },
      ],
    },
    effects: [{ kind: 'send-change-proposal', to: otherParty(party) }],
  };
}

/**
 * The other party's answer. Agreed: the new expectations become the agreement, the remaining
 * meetings of the old series are cancelled, a new series is planned, and both get a new summary.
 */
export function answerChange(
  pairing: Pairing,
  party: Party,
  version: number,
  accept: boolean,
  now: Date,
): Transition {
  const pending = pairing.pendingChange;
  if (!pending || pending.version !== version) {
    throw new LifecycleError('This change is no longer waiting for an answer.');
  }
  if (pending.by === party)
    throw new LifecycleError('The other party answers a change you proposed.');
  const { pendingChange: _pending, ...rest } = pairing;
  const at = now.toISOString();
  if (!accept) {
    return {
      pairing: {
        ...rest,
        history: [...pairing.history, { at, event: 'change-declined', party, version }],
      },
      effects: [{ kind: 'notify-change-declined', to: pending.by }],
    };
  }
  const expectations = {
    ...pairing.expectations,
    ...Object.fromEntries(changedFields(pairing.expectations, pending.change)),
  };
  const today = dateInZone(now, expectations.timeZone);
  const generation = (pairing.series?.generation ?? 0) + 1;
  const series = {
    generation,
    startsOn: nextWeekday(addDays(today, 3), expectations.preferredWeekday),
    firstIndex: generation * 1000,
  };
  return {
    pairing: {
      ...rest,
      expectations,
      version,
      agreedVersion: { mentor: version, mentee: version },
      series,
      history: [...pairing.history, { at, event: 'change-agreed', party, version }],
    },
    effects: [
      { kind: 'cancel-future-meetings', beforeIndex: series.firstIndex },
      { kind: 'plan-meetings' },
      { kind: 'send-summary', to: 'mentor' },
      { kind: 'send-summary', to: 'mentee' },
    ],
  };
}

/** Whether the renewal question is open: a running relationship in the last 30 days of its term. */
export function renewalOpen(pairing: Pairing, now: Date): boolean {
  if (!isRunning(pairing) || !pairing.termEndsOn) return false;
  const today = dateInZone(now, pairing.expectations.timeZone);
  return today >= addDays(pairing.termEndsOn, -renewalWindowDays) && today <= pairing.termEndsOn;
}

/**
 * "Renew for another term?" Both must say yes: then the term is extended by the agreed term
 * length and meetings are planned for it. A "let it end" stands until the term's last day, when
 * the relationship ends with `program-ended`, as it would without an answer.
 */
export function answerRenewal(
  pairing: Pairing,
  party: Party,
  answer: RenewalAnswer,
  now: Date,
): Transition {
  if (!renewalOpen(pairing, now) || !pairing.termEndsOn)
    throw new LifecycleError('Renewal can be answered in the last 30 days of a running term.');
  const termEndsOn = pairing.termEndsOn;
  const earlier = pairing.renewal?.termEndsOn === termEndsOn ? pairing.renewal.answers : {};
  if (earlier[party] === answer) return { pairing, effects: [] };
  const answers = { ...earlier, [party]: answer };
  const at = now.toISOString();
  const answered: Pairing = {
    ...pairing,
    renewal: { termEndsOn, answers },
    history: [...pairing.history, { at, event: 'renewal-answered', party, detail: answer }],
  };
  if (answers.mentor !== 'renew' || answers.mentee !== 'renew') {
    return {
      pairing: answered,
      effects: [{ kind: 'notify-renewal-answer', to: otherParty(party), answer }],
    };
  }
  const until = addMonths(termEndsOn, pairing.expectations.termMonths);
  const { renewal: _renewal, ...rest } = answered;
  return {
    pairing: {
      ...rest,
      termEndsOn: until,
      history: [...answered.history, { at, event: 'renewed', detail: `until ${until}` }],
    },
    effects: [
      { kind: 'plan-meetings' },
      { kind: 'schedule-term-end', on: until },
      { kind: 'notify-renewed', until },
    ],
  };
}

const frequencyOrder: readonly Frequency[] = [
  'weekly',
  'biweekly',
  'monthly',
  'bimonthly',
  'quarterly',
];

/** The next frequency in the direction asked for, or null at the end of the scale. */
export function adjacentFrequency(frequency: Frequency, answer: ReviewAnswer): Frequency | null {
  const at = frequencyOrder.indexOf(frequency);
  const next = answer === 'less-often' ? at + 1 : answer === 'more-often' ? at - 1 : at;
  return frequencyOrder[next] ?? null;
}

/** After every N meetings held: both are asked whether the frequency still suits them. */
export function askReview(pairing: Pairing, round: number, now: Date): Transition {
  if (pairing.status !== 'active' || (pairing.review?.round ?? 0) >= round)
    return { pairing, effects: [] };
  return {
    pairing: {
      ...pairing,
      review: { round, answers: {} },
      history: [
        ...pairing.history,
        { at: now.toISOString(), event: 'review-asked', detail: `round ${round}` },
      ],
    },
    effects: parties.map((to) => ({ kind: 'ask-review', to, round }) as const),
  };
}

/**
 * A review answer. Once both have answered: both "keep" changes nothing; the same wish from both
 * is agreed at once (new summary, new series); one wish against "keep" becomes a change proposed
 * by the one who asked, which the other agrees to or not; opposite wishes reach the administrators.
 */
export function answerReview(
  pairing: Pairing,
  party: Party,
  round: number,
  answer: ReviewAnswer,
  now: Date,
): Transition {
  const review = pairing.review;
  if (!review || review.round !== round)
    throw new LifecycleError('This review question has been replaced by a newer one.');
  if (review.answers[party] !== undefined) return { pairing, effects: [] }; // the first answer stands; a second click changes nothing
  if (pairing.status !== 'active')
    throw new LifecycleError(`A ${pairing.status} relationship is not being reviewed.`);
  const answers = { ...review.answers, [party]: answer };
  const at = now.toISOString();
  const answered: Pairing = {
    ...pairing,
    review: { round, answers },
    history: [
      ...pairing.history,
      { at, event: 'review-answered', party, detail: `round ${round}: ${answer}` },
    ],
  };
  const { mentor, mentee } = answers;
  if (!mentor || !mentee || (mentor === 'keep' && mentee === 'keep'))
    return { pairing: answered, effects: [] };
  const current = pairing.expectations.frequency;
  if (mentor !== 'keep' && mentee !== 'keep' && mentor !== mentee) {
    return {
      pairing: answered,
      effects: [
        {
          kind: 'alert-attention',
          alert: 'review-disagreement',
          detail: `Review ${round}: the mentor would meet ${mentor.replace('-', ' ')}, the mentee ${mentee.replace('-', ' ')}.`,
        },
      ],
    };
  }
  const wish = mentor === 'keep' ? mentee : mentor;
  const frequency = adjacentFrequency(current, wish);
  if (!frequency || pairing.pendingChange) return { pairing: answered, effects: [] };
  const by: Party = mentor === 'keep' ? 'mentee' : 'mentor';
  const proposed = proposeChange(answered, by, { frequency, note: `From review ${round}` }, now);
  // Both asked for the same: the other party's agreement is already given.
  return mentor === mentee
    ? answerChange(
        proposed.pairing,
        otherParty(by),
        proposed.pairing.pendingChange?.version ?? 0,
        true,
        now,
      )
    : proposed;
}
