import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importTemplate, MAX_IMPORT_ROWS, parseImport, toCsv } from '@/server/csv';
import { ApiError } from '@/server/api/errors';
import { isoDay } from '@/temporal/shared/new-hire-rules';

const HEADER = 'employeeId,fullName,email,role,department,startDate,managerEmail,slackChannel';
const soon = isoDay(new Date(), 14);
const row = (id: string, name = `Hire ${id}`, extra: Partial<Record<'email' | 'startDate' | 'slackChannel', string>> = {}) =>
  [id, name, extra.email ?? `${id.toLowerCase()}@example.com`, 'Software Engineer', 'Engineering', extra.startDate ?? soon, '', extra.slackChannel ?? ''].join(',');
const bytes = (text: string) => new TextEncoder().encode(text);

function fileError(text: string | Uint8Array): string {
  try {
    parseImport(typeof text === 'string' ? bytes(text) : text);
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('CSV import preview', () => {
  it('finds 3 bad rows and 2 repeats in a file of 20, and leaves 15 ready', () => {
    const lines = [HEADER];
    for (let i = 1; i <= 15; i++) lines.push(row(`E${i}`));
    lines.push(row('E16', 'Bad Email', { email: 'not-an-address' }));
    lines.push(row('E17', 'Bad Date', { startDate: '2026-02-30' }));
    lines.push(row('E18', 'Bad Channel', { slackChannel: 'general' }));
    lines.push(row('E3', 'Again Three'));
    lines.push(row('E7', 'Again Seven'));
    const rows = parseImport(bytes(lines.join('\n')));
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.hire && !r.errors && !r.duplicateOf)).toHaveLength(15);
    expect(rows.filter((r) => r.errors).map((r) => [r.line, r.errors])).toEqual([
      [17, ['email: Enter a valid email address, like jane@example.com']],
      [18, ['startDate: This date does not exist']],
      [19, [expect.stringMatching(/^slackChannel: Use # followed by/)]],
    ]);
    expect(rows.filter((r) => r.duplicateOf).map((r) => [r.line, r.duplicateOf])).toEqual([
      [20, 'line 4'],
      [21, 'line 8'],
    ]);
    // A bad row keeps what was written, for the preview.
    expect(rows[15]?.values).toMatchObject({ employeeId: 'E16', email: 'not-an-address' });
  });

  it('reads semicolons, a byte-order mark, CRLF, quoted cells and names in any script', () => {
    const text = `\uFEFF${HEADER.replaceAll(',', ';')}\r\nE1;"Zoë ""Zo"" Müller";zoe@example.com;Designer;;${soon};;\r\nE2;李雷;li@example.com;Designer;;${soon};;\r\n`;
    const rows = parseImport(bytes(text));
    expect(rows.map((r) => r.hire?.fullName)).toEqual(['Zoë "Zo" Müller', '李雷']);
    expect(rows.every((r) => !r.errors)).toBe(true);
  });

  it('shows formulas as problems instead of taking them', () => {
    const rows = parseImport(bytes(`${HEADER}\n${row('E1', '"=HYPERLINK(""http://evil.example"",""x"")"')}\n${row('E2', '@SUM(1)')}\n${row('E3', '+1')}`));
    expect(rows.map((r) => r.errors?.[0])).toEqual([
      'fullName: starts with "=", which a spreadsheet runs as a formula',
      'fullName: starts with "@", which a spreadsheet runs as a formula',
      'fullName: starts with "+", which a spreadsheet runs as a formula',
    ]);
    expect(rows.every((r) => r.hire === undefined)).toBe(true);
  });

  it('says which cells a short row lacks', () => {
    const [only] = parseImport(bytes(`${HEADER}\nE1,Jane Doe,jane@example.com`));
    expect(only?.errors).toContain('Has 3 cells; the header has 8');
  });

  it.each([
    ['an unknown column', 'employeeId,fullName,mail,role,startDate\nE1,A,a@example.com,R,2026-01-01', /Unknown column "mail"\. The header row uses these names: employeeId, fullName, email/],
    ['a missing column', 'employeeId,fullName,email,role\nE1,A,a@example.com,R', /The header row lacks startDate/],
    ['a column twice', 'employeeId,fullName,email,role,startDate,role\nE1,A,a@example.com,R,2026-01-01,R', /The column role appears twice/],
    ['no rows', `${HEADER}\n`, /a header row but no new hires/],
    ['an empty file', '  \n', /The file is empty/],
    ['an unclosed quote', `${HEADER}\nE1,"Jane,jane@example.com`, /The file is not valid CSV/],
  ])('refuses %s', (_label, text, message) => {
    expect(fileError(text)).toMatch(message);
  });

  it('refuses a file that is not UTF-8, with what to do', () => {
    // "Zoë" in Latin-1: the ë is the single byte 0xEB.
    const latin1 = new Uint8Array([...bytes(`${HEADER}\nE1,Zo`), 0xeb, ...bytes(`,z@example.com,R,,${soon},,`)]);
    expect(fileError(latin1)).toMatch(/not UTF-8 text\. In your spreadsheet choose "CSV UTF-8"/);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows`, () => {
    const lines = [HEADER, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => row(`E${i}`))];
    expect(fileError(lines.join('\n'))).toMatch(/has 1001 rows; import at most 1000/);
  });

  it('offers a template whose example row is ready to import', () => {
    const rows = parseImport(bytes(importTemplate().replace(/\d{4}-\d{2}-\d{2}/, soon)));
    expect(rows.map((r) => [r.line, r.hire?.fullName, r.errors])).toEqual([[2, 'Zoë Müller', undefined]]);
  });
});

describe('CSV export', () => {
  it('prefixes cells a spreadsheet would run as formulas, and quotes what needs quoting', () => {
    const text = toCsv([
      ['fullName', 'role'],
      ['=1+2', '@cmd'],
      ['-2', '+3'],
      ['O\'Brien, "Jo"', 'Line\nbreak'],
      ['\tTab', 'plain'],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const cells: string[][] = parse(text, { bom: true });
    expect(cells).toEqual([
      ['fullName', 'role'],
      ["'=1+2", "'@cmd"],
      ["'-2", "'+3"],
      ['O\'Brien, "Jo"', 'Line\nbreak'],
      ["'\tTab", 'plain'],
    ]);
  });
});
