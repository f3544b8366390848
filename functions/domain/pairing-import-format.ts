/** The CSV an administrator imports: its columns (the form's field names), and what is wrong with a row. */
export const importColumns = [
  'mentor.name',
  'mentor.email',
  'mentee.name',
  'mentee.email',
  'mentee.careerStage',
  'needs',
  'goals',
  'frequency',
  'formality',
  'meetingMinutes',
  'preferredWeekday',
  'timeWindow.start',
  'timeWindow.end',
  'timeZone',
  'termMonths',
  'firstMeetingBy',
  'mentorAvailability',
  'note',
  'place',
] as const;

/** One problem of one row (row 1 is the header line), as the import page lists it. */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}
