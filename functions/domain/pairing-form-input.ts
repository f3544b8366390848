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

const list = (fields: FormValues, name: string) => [fields[name] ?? []].flat();
const lines = (fields: FormValues, name: string) =>
  (firstValue(fields[name]) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
const text = (fields: FormValues, name: string) => {
  const value = firstValue(fields[name])?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** The mentor pool's join and profile forms, in the JSON API's shape (areas: one per line). */
export function formToMentorInput(fields: FormValues): Record<string, unknown> {
  const capacity = text(fields, 'capacity');
  return {
    name: text(fields, 'name') ?? '',
    email: text(fields, 'email') ?? '',
    department: text(fields, 'department') ?? '',
    careerStage: text(fields, 'careerStage'),
    offers: list(fields, 'offers'),
    areas: lines(fields, 'areas'),
    style: text(fields, 'style'),
    capacity: capacity && /^\d+$/.test(capacity) ? Number(capacity) : capacity,
    menteeStages: list(fields, 'menteeStages'),
    preferredWeekdays: list(fields, 'preferredWeekdays'),
    timeWindow: {
      start: text(fields, 'timeWindow.start') ?? '',
      end: text(fields, 'timeWindow.end') ?? '',
    },
    timeZone: text(fields, 'timeZone'),
    availability: text(fields, 'availability') ?? '',
  };
}

/** The mentee's request form, in the JSON API's shape. */
export function formToRequestInput(fields: FormValues): Record<string, unknown> {
  return {
    mentee: {
      name: text(fields, 'mentee.name') ?? '',
      email: text(fields, 'mentee.email') ?? '',
      careerStage: text(fields, 'mentee.careerStage'),
    },
    needs: list(fields, 'needs'),
    goals: list(fields, 'goals')
      .map((g) => g.trim())
      .filter((g) => g !== ''),
    areas: lines(fields, 'areas'),
    style: text(fields, 'style'),
    frequency: text(fields, 'frequency'),
    preferredWeekdays: list(fields, 'preferredWeekdays'),
    timeWindow: {
      start: text(fields, 'timeWindow.start') ?? '',
      end: text(fields, 'timeWindow.end') ?? '',
    },
    timeZone: text(fields, 'timeZone'),
  };
}

/** A stored profile as the profile form's values. */
export function mentorFormValues(
  profile: object & {
    areas: string[];
    timeWindow: { start: string; end: string };
  },
): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(profile as Record<string, unknown>)) {
    if (typeof value === 'string') values[key] = value;
    else if (typeof value === 'number') values[key] = String(value);
    else if (Array.isArray(value)) values[key] = value.map(String);
  }
  values.areas = profile.areas.join('\n');
  values['timeWindow.start'] = profile.timeWindow.start;
  values['timeWindow.end'] = profile.timeWindow.end;
  return values;
}
