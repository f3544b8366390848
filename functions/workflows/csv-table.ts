import { CsvError, parse } from 'csv-parse/sync';
import type { ImportProblem } from '#domain/pairing-import-format';

/**
 * An uploaded CSV's header and rows, checked the same way for every import (pairings, the mentor
 * pool): it parses (csv-parse), every required column is there, no column is unknown, and it has
 * between one and `maxRows` rows. Otherwise the problems, by line (the header is line 1).
 */
export function readCsvTable(
  csv: string,
  rules: {
    required: readonly string[];
    allowed: readonly string[];
    maxRows: number;
    /** What a row is, in the messages ("pairings", "mentors"). */
    rowsAre: string;
  },
): { ok: true; columns: string[]; rows: string[][] } | { ok: false; problems: ImportProblem[] } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    if (error instanceof CsvError)
      return {
        ok: false,
        problems: [{ row: Number(error.lines ?? 0), field: 'file', message: error.message }],
      };
    throw error;
  }
  const [header = [], ...rows] = records;
  const columns = header.map((c) => c.trim());
  const problems: ImportProblem[] = [
    ...rules.required
      .filter((c) => !columns.includes(c))
      .map((c) => ({ row: 1, field: c, message: 'This column is missing' })),
    ...columns
      .filter((c) => !rules.allowed.includes(c))
      .map((c) => ({ row: 1, field: c, message: 'Unknown column' })),
  ];
  if (rows.length === 0)
    problems.push({ row: 2, field: 'file', message: `No ${rules.rowsAre} in the file` });
  if (rows.length > rules.maxRows)
    problems.push({
      row: rules.maxRows + 2,
      field: 'file',
      message: `At most ${rules.maxRows} ${rules.rowsAre} per file`,
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns, rows };
}
