import { type MentorProfile, parseMentorProfile } from '#domain/mentor-pool';
import { formToMentorInput } from '#domain/pairing-form-input';
import type { ImportProblem } from '#domain/pairing-import-format';
import { readCsvTable } from './csv-table.ts';
import { joinPool, type MatchingDependencies } from './mentor-matching.ts';

/**
 * The pool as CSV, for the program office, both ways: its columns are the mentor profile's fields (lists
 * separated by `;`), the same as the export's, whose extra columns (status, open pairings, last
 * active) are read and ignored, so an exported file imports again. Every row is validated first,
 * against the profile's schema, the other rows and the pool; a file with any error imports
 * nothing. Imported mentors are pending: each confirms from the email, as when joining.
 */
export const poolImportColumns = [
  'name',
  'email',
  'department',
  'careerStage',
  'offers',
  'areas',
  'style',
  'capacity',
  'menteeStages',
  'preferredWeekdays',
  'timeWindow.start',
  'timeWindow.end',
  'timeZone',
  'availability',
] as const;
/** The export's columns: the import's, with the state, the load and the last activity. */
export const poolExportColumns = [
  'name',
  'email',
  'department',
  'careerStage',
  'status',
  'offers',
  'areas',
  'style',
  'capacity',
  'open pairings',
  'menteeStages',
  'preferredWeekdays',
  'timeWindow.start',
  'timeWindow.end',
  'timeZone',
  'availability',
  'last active',
] as const;
const exportOnly = poolExportColumns.filter(
  (c) => !(poolImportColumns as readonly string[]).includes(c),
);

/** One mentor as a line of the export, in `poolExportColumns`' order (lists joined by `;`). */
export function poolCsvRow(p: MentorProfile, load: number): (string | number)[] {
  const cells: Record<(typeof poolExportColumns)[number], string | number> = {
    name: p.name,
    email: p.email,
    department: p.department,
    careerStage: p.careerStage,
    status: p.status,
    offers: p.offers.join(';'),
    areas: p.areas.join(';'),
    style: p.style,
    capacity: p.capacity,
    'open pairings': load,
    menteeStages: p.menteeStages.join(';'),
    preferredWeekdays: p.preferredWeekdays.join(';'),
    'timeWindow.start': p.timeWindow.start,
    'timeWindow.end': p.timeWindow.end,
    timeZone: p.timeZone,
    availability: p.availability,
    'last active': p.lastActiveAt.slice(0, 10),
  };
  return poolExportColumns.map((c) => cells[c]);
}
const listColumns = new Set(['offers', 'areas', 'menteeStages', 'preferredWeekdays']);
export const maxPoolImportRows = 500;

export type PoolImportResult =
  | { kind: 'imported'; created: { row: number; id: string; email: string }[] }
  | { kind: 'rejected'; problems: ImportProblem[] };

export async function importPool(
  deps: MatchingDependencies,
  csv: string,
): Promise<PoolImportResult> {
  const reject = (problems: ImportProblem[]): PoolImportResult => ({ kind: 'rejected', problems });
  const table = readCsvTable(csv, {
    required: poolImportColumns.filter((c) => c !== 'timeZone'),
    allowed: [...poolImportColumns, ...exportOnly],
    maxRows: maxPoolImportRows,
    rowsAre: 'mentors',
  });
  if (!table.ok) return reject(table.problems);
  const { columns, rows } = table;
  const problems: ImportProblem[] = [];

  const stored = new Set((await deps.pool.all()).map((p) => p.email));
  const seen = new Map<string, number>();
  const inputs = rows.map((cells, i) => {
    const row = i + 2;
    const fields = Object.fromEntries(
      columns.map((c, k) => {
        const value = cells[k] ?? '';
        return listColumns.has(c)
          ? [
              c,
              c === 'areas'
                ? value
                    .split(';')
                    .map((v) => v.trim())
                    .filter(Boolean)
                    .join('\n')
                : value
                    .split(';')
                    .map((v) => v.trim())
                    .filter(Boolean),
            ]
          : [c, value];
      }),
    );
    const input = formToMentorInput(fields);
    const parsed = parseMentorProfile(input, deps.hospital);
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.errors))
        problems.push({ row, field, message });
      return input;
    }
    const email = parsed.value.email;
    if (stored.has(email))
      problems.push({ row, field: 'email', message: `${email} is already in the pool` });
    const earlier = seen.get(email);
    if (earlier)
      problems.push({ row, field: 'email', message: `The same address is on row ${earlier}` });
    seen.set(email, row);
    return input;
  });
  if (problems.length > 0) return reject(problems);

  const created: { row: number; id: string; email: string }[] = [];
  for (const [i, input] of inputs.entries()) {
    const joined = await joinPool(deps, input);
    if (joined.kind === 'joined')
      created.push({
        row: i + 2,
        id: joined.profile.id,
        email: joined.profile.email,
      });
  }
  return { kind: 'imported', created };
}
