/**
 * CSV cells and rows per RFC 4180 (CRLF line ends, fields with `"`, `,`, CR or LF quoted, quotes doubled), with
 * spreadsheet formula injection neutralised: log text is written by whoever can reach an ingest key, and a cell
 * such as `=HYPERLINK(...)` would run as a formula when the file is opened in Excel, LibreOffice or Sheets.
 */

/** Spreadsheets treat a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (`-5`, `-1.5e3`) is read as a number, never a formula: it keeps its sign for analysis. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: formula-like text gets a leading `'`, then RFC 4180 quoting where needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record with its CRLF. */
export function csvRow(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]!);
  return `${line}\r\n`;
}
