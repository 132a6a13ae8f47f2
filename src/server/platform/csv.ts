/**
 * CSV output for every export. A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab
 * or carriage return, which some spreadsheets strip before looking) is prefixed with `'`, so it is shown as text and
 * never evaluated (OWASP "CSV injection"). Exports build their rows and call `toCsv`; nothing else stringifies CSV.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet will not evaluate: unchanged unless it starts like a formula, then `'` + cell. */
export function safeCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows (the first being the header) as CSV text, every cell neutralised with `safeCsvCell`. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => row.map(safeCsvCell)));
}
