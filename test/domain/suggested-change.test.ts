import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declineReasonSchema, parseSuggestedChange } from '#domain/suggested-change';

const change = {
  frequency: 'monthly',
  formality: 'goal-driven',
  meetingMinutes: 60,
  timeWindow: { start: '15:00', end: '17:00' },
};

// What no person types: C0/C1 controls (tab and line breaks aside), separators, bidi overrides.
const notText = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202e',
  '\u2066',
);

describe('a suggested change, as the pairing request’s rules have it', () => {
  it('refuses a place, a note or a decline reason carrying characters that are not text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        notText,
        fc.string({ maxLength: 40 }),
        (a, c, b) => {
          const text = `x${a}${c}${b}x`; // inside the text: trimming removes a separator at an end
          const place = parseSuggestedChange({ ...change, place: text.replace(/[\r\n]/g, ' ') });
          expect(place).toMatchObject({ ok: false });
          const note = parseSuggestedChange({ ...change, note: text });
          expect(note).toEqual({
            ok: false,
            message: 'The note contains characters that are not text',
          });
          expect(declineReasonSchema().safeParse(`Busy ${text}`).success).toBe(false);
        },
      ),
    );
  });

  it('takes plain text, tabs and line breaks in a note, and an empty place as no change', () => {
    expect(
      parseSuggestedChange({ ...change, place: '  ', note: 'Tuesdays suit me.\n\tThanks — Ada' }),
    ).toEqual({ ok: true, change: { ...change, note: 'Tuesdays suit me.\n\tThanks — Ada' } });
    expect(parseSuggestedChange({ ...change, place: 'Café Müller, 2nd floor' })).toMatchObject({
      ok: true,
      change: { place: 'Café Müller, 2nd floor' },
    });
  });
});
