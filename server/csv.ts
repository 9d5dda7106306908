import 'server-only';
/**
 * CSV in and out: the import preview (`POST /api/imports`) and the list's export
 * (`GET /api/onboardings/export.csv`). Parsing and quoting come from csv-parse / csv-stringify; what is
 * ours is the contract: the header names the new-hire fields, UTF-8 only, `,` or `;`, 1,000 rows, and no
 * cell that a spreadsheet would run as a formula.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ApiError } from '@/server/api/errors';
import { newHireSchema, type NewHire } from '@/temporal/shared/schemas';

export const MAX_IMPORT_ROWS = 1000;

/** Columns a file may have, in the order of the template. */
export const IMPORT_COLUMNS = ['employeeId', 'fullName', 'email', 'role', 'department', 'startDate', 'managerEmail', 'slackChannel'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly ImportColumn[] = ['employeeId', 'fullName', 'email', 'role', 'startDate'];

export interface ImportRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  hire?: NewHire;
  errors?: string[];
  /** The existing onboarding (`onboarding-…`) or the earlier line (`line 3`) with the same employee ID. */
  duplicateOf?: string;
  /** A row with errors: its cells as written, so the preview can show what needs fixing. */
  values?: Record<string, string>;
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

export function looksLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell);
}

function fileProblem(message: string): ApiError {
  return new ApiError('invalid_input', message, { fields: { file: [message] } });
}

/** UTF-8 (with or without BOM) or a clear error: a file saved as Latin-1 would corrupt every accented name. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw fileProblem('The file is not UTF-8 text. In your spreadsheet choose "CSV UTF-8" when saving, then upload it again.');
  }
}

function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return header.split(';').length > header.split(',').length ? ';' : ',';
}

/** The rows of an import, each checked alone; duplicates against existing onboardings are the caller's. */
export function parseImport(bytes: Uint8Array): ImportRow[] {
  const text = decodeUtf8(bytes);
  if (text.trim() === '') throw fileProblem('The file is empty. Start from the template: a header row, then one row per new hire.');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid [^:]*:\s*/, '') : 'it cannot be read';
    throw fileProblem(`The file is not valid CSV: ${reason}`);
  }
  const [header, ...body] = records;
  if (!header) throw fileProblem('The file is empty.');
  const columns = header.record.map((name) => name.trim());
  const unknown = columns.filter((name) => !(IMPORT_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw fileProblem(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => JSON.stringify(name.slice(0, 40))).join(', ')}. ` +
        `The header row uses these names: ${IMPORT_COLUMNS.join(', ')}.`,
    );
  }
  const repeated = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (repeated.length > 0) throw fileProblem(`The column ${repeated[0]} appears twice in the header row.`);
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw fileProblem(`The header row lacks ${missing.join(', ')}.`);
  if (body.length === 0) throw fileProblem('The file has a header row but no new hires.');
  if (body.length > MAX_IMPORT_ROWS) throw fileProblem(`The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);

  const firstLineOf = new Map<string, number>();
  return body.map(({ record, info }) => {
    // The line the row ends on (a quoted cell can span lines), as csv-parse counts them.
    const line = info.lines;
    const errors: string[] = [];
    if (record.length !== columns.length) {
      errors.push(`Has ${record.length} cells; the header has ${columns.length}`);
    }
    const fields: Record<string, string> = {};
    columns.forEach((column, index) => {
      const cell = record[index] ?? '';
      if (looksLikeFormula(cell)) errors.push(`${column}: starts with ${JSON.stringify(cell[0])}, which a spreadsheet runs as a formula`);
      if (cell.trim() !== '') fields[column] = cell;
    });
    const parsed = newHireSchema.safeParse(fields);
    if (!parsed.success) {
      // One problem per field is enough to fix it (a non-existent date need not also be out of range).
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || 'row';
        if (!seen.has(field)) errors.push(`${field}: ${issue.message}`);
        seen.add(field);
      }
    }
    if (errors.length > 0 || !parsed.success) return { line, errors, values: fields };
    const hire = parsed.data;
    const earlier = firstLineOf.get(hire.employeeId);
    if (earlier !== undefined) return { line, hire, duplicateOf: `line ${earlier}` };
    firstLineOf.set(hire.employeeId, line);
    return { line, hire };
  });
}

/** The template's text: the header and one example row. */
export function importTemplate(): string {
  return stringify(
    [
      [...IMPORT_COLUMNS],
      ['E1042', 'Zoë Müller', 'zoe.muller@example.com', 'Software Engineer', 'Engineering', '2026-12-07', 'manager@example.com', '#onboarding-team'],
    ],
    { record_delimiter: '\r\n' },
  );
}

/** A cell as a spreadsheet should show it: text, never a formula. */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return looksLikeFormula(text) ? `'${text}` : text;
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  // A BOM, so spreadsheet programs read the file as UTF-8 (names in any script).
  return `\uFEFF${stringify(rows.map((row) => row.map(safeCell)), { record_delimiter: '\r\n' })}`;
}
