/**
 * Reading an uploaded XLSX workbook without holding it in memory: the zip is opened by its central directory, the
 * workbook's small parts are read first (sheet names, shared strings, styles: the format requires those kept), then
 * the chosen sheet is decompressed and parsed row by row by `exceljs`'s streaming worksheet reader. One sheet is read,
 * the first unless one is chosen by name; its rows come out as the same records as a CSV file's (the first non-empty
 * row is the header), numbered as the spreadsheet numbers them. Cells become text: dates as ISO dates, numbers without
 * float noise, rich text as its plain text, a formula as the result the file has cached (a formula is never
 * evaluated), an error value as an empty cell.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { type CsvRecord, MAX_RECORD_CHARS } from './imports.csv.ts';

/** The bytes an XLSX (any zip) file starts with. */
export function isZip(sample: Uint8Array): boolean {
  return sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
}

export class XlsxError extends Error {
  override name = 'XlsxError';
}

type CellLike = { value: unknown; numFmt?: string };

const DATE_FORMAT = /[dmyhs]/i;

/** Whether a number format shows a date (quoted text and colours ignored), as spreadsheets decide it. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return DATE_FORMAT.test(bare) && !/^general$/i.test(bare);
}

/** A spreadsheet serial day number (1900 system) as a date. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400 * 1000));
}

/** A date as an ISO date, with the time only when it has one. */
export function isoOf(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/\.000Z$/, 'Z');
}

/** A number as people would type it: no float noise (15 significant digits, as spreadsheets keep), no exponent. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  const clean = Number(n.toPrecision(15));
  if (Number.isInteger(clean) && Math.abs(clean) < 1e21) return clean.toFixed(0);
  return String(clean);
}

/** The text of a cell's value, whatever its type. */
export function cellText(cell: CellLike): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return isDateFormat(cell.numFmt) ? isoOf(serialToDate(v)) : numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) {
      // The result the file was saved with; the formula itself is never evaluated.
      return 'result' in o ? cellText({ value: o.result, ...(cell.numFmt ? { numFmt: cell.numFmt } : {}) }) : '';
    }
    if ('error' in o) return '';
    if ('text' in o) return cellText({ value: o.text });
  }
  return String(v);
}

/**
 * The parts of exceljs's streaming WorkbookReader used here. Its own `parse()` walks the zip in one streaming pass and,
 * under load, loses entries (exceljs issue #3064: it pauses the unzip stream, which still ends): a sheet or the workbook
 * part goes missing at random. So the zip is opened by its central directory instead, the workbook's parts are read
 * first, and the reader's part parsers are given each part's stream.
 */
interface Reader {
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncIterable<unknown>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseWorksheet(stream: Readable, sheetNo: string): Iterable<{ eventType: string; value: SheetReader }>;
}

type SheetReader = AsyncIterable<{ number: number; values: unknown[]; getCell(i: number): CellLike }>;

interface ZipEntry {
  path: string;
  stream(): Readable;
}

/** An opened workbook: its sheets in workbook order, each read only when asked for. */
interface Workbook {
  sheets: { name: string; entry: ZipEntry | undefined; sheetNo: string }[];
  reader: Reader;
}

function newReader(path: string): Reader {
  return new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  } as never) as unknown as Reader;
}

/** Why a workbook cannot be read, in words. */
function unreadable(e: unknown): XlsxError {
  const m = e instanceof Error ? e.message : String(e);
  return new XlsxError(`the file cannot be read as an XLSX workbook (${m.slice(0, 200)})`);
}

/** Opens the zip by its central directory and reads the workbook's parts (relations, sheets, shared strings, styles). */
async function openWorkbook(path: string): Promise<Workbook> {
  try {
    const dir = (await unzipper.Open.file(path)) as { files: ZipEntry[] };
    const entries = new Map(dir.files.map((f) => [f.path.replace(/^\//, ''), f]));
    const part = (name: string) => entries.get(name)?.stream();
    const reader = newReader(path);
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const workbook = part('xl/workbook.xml');
    if (!workbook) throw new XlsxError('the file is a zip archive but not an XLSX workbook (it has no workbook part)');
    await reader._parseWorkbook(workbook);
    const strings = part('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(strings)) void _;
    const styles = part('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const sheets = (reader.model?.sheets ?? []).map((s) => {
      const target = reader.workbookRels?.find((r) => r.Id === s.rId)?.Target ?? `worksheets/sheet${s.id}.xml`;
      // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml").
      const file = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      return { name: s.name, entry: entries.get(file), sheetNo: /sheet(\d+)\.xml$/.exec(file)?.[1] ?? String(s.id) };
    });
    return { sheets, reader };
  } catch (e) {
    throw e instanceof XlsxError ? e : unreadable(e);
  }
}

/** The names of a workbook's sheets, in workbook order. */
export async function sheetNames(path: string): Promise<string[]> {
  const { sheets } = await openWorkbook(path);
  if (sheets.length === 0) throw new XlsxError('the workbook has no sheets');
  return sheets.map((s) => s.name);
}

/**
 * Every non-empty row of one sheet (the first when `sheet` is null) as records, the header first, numbered as the
 * spreadsheet numbers its rows. A cell longer than the record limit turns its row into an error. Only the chosen
 * sheet is decompressed, as it is read; stopping early (a preview) closes its stream.
 */
export async function* xlsxRecords(path: string, sheet: string | null): AsyncGenerator<CsvRecord> {
  const { sheets, reader } = await openWorkbook(path);
  if (sheets.length === 0) throw new XlsxError('the workbook has no sheets');
  const chosen = sheet === null ? sheets[0] : sheets.find((s) => s.name === sheet);
  if (!chosen) throw new XlsxError(`the workbook has no sheet "${sheet}"`);
  if (!chosen.entry) throw new XlsxError(`the workbook's sheet "${chosen.name}" is missing from the file`);
  let ws: SheetReader | undefined;
  for (const ev of reader._parseWorksheet(chosen.entry.stream(), chosen.sheetNo)) ws = ev.value;
  if (!ws) throw new XlsxError(`the workbook's sheet "${chosen.name}" cannot be read`);
  let width0: number | undefined;
  try {
    for await (const row of ws) {
      const cells: string[] = [];
      let oversized = false;
      const width = row.values.length;
      for (let i = 1; i < width; i++) {
        const text = cellText(row.getCell(i));
        if (text.length > MAX_RECORD_CHARS) oversized = true;
        cells.push(oversized ? '' : text);
      }
      if (oversized) {
        yield {
          row: row.number,
          error: `a cell is larger than ${MAX_RECORD_CHARS.toLocaleString('en')} characters`,
        };
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      // Trailing empty cells are not in the file: a row is as wide as the header unless it has more.
      width0 ??= cells.length;
      while (cells.length < width0) cells.push('');
      yield { row: row.number, cells };
    }
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    throw unreadable(e);
  }
}
