/** Form-like values: one string per field, or several for a repeated field. */
export type FormValues = Record<string, string | string[]>;

const firstValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

/** A one-line field's value, trimmed; absent when empty. */
const text = (fields: FormValues, name: string) => {
  const value = firstValue(fields[name])?.trim();
  return value === undefined || value === '' ? undefined : value;
};
/** A number field as a number when it is one (else as typed, for the schema to refuse). */
const number = (fields: FormValues, name: string) => {
  const value = text(fields, name);
  return value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : value;
};
/** A repeated field (checkboxes), as a list. */
const list = (fields: FormValues, name: string) => [fields[name] ?? []].flat();
/** A textarea with one entry per line, empty lines left out. */
const lines = (fields: FormValues, name: string) =>
  (firstValue(fields[name]) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
/** Repeated single-line fields (goals), empty ones left out. */
const entries = (fields: FormValues, name: string) =>
  list(fields, name)
    .map((g) => g.trim())
    .filter((g) => g !== '');
const timeWindow = (fields: FormValues) => ({
  start: text(fields, 'timeWindow.start') ?? '',
  end: text(fields, 'timeWindow.end') ?? '',
});

/** Turns the HTML form's fields into the JSON API's shape, so both go through one schema. */
export function formToPairingInput(fields: FormValues): Record<string, unknown> {
  return {
    mentor: { name: text(fields, 'mentor.name') ?? '', email: text(fields, 'mentor.email') ?? '' },
    mentee: {
      name: text(fields, 'mentee.name') ?? '',
      email: text(fields, 'mentee.email') ?? '',
      careerStage: text(fields, 'mentee.careerStage'),
    },
    needs: list(fields, 'needs'),
    goals: entries(fields, 'goals'),
    frequency: text(fields, 'frequency'),
    formality: text(fields, 'formality'),
    meetingMinutes: number(fields, 'meetingMinutes'),
    preferredWeekday: text(fields, 'preferredWeekday'),
    timeWindow: timeWindow(fields),
    timeZone: text(fields, 'timeZone'),
    termMonths: number(fields, 'termMonths'),
    firstMeetingBy: text(fields, 'firstMeetingBy'),
    mentorAvailability: text(fields, 'mentorAvailability') ?? '',
    note: text(fields, 'note'),
    place: text(fields, 'place'),
  };
}

/** The mentor pool's join and profile forms, in the JSON API's shape (areas: one per line). */
export function formToMentorInput(fields: FormValues): Record<string, unknown> {
  return {
    name: text(fields, 'name') ?? '',
    email: text(fields, 'email') ?? '',
    department: text(fields, 'department') ?? '',
    careerStage: text(fields, 'careerStage'),
    offers: list(fields, 'offers'),
    areas: lines(fields, 'areas'),
    style: text(fields, 'style'),
    capacity: number(fields, 'capacity'),
    menteeStages: list(fields, 'menteeStages'),
    preferredWeekdays: list(fields, 'preferredWeekdays'),
    timeWindow: timeWindow(fields),
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
    goals: entries(fields, 'goals'),
    areas: lines(fields, 'areas'),
    style: text(fields, 'style'),
    frequency: text(fields, 'frequency'),
    preferredWeekdays: list(fields, 'preferredWeekdays'),
    timeWindow: timeWindow(fields),
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
