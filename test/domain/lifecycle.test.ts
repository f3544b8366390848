import { describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar-dates';
import {
  answerRenewal,
  answerReview,
  askReview,
  conclude,
  LifecycleError,
  type Pairing,
  pause,
  type ReviewAnswer,
  renewalOpen,
  resume,
} from '#domain/pairing';
import { testHospital } from '../../support/integration.ts';
import { agreedPairing } from '../../support/pairing-fixtures.ts';

const now = new Date('2027-03-01T14:00:00Z');
const day = 86_400_000;

/** A pairing both agreed to on 1 March 2027 (monthly, 12 months, Tuesdays, America/Chicago). */
const active = (overrides: Record<string, unknown> = {}): Pairing =>
  agreedPairing({ hospital: testHospital, now, overrides });

/** Round 1 of the review answered by the mentor, then by the mentee. */
const bothAnswer = (pairing: Pairing, mentor: ReviewAnswer, mentee: ReviewAnswer) =>
  answerReview(answerReview(pairing, 'mentor', 1, mentor, now).pairing, 'mentee', 1, mentee, now);

const kinds = (t: { effects: { kind: string }[] }) => t.effects.map((e) => e.kind);
const refused = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return error instanceof LifecycleError;
  }
  return false;
};

describe('pause, resume, end', () => {
  it('pauses an active pairing: future meetings cancelled, both told, a resume scheduled for a date', () => {
    const paused = pause(active(), 'mentee', '2027-05-03', now);
    expect(paused.pairing).toMatchObject({ status: 'paused', pausedUntil: '2027-05-03' });
    expect(kinds(paused)).toEqual(['cancel-future-meetings', 'notify-paused', 'schedule-resume']);
    expect(paused.pairing.history.at(-1)).toMatchObject({ event: 'paused', party: 'mentee' });
    // Pausing again changes nothing; a pairing that is not running cannot be paused.
    expect(pause(paused.pairing, 'mentor', undefined, now)).toEqual({
      pairing: paused.pairing,
      effects: [],
    });
    const ended = conclude(active(), 'program', 'goals-met', undefined, false, now).pairing;
    expect(refused(() => pause(ended, 'mentor', undefined, now))).toBe(true);
  });

  it('resumes with a new series three days on, at the preferred weekday, with new meeting numbers', () => {
    const paused = pause(active(), 'mentor', undefined, now).pairing;
    const resumed = resume(paused, 'program', new Date(now.getTime() + 20 * day));
    expect(resumed.pairing.status).toBe('active');
    expect(resumed.pairing.pausedUntil).toBeUndefined();
    // 21 March 2027 is a Sunday: three days on is Wednesday 24th, the next Tuesday the 30th.
    expect(resumed.pairing.series).toEqual({
      generation: 1,
      startsOn: '2027-03-30',
      firstIndex: 1000,
    });
    expect(kinds(resumed)).toEqual(['plan-meetings', 'notify-resumed']);
    expect(resume(resumed.pairing, 'mentee', now).effects).toEqual([]);
    const ended = conclude(active(), 'program', 'goals-met', undefined, false, now).pairing;
    expect(refused(() => resume(ended, 'mentor', now))).toBe(true);
  });

  it('ends a running pairing once: cancels, a closing email to each, the pair freed, a new mentor asked for', () => {
    const ended = conclude(active(), 'mentor', 'mentor-stepped-back', 'Moving away', true, now);
    expect(ended.pairing).toMatchObject({
      status: 'concluded',
      closeReason: 'mentor-stepped-back',
      closeNote: 'Moving away',
      closedAt: now.toISOString(),
    });
    expect(kinds(ended)).toEqual([
      'cancel-future-meetings',
      'send-closing',
      'send-closing',
      'release-open-pairing',
      'ask-new-mentor',
    ]);
    expect(conclude(ended.pairing, 'mentee', 'goals-met', undefined, false, now).effects).toEqual(
      [],
    );
  });
});

describe('renewal', () => {
  it('is open only in the last 30 days of a running term', () => {
    const pairing = active();
    const termEnd = new Date(`${pairing.termEndsOn}T18:00:00Z`);
    expect(renewalOpen(pairing, new Date(termEnd.getTime() - 31 * day))).toBe(false);
    expect(renewalOpen(pairing, new Date(termEnd.getTime() - 29 * day))).toBe(true);
    expect(refused(() => answerRenewal(pairing, 'mentor', 'renew', now))).toBe(true);
  });

  it('renews only when both say renew; then the term grows by its length and meetings are planned', () => {
    const pairing = active();
    const inWindow = new Date(`${addDays(pairing.termEndsOn!, -10)}T12:00:00Z`);
    const one = answerRenewal(pairing, 'mentor', 'renew', inWindow);
    expect(one.pairing.termEndsOn).toBe(pairing.termEndsOn);
    expect(kinds(one)).toEqual(['notify-renewal-answer']);
    const both = answerRenewal(one.pairing, 'mentee', 'renew', inWindow);
    expect(both.pairing.termEndsOn).toBe('2029-03-01');
    expect(both.pairing.renewal).toBeUndefined();
    expect(kinds(both)).toEqual(['plan-meetings', 'schedule-term-end', 'notify-renewed']);
    // One "let it end" stands: no renewal.
    const letEnd = answerRenewal(one.pairing, 'mentee', 'end', inWindow);
    expect(letEnd.pairing.termEndsOn).toBe(pairing.termEndsOn);
    expect(kinds(letEnd)).toEqual(['notify-renewal-answer']);
  });
});

describe('review of the frequency', () => {
  it('asks both once per round; keep/keep changes nothing', () => {
    const asked = askReview(active(), 1, now);
    expect(kinds(asked)).toEqual(['ask-review', 'ask-review']);
    expect(askReview(asked.pairing, 1, now).effects).toEqual([]);
    const keep = answerReview(asked.pairing, 'mentor', 1, 'keep', now);
    const both = answerReview(keep.pairing, 'mentee', 1, 'keep', now);
    expect(both.effects).toEqual([]);
    expect(both.pairing.expectations.frequency).toBe('monthly');
  });

  it('agrees at once when both want the same, proposes when one does, alerts when they disagree', () => {
    const asked = askReview(active(), 1, now).pairing;
    const same = bothAnswer(asked, 'more-often', 'more-often');
    expect(same.pairing.expectations.frequency).toBe('biweekly');
    const one = bothAnswer(asked, 'keep', 'less-often');
    expect(one.pairing.pendingChange).toMatchObject({
      by: 'mentee',
      change: { frequency: 'bimonthly' },
    });
    expect(one.pairing.expectations.frequency).toBe('monthly');
    const opposite = bothAnswer(asked, 'more-often', 'less-often');
    expect(opposite.effects).toEqual([expect.objectContaining({ kind: 'alert-attention' })]);
    // An answer to an older round is refused; a second answer by the same person changes nothing.
    expect(refused(() => answerReview(asked, 'mentor', 2, 'keep', now))).toBe(true);
    const first = answerReview(asked, 'mentor', 1, 'keep', now).pairing;
    expect(answerReview(first, 'mentor', 1, 'less-often', now).effects).toEqual([]);
  });
});
