import { createHash } from 'node:crypto';
import { dateInZone } from '#domain/calendar-dates';
import { formToPairingInput } from '#domain/pairing-form-input';
import { type ImportProblem, importColumns } from '#domain/pairing-import-format';
import { parsePairingRequest } from '#domain/pairing-request';
import { readCsvTable } from './csv-table.ts';
import { runWithConcurrency } from './due-work-dispatcher.ts';
import { type PairingWorkflowDependencies, submitPairings } from './pairing-workflow.ts';

/**
 * CSV import of pairings made by a committee. The columns are the form's field names; `needs`
 * and `goals` hold several values separated by `;`. Every row is validated first, against the
 * form's schema and against each other and the pairings already stored (one open pairing per
 * two people, the mentors' capacity); a file with any error imports nothing.
 */

const requiredColumns = importColumns.filter(
  (c) => !['timeZone', 'termMonths', 'firstMeetingBy', 'note', 'place'].includes(c),
);
export const maxImportRows = 500;

/** `row` is the line in the file (the header is line 1). */
export type ImportResult =
  | { kind: 'imported'; created: { row: number; id: string; repeated: boolean }[] }
  | { kind: 'rejected'; problems: ImportProblem[] };

const openStatuses = new Set(['proposed', 'agreeing', 'active', 'paused']);

export async function importPairings(
  deps: PairingWorkflowDependencies,
  csv: string,
): Promise<ImportResult> {
  const reject = (problems: ImportProblem[]): ImportResult => ({ kind: 'rejected', problems });
  const table = readCsvTable(csv, {
    required: requiredColumns,
    allowed: importColumns,
    maxRows: maxImportRows,
    rowsAre: 'pairings',
  });
  if (!table.ok) return reject(table.problems);
  const { columns, rows } = table;
  const problems: ImportProblem[] = [];

  const now = deps.clock.now();
  const today = dateInZone(now, deps.hospital.timeZone);
  const existing = (await deps.store.list()).filter((e) => openStatuses.has(e.status));
  const load = new Map<string, number>();
  for (const e of existing) load.set(e.mentorEmail, (load.get(e.mentorEmail) ?? 0) + 1);
  const pairs = new Map(existing.map((e) => [`${e.mentorEmail} ${e.menteeEmail}`, 'stored']));
  const capacity = deps.hospital.programDefaults.mentorCapacity;
  // Each row's idempotency key comes from the file and the row, so uploading the same file again
  // (say, after a time-out) creates nothing twice: a row whose pairing that key created is
  // already stored is a repeat, not a clash.
  const file = createHash('sha256').update(csv).digest('hex').slice(0, 24);
  const rowKey = (row: number) => `import:${file}:${row}`;
  const storedPairs: { row: number; message: string }[] = [];

  const inputs = rows.map((cells, i) => {
    const row = i + 2;
    const fields = Object.fromEntries(
      columns.map((c, k) => {
        const value = cells[k] ?? '';
        return c === 'needs' || c === 'goals'
          ? [
              c,
              value
                .split(';')
                .map((v) => v.trim())
                .filter(Boolean),
            ]
          : [c, value];
      }),
    );
    const input = formToPairingInput(fields);
    const parsed = parsePairingRequest(input, { hospital: deps.hospital, today });
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.errors))
        problems.push({ row, field, message });
      return input;
    }
    const { mentor, mentee } = parsed.request;
    const pair = `${mentor.email} ${mentee.email}`;
    const earlier = pairs.get(pair);
    if (earlier === 'stored')
      storedPairs.push({
        row,
        message: `${mentor.name} and ${mentee.name} already have an open pairing`,
      });
    else if (earlier)
      problems.push({
        row,
        field: 'mentee.email',
        message: `The same two people are already paired on row ${earlier}`,
      });
    pairs.set(pair, String(row));
    // A repeated row's pairing is already counted among the stored ones.
    const count = (load.get(mentor.email) ?? 0) + (earlier === 'stored' ? 0 : 1);
    load.set(mentor.email, count);
    if (count > capacity)
      problems.push({
        row,
        field: 'mentor.email',
        message: `${mentor.name} would have more than ${capacity} open pairings, the most this program allows`,
      });
    return input;
  });
  // A stored pair that this very row created (the same file again) is a repeat: answered with
  // the pairing it made, and not stored again.
  const repeats = new Map<number, string>();
  await runWithConcurrency(storedPairs, 8, async ({ row, message }) => {
    const earlier = await deps.store.createdBy(rowKey(row));
    if (earlier) repeats.set(row, earlier);
    else problems.push({ row, field: 'mentee.email', message });
  });
  if (problems.length > 0) return reject(problems.sort((a, b) => a.row - b.row));

  // Rows are stored together, as many to a transaction as fit (each with its outbox; the mail
  // follows through the outbox), so the documented 500 rows answer in seconds.
  const created: { row: number; id: string; repeated: boolean }[] = [];
  const failed: ImportProblem[] = [];
  const toStore = inputs.flatMap((input, i) => (repeats.has(i + 2) ? [] : [{ input, row: i + 2 }]));
  for (const [row, id] of repeats) created.push({ row, id, repeated: true });
  const results = await submitPairings(
    deps,
    toStore.map(({ input, row }) => ({ input, idempotencyKey: rowKey(row) })),
  );
  results.forEach((result, i) => {
    const row = toStore[i]?.row ?? 0;
    if (result.kind === 'created')
      created.push({ row, id: result.pairing.id, repeated: result.repeated });
    // Only a change made at the same moment (a form submitted in between) can get here.
    else
      failed.push({
        row,
        field: 'file',
        message: `${result.kind === 'conflict' ? result.message : 'Not valid any more'}; this row was not imported`,
      });
  });
  created.sort((a, b) => a.row - b.row);
  if (failed.length > 0)
    return reject(
      [
        ...created.map((c) => ({
          row: c.row,
          field: 'file',
          message: `Imported as pairing ${c.id}`,
        })),
        ...failed,
      ].sort((a, b) => a.row - b.row),
    );
  return { kind: 'imported', created };
}
