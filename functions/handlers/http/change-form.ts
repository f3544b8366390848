import { parseSuggestedChange } from '#domain/suggested-change';
import { firstValue } from './http-io.ts';

/** A suggested change as the agreement and relationship pages post it, checked by the domain's rules. */
export function suggestedChangeFromForm(fields: Record<string, string | string[]>) {
  const minutes = firstValue(fields.meetingMinutes);
  return parseSuggestedChange({
    frequency: firstValue(fields.frequency),
    formality: firstValue(fields.formality),
    meetingMinutes: minutes && /^\d+$/.test(minutes) ? Number(minutes) : minutes,
    timeWindow: {
      start: firstValue(fields['timeWindow.start']),
      end: firstValue(fields['timeWindow.end']),
    },
    place: firstValue(fields.place) || undefined,
    note: firstValue(fields.note) || undefined,
  });
}
