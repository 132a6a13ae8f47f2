/**
 * The file formats an import reads, detected from the content first and the file name second: CSV (any delimiter and
 * encoding `imports.csv.ts` detects), XLSX (a zip workbook, `imports.xlsx.ts`) and vCard (`imports.vcard.ts`). Each
 * comes out as the same stream of records, the header first, so everything after (mapping, dry run, matching, the
 * run as a job, resume, undo, the rejected rows) is the same whatever the format.
 */
import { createReadStream } from 'node:fs';
import {
  type CsvRecord,
  type Delimiter,
  decodeChunks,
  detectDelimiter,
  detectEncoding,
  type Encoding,
  fileRecords,
  readSample,
} from './imports.csv.ts';
import { looksLikeVcard, vcardRecords } from './imports.vcard.ts';
import { isZip, sheetNames, xlsxRecords } from './imports.xlsx.ts';

export const FORMATS = ['csv', 'xlsx', 'vcard'] as const;
export type Format = (typeof FORMATS)[number];

/** What is needed to read a stored file again, the same way every time. */
export interface Source {
  path: string;
  format: Format;
  encoding: Encoding;
  /** CSV only. */
  delimiter: Delimiter | null;
  /** XLSX only: the sheet read (null for the first). */
  sheet: string | null;
}

export interface Inspected extends Source {
  bom: boolean;
  /** XLSX only: every sheet's name. */
  sheets: string[] | null;
  header: CsvRecord | undefined;
}

export class FormatError extends Error {
  override name = 'FormatError';
}

/** The format of a file from its first bytes, then its name. */
export function detectFormat(sample: Uint8Array, fileName: string): Format {
  if (isZip(sample)) return 'xlsx';
  const { encoding } = detectEncoding(sample);
  if (looksLikeVcard(new TextDecoder(encoding).decode(sample.subarray(0, 4096)))) return 'vcard';
  if (/\.xlsx$/i.test(fileName)) return 'xlsx'; // not a zip: reading it says why
  return 'csv';
}

/** The records of a stored file, the header first. */
export function records(src: Source): AsyncGenerator<CsvRecord> {
  if (src.format === 'xlsx') return xlsxRecords(src.path, src.sheet);
  if (src.format === 'vcard') {
    return vcardRecords(decodeChunks(createReadStream(src.path, { highWaterMark: 256 * 1024 }), src.encoding));
  }
  return fileRecords(src.path, src.encoding, src.delimiter ?? ',');
}

/** Detects a file's format (and encoding, delimiter or sheets) and reads its header record. */
export async function inspect(path: string, fileName: string, sheet: string | null = null): Promise<Inspected> {
  const sample = await readSample(path);
  const format = detectFormat(sample, fileName);
  const detected = detectEncoding(sample);
  let sheets: string[] | null = null;
  let delimiter: Delimiter | null = null;
  let encoding: Encoding = detected.encoding;
  if (format === 'xlsx') {
    encoding = 'utf-8';
    try {
      sheets = await sheetNames(path);
    } catch (e) {
      throw new FormatError(e instanceof Error ? e.message : String(e));
    }
    if (sheet !== null && !sheets.includes(sheet)) {
      throw new FormatError(`the workbook has no sheet "${sheet}" (it has ${sheets.map((s) => `"${s}"`).join(', ')})`);
    }
  } else if (format === 'csv') {
    delimiter = detectDelimiter(new TextDecoder(detected.encoding).decode(sample).slice(0, 32 * 1024));
  }
  const src: Source = { path, format, encoding, delimiter, sheet: format === 'xlsx' ? sheet : null };
  const all = records(src);
  let first: IteratorResult<CsvRecord>;
  try {
    first = await all.next();
  } catch (e) {
    throw new FormatError(e instanceof Error ? e.message : String(e));
  } finally {
    await all.return(undefined);
  }
  return { ...src, bom: detected.bom, sheets, header: first.done ? undefined : first.value };
}
