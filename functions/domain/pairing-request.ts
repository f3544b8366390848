import * as z from 'zod';
import { builtOnce } from '#config/built-once';
import type { HospitalConfig } from '#config/hospital-config';
import { canonicalTimeZone } from '#config/time-zones';
import { addDays, type IsoDate, isIsoDate, weekdays } from './calendar-dates.ts';

/**
 * The pairing request: one zod schema serves the JSON API, the HTML form and `GET /api/schema`.
 * Field names are part of the public API (docs/pairing-and-api.md).
 */

export const frequencies = ['weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly'] as const;
export const formalities = ['casual', 'goal-driven'] as const;
export const careerStages = ['student', 'resident', 'fellow', 'early-attending', 'other'] as const;
export const needKinds = ['skill', 'career', 'moral-support', 'other'] as const;
export const meetingLengths = [30, 45, 60] as const;

export type Frequency = (typeof frequencies)[number];
export type Formality = (typeof formalities)[number];
export type CareerStage = (typeof careerStages)[number];
export type NeedKind = (typeof needKinds)[number];

export const limits = {
  name: 100,
  goal: 300,
  goals: 5,
  mentorAvailability: 500,
  note: 1000,
  email: 254,
  place: 300,
} as const;

/**
 * Control characters (other than tab and line breaks), line/paragraph separators and bidi
 * overrides never belong in what a person typed: they hide text in emails and pages.
 */
const controlCharacters = /(?![\t\n\r])[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether text carries what no person types: control characters (tab and line breaks aside),
 * line and paragraph separators, and the bidirectional overrides that can make text read other
 * than it is stored. Every free-text field refuses it, on every path that stores text.
 */
export function hasControlCharacters(value: string): boolean {
  return controlCharacters.test(value);
}

export function singleLine(label: string, max: number) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((value) => !/[\r\n]/.test(value) && !hasControlCharacters(value), {
      error: `${label} must be a single line of plain text`,
    });
}

export function multiLine(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((value) => !hasControlCharacters(value), {
      error: `${label} contains characters that are not text`,
    });
}

// Built on first use, as every schema here (a function that never reads a form skips the cost).
export const emailAddress = /* @__PURE__ */ builtOnce(() =>
  z
    .string({ error: 'Email is required' })
    .trim()
    .toLowerCase()
    .max(limits.email, { error: `Email must be at most ${limits.email} characters` })
    .pipe(z.email({ error: 'Enter an email address like name@hospital.org' })),
);

export const clockTime = /* @__PURE__ */ builtOnce(() =>
  z
    .string({ error: 'Time is required' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter a time as HH:MM, e.g. 15:00' }),
);

export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** A time zone stored as its IANA primary name (`Asia/Calcutta` → `Asia/Kolkata`). */
export const timeZoneName = /* @__PURE__ */ builtOnce(() =>
  z.string().transform((value, ctx) => {
    const checked = canonicalTimeZone(value);
    if (checked.ok) return checked.zone;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }),
);

/** Everything the rules need from outside the request: the hospital's config and today's date. */
export interface PairingRequestContext {
  hospital: HospitalConfig;
  today: IsoDate;
}

export function pairingRequestSchema({ hospital, today }: PairingRequestContext) {
  const defaults = hospital.programDefaults;
  const allowedDomains = hospital.allowedEmailDomains;
  const partyEmail = emailAddress().refine(
    (email) => allowedDomains.includes(email.split('@')[1] ?? ''),
    { error: `Use an address at ${allowedDomains.join(' or ')}` },
  );
  const latestFirstMeeting = addDays(today, 183);

  return (
    z
      .object({
        mentor: z
          .object({ name: singleLine('Mentor name', limits.name), email: partyEmail })
          .strict(),
        mentee: z
          .object({
            name: singleLine('Mentee name', limits.name),
            email: partyEmail,
            careerStage: z.enum(careerStages, { error: 'Choose the mentee’s career stage' }),
          })
          .strict(),
        needs: z
          .array(
            z.enum(needKinds, { error: 'Choose from skill, career, moral support or other' }),
            {
              error: 'Choose what the mentee is looking for',
            },
          )
          .min(1, { error: 'Choose at least one thing the mentee is looking for' })
          .max(needKinds.length)
          .refine((needs) => new Set(needs).size === needs.length, {
            error: 'Each need only once',
          }),
        goals: z
          .array(singleLine('Goal', limits.goal), { error: 'Give at least one goal' })
          .min(1, { error: 'Give at least one goal' })
          .max(limits.goals, { error: `Give at most ${limits.goals} goals` }),
        frequency: z
          .enum(frequencies, { error: 'Choose how often to meet' })
          .default(defaults.frequency),
        formality: z.enum(formalities, { error: 'Choose casual or goal-driven' }),
        meetingMinutes: z
          .union([z.literal(30), z.literal(45), z.literal(60)], {
            error: 'Meetings last 30, 45 or 60 minutes',
          })
          .default(defaults.meetingMinutes),
        preferredWeekday: z.enum(weekdays, { error: 'Choose a weekday' }),
        timeWindow: z
          .object({ start: clockTime(), end: clockTime() }, { error: 'Give a time window' })
          .strict(),
        timeZone: timeZoneName().default(hospital.timeZone),
        termMonths: z
          .number({ error: 'Term is a number of months' })
          .int({ error: 'Term is a whole number of months' })
          .min(1, { error: 'Term is 1 to 36 months' })
          .max(36, { error: 'Term is 1 to 36 months' })
          .default(defaults.termMonths),
        firstMeetingBy: z
          .string()
          .refine(isIsoDate, { error: 'Enter a date as YYYY-MM-DD' })
          .refine((date) => date >= today, { error: 'The first meeting cannot be in the past' })
          .refine((date) => date <= latestFirstMeeting, {
            error: 'The first meeting should be within 6 months',
          })
          .default(addDays(today, 42)),
        mentorAvailability: multiLine('Availability', limits.mentorAvailability).pipe(
          z.string().min(1, { error: 'Describe the mentor’s availability and contact boundaries' }),
        ),
        note: multiLine('Note', limits.note).optional(),
        place: singleLine('Place', limits.place).optional(),
      })
      .strict()
      // Cross-field rules run even when another field failed (`when`), on whatever parts are
      // valid, so a form shows all its errors in one round: a window shorter than a meeting is
      // reported while a career stage is still unchosen.
      .superRefine(
        (request, ctx) => {
          // With `when`, this also runs on a body that is not an object at all.
          if (typeof request !== 'object' || request === null || Array.isArray(request)) return;
          const parts = request as Partial<typeof request>;
          const email = (party: 'mentor' | 'mentee') => {
            const value = (parts[party] as { email?: unknown } | undefined)?.email;
            return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
          };
          for (const party of ['mentor', 'mentee'] as const) {
            if (email(party) === hospital.senderAddress.toLowerCase()) {
              ctx.addIssue({
                code: 'custom',
                path: [party, 'email'],
                message: 'Use a person’s address, not the program’s own sending address',
              });
            }
          }
          if (email('mentor') && email('mentor') === email('mentee')) {
            ctx.addIssue({
              code: 'custom',
              path: ['mentee', 'email'],
              message: 'Mentor and mentee must be different people',
            });
          }
          const { start, end } = (parts.timeWindow ?? {}) as { start?: unknown; end?: unknown };
          const minutes = parts.meetingMinutes;
          const time = clockTime();
          if (
            time.safeParse(start).success &&
            time.safeParse(end).success &&
            (minutes === 30 || minutes === 45 || minutes === 60)
          ) {
            const window = minutesOf(end as string) - minutesOf(start as string);
            if (window < minutes) {
              ctx.addIssue({
                code: 'custom',
                path: ['timeWindow', 'end'],
                message: `The window must end at least ${minutes} minutes after it starts`,
              });
            }
          }
        },
        { when: () => true },
      )
  );
}

export type PairingRequest = z.output<ReturnType<typeof pairingRequestSchema>>;
export type PairingRequestInput = z.input<ReturnType<typeof pairingRequestSchema>>;

/** One message per field, keyed by the field's dotted path (`mentor.email`, `goals.1`). */
export type FieldErrors = Record<string, string>;

export type ParsedPairingRequest =
  | { ok: true; request: PairingRequest }
  | { ok: false; errors: FieldErrors };

/**
 * The schema for this hospital and day, built once and kept until the day changes: building it
 * cost ~1 ms of CPU for every request (and a 500-row import parses each row twice).
 */
const schemaOfTheDay = new WeakMap<
  HospitalConfig,
  { today: IsoDate; schema: ReturnType<typeof pairingRequestSchema> }
>();
function requestSchemaFor(context: PairingRequestContext) {
  const kept = schemaOfTheDay.get(context.hospital);
  if (kept?.today === context.today) return kept.schema;
  const schema = pairingRequestSchema(context);
  schemaOfTheDay.set(context.hospital, { today: context.today, schema });
  return schema;
}

export function parsePairingRequest(
  input: unknown,
  context: PairingRequestContext,
): ParsedPairingRequest {
  const result = requestSchemaFor(context).safeParse(input);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, errors: zodFieldErrors(result.error.issues, 'a pairing request') };
}

/** One message per field from zod's issues; an unknown field is named as not one of `what`. */
export function zodFieldErrors(issues: readonly z.core.$ZodIssue[], what: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors[[...issue.path, key].join('.')] ??= `is not a field of ${what}`;
      }
      continue;
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The JSON Schema of the request, served at GET /api/schema. */
export function pairingRequestJsonSchema(context: PairingRequestContext): Record<string, unknown> {
  return z.toJSONSchema(pairingRequestSchema(context), {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
