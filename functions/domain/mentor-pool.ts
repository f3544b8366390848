import * as z from 'zod';
import type { HospitalConfig } from '#config/hospital-config';
import { type Weekday, weekdays } from './calendar-dates.ts';
import {
  type CareerStage,
  careerStages,
  clockTime,
  emailAddress,
  type FieldErrors,
  type Frequency,
  frequencies,
  limits,
  minutesOf,
  multiLine,
  type NeedKind,
  needKinds,
  singleLine,
  timeZoneName,
  zodFieldErrors,
} from './pairing-request.ts';

/*
 * The mentor pool (issue 17): mentors list themselves with what they offer, in which areas, in
 * which style, for how many mentees and when; mentees ask with what they need. One zod schema per
 * request serves the JSON API, the HTML form and the JSON Schema (`GET /api/schema/mentor`,
 * `GET /api/schema/request`).
 */

export const mentorStages = [
  'fellow',
  'early-attending',
  'attending',
  'senior-attending',
  'other',
] as const;
export type MentorStage = (typeof mentorStages)[number];
export const mentorStyles = ['casual', 'goal-driven', 'either'] as const;
export type MentorStyle = (typeof mentorStyles)[number];

export const poolLimits = { areas: 10, area: 80, department: 100, capacity: 10 } as const;

/** pending: joined, not yet confirmed from the email; listed: suggested; stepped-out: not now. */
export type MentorStatus = 'pending' | 'listed' | 'stepped-out';

export interface MentorProfileInput {
  name: string;
  email: string;
  department: string;
  careerStage: MentorStage;
  offers: NeedKind[];
  areas: string[];
  style: MentorStyle;
  capacity: number;
  menteeStages: CareerStage[];
  preferredWeekdays: Weekday[];
  timeWindow: { start: string; end: string };
  timeZone: string;
  availability: string;
}

export interface MentorProfile extends MentorProfileInput {
  id: string;
  status: MentorStatus;
  createdAt: string;
  confirmedAt?: string;
  /** The last time the mentor joined, confirmed, edited, stepped out or back in. */
  lastActiveAt: string;
  /** Raised with every change: a change saved against a stale read is refused. */
  revision: number;
}

export interface MenteeRequestInput {
  mentee: { name: string; email: string; careerStage: CareerStage };
  needs: NeedKind[];
  goals: string[];
  areas: string[];
  style: MentorStyle;
  frequency: Frequency;
  preferredWeekdays: Weekday[];
  timeWindow: { start: string; end: string };
  timeZone: string;
}

export interface Suggestion {
  mentorId: string;
  name: string;
  score: number;
  reasons: string[];
}

/**
 * A mentee's request: its suggestions as they were made, the mentors passed over (who said "I'm
 * not the right person for what they need"), and the pairing proposed from it.
 */
export interface MenteeRequest extends MenteeRequestInput {
  id: string;
  createdAt: string;
  status: 'open' | 'proposed';
  suggestions: Suggestion[];
  passedOver: string[];
  /** The pairing proposed from this request, and its mentor. */
  proposed?: { pairingId: string; mentorId: string; at: string };
  revision: number;
}

function uniqueList<T extends string>(values: readonly [T, ...T[]], what: string, least = 1) {
  return z
    .array(z.enum(values, { error: `Choose from ${values.join(', ')}` }), {
      error: `Choose ${what}`,
    })
    .min(least, { error: `Choose at least one ${what}` })
    .max(values.length)
    .refine((list) => new Set(list).size === list.length, { error: 'Each only once' });
}

function window() {
  return z
    .object({ start: clockTime(), end: clockTime() }, { error: 'Give a time window' })
    .strict()
    .refine((w) => minutesOf(w.end) - minutesOf(w.start) >= 30, {
      error: 'The window must end at least 30 minutes after it starts',
      path: ['end'],
    });
}

function areaList(least: number) {
  return z
    .array(singleLine('Area', poolLimits.area), { error: 'Give the areas in your own words' })
    .min(least, { error: 'Give at least one area' })
    .max(poolLimits.areas, { error: `Give at most ${poolLimits.areas} areas` });
}

function hospitalEmail(hospital: HospitalConfig) {
  const allowed = hospital.allowedEmailDomains;
  return emailAddress()
    .refine((email) => allowed.includes(email.split('@')[1] ?? ''), {
      error: `Use an address at ${allowed.join(' or ')}`,
    })
    .refine((email) => email !== hospital.senderAddress.toLowerCase(), {
      error: 'Use a person’s address, not the program’s own sending address',
    });
}

export function mentorProfileSchema(hospital: HospitalConfig) {
  return z
    .object({
      name: singleLine('Name', limits.name),
      email: hospitalEmail(hospital),
      department: singleLine('Department', poolLimits.department),
      careerStage: z.enum(mentorStages, { error: 'Choose your career stage' }),
      offers: uniqueList(needKinds, 'what you offer'),
      areas: areaList(1),
      style: z.enum(mentorStyles, { error: 'Choose casual, goal-driven or either' }),
      capacity: z
        .number({ error: 'Capacity is a number of mentees' })
        .int({ error: 'Capacity is a whole number' })
        .min(1, { error: 'Capacity is 1 to 10 mentees' })
        .max(poolLimits.capacity, { error: 'Capacity is 1 to 10 mentees' }),
      menteeStages: uniqueList(careerStages, 'the career stages you will mentor'),
      preferredWeekdays: uniqueList(weekdays, 'a weekday'),
      timeWindow: window(),
      timeZone: timeZoneName().default(hospital.timeZone),
      availability: multiLine('Availability', limits.mentorAvailability).pipe(
        z.string().min(1, { error: 'Describe your availability and contact boundaries' }),
      ),
    })
    .strict();
}

export function menteeRequestSchema(hospital: HospitalConfig) {
  return z
    .object({
      mentee: z
        .object({
          name: singleLine('Name', limits.name),
          email: hospitalEmail(hospital),
          careerStage: z.enum(careerStages, { error: 'Choose your career stage' }),
        })
        .strict(),
      needs: uniqueList(needKinds, 'what you are looking for'),
      goals: z
        .array(singleLine('Goal', limits.goal), { error: 'Give at least one goal' })
        .min(1, { error: 'Give at least one goal' })
        .max(limits.goals, { error: `Give at most ${limits.goals} goals` }),
      areas: areaList(0).default([]),
      style: z.enum(mentorStyles, { error: 'Choose casual, goal-driven or either' }),
      frequency: z
        .enum(frequencies, { error: 'Choose how often to meet' })
        .default(hospital.programDefaults.frequency),
      preferredWeekdays: uniqueList(weekdays, 'a weekday'),
      timeWindow: window(),
      timeZone: timeZoneName().default(hospital.timeZone),
    })
    .strict();
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function parseMentorProfile(
  input: unknown,
  hospital: HospitalConfig,
): Parsed<MentorProfileInput> {
  const result = mentorProfileSchema(hospital).safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodFieldErrors(result.error.issues, 'a mentor profile') };
}

export function parseMenteeRequest(
  input: unknown,
  hospital: HospitalConfig,
): Parsed<MenteeRequestInput> {
  const result = menteeRequestSchema(hospital).safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodFieldErrors(result.error.issues, 'a mentee’s request') };
}

export function mentorProfileJsonSchema(hospital: HospitalConfig): Record<string, unknown> {
  return z.toJSONSchema(mentorProfileSchema(hospital), {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

export function menteeRequestJsonSchema(hospital: HospitalConfig): Record<string, unknown> {
  return z.toJSONSchema(menteeRequestSchema(hospital), {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

/** Port: the pool's profiles and the mentees' requests. */
export interface MentorPoolStore {
  /** Stores a new pending profile; 'exists' (with its id) when that address already has one. */
  join(profile: MentorProfile): Promise<{ outcome: 'joined' } | { outcome: 'exists'; id: string }>;
  get(id: string): Promise<MentorProfile | null>;
  /** Saves a changed profile (listed ones are in the pool's partition too); 'conflict' if stale. */
  save(profile: MentorProfile, expectedRevision: number): Promise<'saved' | 'conflict'>;
  /** Every listed mentor: one Query of the pool's partition, never a Scan. */
  listed(): Promise<MentorProfile[]>;
  /** Every profile (the administrators' pool page and its CSV). */
  all(): Promise<MentorProfile[]>;
  /** Open pairings per mentor address, however they were made (the pairings' own count). */
  loads(emails: readonly string[]): Promise<Map<string, number>>;
  /** Which of these mentors already have an open pairing with this mentee. */
  openWith(menteeEmail: string, mentorEmails: readonly string[]): Promise<Set<string>>;
  saveRequest(
    request: MenteeRequest,
    expectedRevision: number | null,
  ): Promise<'saved' | 'conflict'>;
  getRequest(id: string): Promise<MenteeRequest | null>;
  /** The request a pairing was proposed from, if any. */
  requestOfPairing(pairingId: string): Promise<string | null>;
  /** The requests, newest first (the administrators' page). */
  requests(): Promise<MenteeRequest[]>;
}
