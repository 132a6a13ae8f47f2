/**
 * Reading an uploaded XLSX workbook without holding it in memory: `exceljs`'s streaming reader walks the zip entry by
 * entry and a worksheet row by row (only the shared-strings table and the styles are kept, as the format requires).
 * One sheet is read, the first unless one is chosen by name; its rows come out as the same records as a CSV file's
 * (the first non-empty row is the header), numbered as the spreadsheet numbers them. Cells become text: dates as ISO
 * dates, numbers without float noise, rich text as its plain text, a formula as the result the file has cached (a
 * formula is never evaluated), an error value as an empty cell.
 */
import ExcelJS from 'exceljs';
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

interface Reader {
  parse(): AsyncIterable<{ eventType: string; value: unknown }>;
  model?: { sheets?: { name: string }[] };
}

type SheetReader = AsyncIterable<{ number: number; values: unknown[]; getCell(i: number): CellLike }> & {
  name?: string;
  id?: number | string;
  /** What the sheet is read from: a file stream when the reader parked the sheet in a temporary file. */
  iterator?: unknown;
};

type Events = AsyncIterator<{ eventType: string; value: unknown }>;

function open(path: string): Reader {
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

/**
 * Leaves a sheet unread. A sheet that came before the shared strings in the zip was parked in a temporary file, and the
 * reader deletes that file as soon as it moves on: its stream, opened but never read, must be closed first, with its
 * error ignored (the open can lose the race with the delete), or the process dies on an unhandled stream error.
 */
function discard(ws: SheetReader): void {
  const it = ws.iterator as { on?: (ev: string, fn: () => void) => void; destroy?: () => void } | undefined;
  if (typeof it?.on !== 'function') return;
  it.on('error', () => {});
  it.destroy?.();
}

/**
 * Walks the reader to its end, every sheet left unread. Stopping part-way would leave the sheets parked in temporary
 * files on disk until the process exits (the reader deletes each one only after moving past it).
 */
async function finish(events: Events, current?: SheetReader): Promise<void> {
  if (current) discard(current);
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) return;
      if (next.value.eventType === 'worksheet') discard(next.value.value as SheetReader);
    }
  } catch {
    await events.return?.(undefined).catch(() => {});
  }
}

/** The names of a workbook's sheets, in workbook order. */
export async function sheetNames(path: string): Promise<string[]> {
  const reader = open(path);
  const events = reader.parse()[Symbol.asyncIterator]();
  let names: string[] | undefined;
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      if (next.value.eventType !== 'worksheet') continue;
      discard(next.value.value as SheetReader);
      // The workbook part has been read by the time the first sheet comes out.
      names ??= (reader.model?.sheets ?? []).map((s) => s.name);
    }
  } catch (e) {
    await finish(events);
    throw unreadable(e);
  }
  names ??= (reader.model?.sheets ?? []).map((s) => s.name);
  if (names.length === 0) throw new XlsxError('the workbook has no sheets');
  return names;
}

/**
 * Every non-empty row of one sheet (the first when `sheet` is null) as records, the header first, numbered as the
 * spreadsheet numbers its rows. A cell longer than the record limit turns its row into an error. Stopping early (a
 * preview) still walks the rest of the workbook unread, so no temporary file is left behind.
 */
export async function* xlsxRecords(path: string, sheet: string | null): AsyncGenerator<CsvRecord> {
  const reader = open(path);
  let names: string[] | undefined;
  let index = 0;
  let found = false;
  let width0: number | undefined;
  const events: Events = reader.parse()[Symbol.asyncIterator]();
  let current: SheetReader | undefined;
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<{ eventType: string; value: unknown }>;
      try {
        next = await events.next();
      } catch (e) {
        done = true; // the reader has failed: there is nothing left to walk
        throw unreadable(e);
      }
      if (next.done) {
        done = true;
        break;
      }
      if (next.value.eventType !== 'worksheet') continue;
      const ws = next.value.value as SheetReader;
      names ??= (reader.model?.sheets ?? []).map((s) => s.name);
      const name = ws.name ?? names[index] ?? '';
      index++;
      if (sheet !== null ? name !== sheet : found) {
        discard(ws); // not the sheet wanted
        continue;
      }
      found = true;
      current = ws;
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
      current = undefined;
      if (sheet === null || name === sheet) break;
    }
  } finally {
    if (!done) await finish(events, current);
  }
  if (!found)
    throw new XlsxError(sheet === null ? 'the workbook has no sheets' : `the workbook has no sheet "${sheet}"`);
}
