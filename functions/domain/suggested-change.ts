import * as z from 'zod';
import { builtOnce } from '#config/built-once';
import type { SuggestedChange } from './pairing.ts';
import { formalities, frequencies, hasControlCharacters, limits } from './pairing-request.ts';

/** A party's suggested change, from the agreement page; the same rules as the pairing request. */
const suggestedChangeSchema = /* @__PURE__ */ builtOnce(() => {
  const clockTime = z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter a time as HH:MM' });
  return z
    .object({
      frequency: z.enum(frequencies, { error: 'Choose how often to meet' }),
      formality: z.enum(formalities, { error: 'Choose casual or goal-driven' }),
      meetingMinutes: z.union([z.literal(30), z.literal(45), z.literal(60)], {
        error: 'Meetings last 30, 45 or 60 minutes',
      }),
      timeWindow: z.object({ start: clockTime, end: clockTime }),
      place: z
        .string()
        .trim()
        .max(limits.place, { error: `Keep the place under ${limits.place} characters` })
        .refine((value) => !/[\r\n]/.test(value), { error: 'The place is a single line' })
        .refine((value) => !hasControlCharacters(value), {
          error: 'The place contains characters that are not text',
        })
        .optional(),
      note: z
        .string()
        .trim()
        .max(limits.note, { error: `Keep the note under ${limits.note} characters` })
        .refine((value) => !hasControlCharacters(value), {
          error: 'The note contains characters that are not text',
        })
        .optional(),
    })
    .superRefine((change, ctx) => {
      const [sh, sm] = change.timeWindow.start.split(':').map(Number) as [number, number];
      const [eh, em] = change.timeWindow.end.split(':').map(Number) as [number, number];
      if (eh * 60 + em - (sh * 60 + sm) < change.meetingMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['timeWindow', 'end'],
          message: `The window must end at least ${change.meetingMinutes} minutes after it starts`,
        });
      }
    });
});

export function parseSuggestedChange(
  input: unknown,
): { ok: true; change: SuggestedChange } | { ok: false; message: string } {
  const result = suggestedChangeSchema().safeParse(input);
  if (!result.success)
    return { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
  const { note, place, ...rest } = result.data;
  // An empty place leaves the place as it is.
  return { ok: true, change: { ...rest, ...(place ? { place } : {}), ...(note ? { note } : {}) } };
}

export const declineReasonSchema = /* @__PURE__ */ builtOnce(() =>
  z
    .string({ error: 'Say briefly why, so the program office can help' })
    .trim()
    .min(1, { error: 'Say briefly why, so the program office can help' })
    .max(limits.note, { error: `Keep the reason under ${limits.note} characters` })
    .refine((value) => !hasControlCharacters(value), {
      error: 'The reason contains characters that are not text',
    }),
);
