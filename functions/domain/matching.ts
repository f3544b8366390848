import { stemmer } from 'stemmer';
import { eng, removeStopwords } from 'stopword';
import {
  addDays,
  type DateFormat,
  dateInZone,
  formatIn,
  mondayOf,
  type Weekday,
  zonedInstant,
} from './calendar-dates.ts';
import type { MenteeRequestInput, MentorProfile, Suggestion } from './mentor-pool.ts';
import type { NeedKind } from './pairing-request.ts';

/*
 * The fit between a mentee's request and a listed mentor (issue 17): deterministic, and every
 * reason shown is a fact about the pair. The rules come from the program's own advice to mentors:
 * guide in the area you know, say your style and availability, acknowledge when you are not the
 * right person (then you are passed over for that request), and only take someone on when it is
 * the right time (a mentor at capacity or stepped out is never suggested).
 */

export const suggestionLimit = 5;

const offerWords: Record<NeedKind, string> = {
  skill: 'skill building',
  career: 'career guidance',
  'moral-support': 'moral support',
  other: 'other support',
};

/** Points per reason (documented in docs/matching.md). */
export const points = {
  need: 3,
  area: 2,
  sameStyle: 2,
  eitherStyle: 1,
  day: 2,
} as const;

/**
 * The stems of a phrase's words, stop words left out: "Critical care fellowships" and "critical
 * care fellowship" share {critic, care, fellowship}. Porter's stemmer (stemmer) and the stopword
 * package's English list do the language work.
 */
export function stems(phrase: string): Set<string> {
  const words = phrase
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3);
  return new Set(removeStopwords(words, eng).map((w) => stemmer(w)));
}

/** The mentor's area phrases that share a word with any of the mentee's. */
export function sharedAreas(
  menteeAreas: readonly string[],
  mentorAreas: readonly string[],
): string[] {
  const wanted = new Set(menteeAreas.flatMap((a) => [...stems(a)]));
  return mentorAreas.filter((area) => [...stems(area)].some((s) => wanted.has(s)));
}

const dayNames: Record<Weekday, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

// A pool shares a few zones and windows: each local time is turned into an instant once.
const instants = new Map<string, number>();

/** A window's start and end in UTC minutes of the week of `reference`, on that weekday. */
function utcMinutes(
  day: Weekday,
  window: { start: string; end: string },
  zone: string,
  reference: string,
) {
  const monday = mondayOf(dateInZone(new Date(reference), zone));
  const date = addDays(monday, Object.keys(dayNames).indexOf(day));
  const at = (time: string) => {
    const key = `${zone} ${date} ${time}`;
    let minutes = instants.get(key);
    if (minutes === undefined) {
      if (instants.size > 10_000) instants.clear();
      minutes = zonedInstant(date, time, zone).getTime() / 60_000;
      instants.set(key, minutes);
    }
    return minutes;
  };
  return { start: at(window.start), end: at(window.end) };
}

const hoursAndMinutes: DateFormat = {
  locale: 'en-GB',
  options: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

/**
 * The weekdays both prefer on which their windows overlap by at least 30 minutes (each window in
 * its own zone, on the week of `reference`), with the overlap's start in the mentee's time.
 */
export function sharedTimes(
  request: Pick<MenteeRequestInput, 'preferredWeekdays' | 'timeWindow' | 'timeZone'>,
  mentor: Pick<MentorProfile, 'preferredWeekdays' | 'timeWindow' | 'timeZone'>,
  reference: string,
): { day: Weekday; startsAt: string }[] {
  const out: { day: Weekday; startsAt: string }[] = [];
  for (const day of request.preferredWeekdays) {
    if (!mentor.preferredWeekdays.includes(day)) continue;
    const a = utcMinutes(day, request.timeWindow, request.timeZone, reference);
    const b = utcMinutes(day, mentor.timeWindow, mentor.timeZone, reference);
    const start = Math.max(a.start, b.start);
    if (Math.min(a.end, b.end) - start < 30) continue;
    out.push({ day, startsAt: formatIn(hoursAndMinutes, request.timeZone).format(start * 60_000) });
  }
  return out;
}

function partOfDay(time: string): string {
  const hour = Number(time.slice(0, 2));
  return hour < 12 ? 'mornings' : hour < 17 ? 'afternoons' : 'evenings';
}

/** Why a mentor excluded from a request is never suggested; null when they may be. */
export function exclusion(
  request: Pick<MenteeRequestInput, 'mentee'>,
  mentor: MentorProfile,
  facts: { load: number; openWithMentee: boolean; passedOver: boolean },
): string | null {
  if (mentor.status === 'pending') return 'has not confirmed the listing';
  if (mentor.status === 'stepped-out') return 'stepped out: not the right time';
  if (mentor.email === request.mentee.email) return 'is the mentee';
  if (!mentor.menteeStages.includes(request.mentee.careerStage))
    return `does not take ${request.mentee.careerStage} mentees`;
  if (facts.passedOver) return 'said they are not the right person for this request';
  if (facts.openWithMentee) return 'already has an open pairing with this mentee';
  if (facts.load >= mentor.capacity) return 'is at capacity';
  return null;
}

/** The score and the reasons of one pair, load left aside (it only breaks ties). */
export function pairFit(
  request: MenteeRequestInput,
  mentor: Pick<
    MentorProfile,
    'offers' | 'areas' | 'style' | 'preferredWeekdays' | 'timeWindow' | 'timeZone'
  >,
  reference: string,
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  for (const need of request.needs)
    if (mentor.offers.includes(need)) {
      score += points.need;
      reasons.push(`offers ${offerWords[need]}, which you asked for`);
    }
  for (const area of sharedAreas(request.areas, mentor.areas).slice(0, 3)) {
    score += points.area;
    reasons.push(`also interested in ${area}`);
  }
  if (request.style !== 'either' && mentor.style === request.style) {
    score += points.sameStyle;
    reasons.push(`prefers ${request.style} meetings, like you`);
  } else if (mentor.style === 'either') {
    score += points.eitherStyle;
    reasons.push('happy with casual or goal-driven meetings');
  }
  for (const { day, startsAt } of sharedTimes(request, mentor, reference).slice(0, 2)) {
    score += points.day;
    reasons.push(`free on ${dayNames[day]} ${partOfDay(startsAt)}, in your window`);
  }
  return { score, reasons };
}

export interface Candidate {
  profile: MentorProfile;
  score: number;
  reasons: string[];
}

/** Best first: score, then the lower load (work spreads), then name and id (deterministic). */
export function byFit(load: (c: Candidate) => number) {
  return (a: Candidate, b: Candidate) =>
    b.score - a.score ||
    load(a) - load(b) ||
    a.profile.name.localeCompare(b.profile.name) ||
    a.profile.id.localeCompare(b.profile.id);
}

/** A mentor's fit with a request, for a ranking made once (suggestFrom). */
export function candidates(
  request: MenteeRequestInput,
  mentors: readonly MentorProfile[],
  reference: string,
): Candidate[] {
  return mentors.map((profile) => ({ profile, ...pairFit(request, profile, reference) }));
}

type Facts = (mentor: MentorProfile) => {
  load: number;
  openWithMentee: boolean;
  passedOver: boolean;
};

/**
 * The suggestions among candidates whose fit is known, with the facts about each one (load, an
 * open pairing with this mentee, passed over): the excluded never appear; at most five, best
 * first; each with its reasons and, last, the room the mentor has.
 */
export function suggestFrom(
  request: MenteeRequestInput,
  ranked: readonly Candidate[],
  facts: Facts,
  limit = suggestionLimit,
): Suggestion[] {
  const loads = new Map<string, number>();
  const eligible = ranked.filter((c) => {
    const f = facts(c.profile);
    loads.set(c.profile.id, f.load);
    return exclusion(request, c.profile, f) === null;
  });
  return [...eligible]
    .sort(byFit((c) => loads.get(c.profile.id) ?? 0))
    .slice(0, limit)
    .map((c) => {
      const room = c.profile.capacity - (loads.get(c.profile.id) ?? 0);
      return {
        mentorId: c.profile.id,
        name: c.profile.name,
        score: c.score,
        reasons: [...c.reasons, `has room for ${room} more ${room === 1 ? 'mentee' : 'mentees'}`],
      };
    });
}

/** The suggestions for a request from every listed mentor (suggestFrom over all of them). */
export function suggest(
  request: MenteeRequestInput,
  mentors: readonly MentorProfile[],
  facts: Facts,
  reference: string,
  limit = suggestionLimit,
): Suggestion[] {
  return suggestFrom(request, candidates(request, mentors, reference), facts, limit);
}
