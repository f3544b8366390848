/** Form-like values: one string per field, or several for a repeated field. */
export type FormValues = Record<string, string | string[]>;

const firstValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

/** Turns the HTML form's fields into the JSON API's shape, so both go through one schema. */
export function formToPairingInput(fields: FormValues): Record<string, unknown> {
  const text = (name: string) => {
    const value = firstValue(fields[name])?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const number = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : value;
  };
  return {
    mentor: { name: text('mentor.name') ?? '', email: text('mentor.email') ?? '' },
    mentee: {
      name: text('mentee.name') ?? '',
      email: text('mentee.email') ?? '',
      careerStage: text('mentee.careerStage'),
    },
    needs: [fields.needs ?? []].flat(),
    goals: [fields.goals ?? []]
      .flat()
      .map((g) => g.trim())
      .filter((g) => g !== ''),
    frequency: text('frequency'),
    formality: text('formality'),
    meetingMinutes: number('meetingMinutes'),
    preferredWeekday: text('preferredWeekday'),
    timeWindow: { start: text('timeWindow.start') ?? '', end: text('timeWindow.end') ?? '' },
    timeZone: text('timeZone'),
    termMonths: number('termMonths'),
    firstMeetingBy: text('firstMeetingBy'),
    mentorAvailability: text('mentorAvailability') ?? '',
    note: text('note'),
    place: text('place'),
  };
}
