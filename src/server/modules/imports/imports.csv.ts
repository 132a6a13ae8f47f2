/**
 * Reading an uploaded CSV file without holding it in memory: its encoding (UTF-8 with or without a byte-order mark,
 * UTF-16 LE/BE, else Windows-1252) and delimiter are detected from the first bytes, then the file is decoded chunk by
 * chunk and parsed (RFC 4180, `csv-parse`) one record at a time. Records the parser cannot read (bad quoting, an
 * oversized cell) are reported in order among the good ones, so every record in the file is counted exactly once.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** How many bytes the detection reads. */
const SAMPLE_BYTES = 64 * 1024;
/** The largest record the parser accepts (characters); a larger one is reported, never held. */
export const MAX_RECORD_CHARS = 1_000_000;

export interface Detected {
  encoding: Encoding;
  /** Whether the file starts with a byte-order mark (skipped when decoding). */
  bom: boolean;
}

/** The encoding of a file from its first bytes: BOM first, then UTF-16 without BOM (NULs), then strict UTF-8. */
export function detectEncoding(sample: Uint8Array): Detected {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  // UTF-16 without a BOM: text in Latin script has a NUL in every other byte.
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs >= 2) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < pairs; i++) {
      if (sample[2 * i] === 0) evenNul++;
      if (sample[2 * i + 1] === 0) oddNul++;
    }
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return { encoding: 'utf-16le', bom: false };
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return { encoding: 'utf-16be', bom: false };
  }
  // Strict UTF-8, ignoring a sequence cut at the end of the sample.
  let end = sample.length;
  if (sample.length >= SAMPLE_BYTES) {
    let back = 0;
    while (back < 3 && end > 0 && (sample[end - 1]! & 0xc0) === 0x80) {
      end--;
      back++;
    }
    if (end > 0 && sample[end - 1]! >= 0xc0) end--;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

/** Counts of each candidate delimiter per line (outside quotes), over the first lines of the text. */
export function detectDelimiter(text: string): Delimiter {
  const lines: Record<Delimiter, number>[] = [];
  let counts = { ',': 0, ';': 0, '\t': 0, '|': 0 } as Record<Delimiter, number>;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < 50; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines.push(counts);
      counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
    } else if (!quoted && c in counts) counts[c as Delimiter]++;
  }
  if (lines.length === 0 || Object.values(counts).some((n) => n > 0)) lines.push(counts);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const header = lines[0]![d];
    if (header === 0) continue;
    // Lines agreeing with the header's count, then the count itself: a real delimiter splits every line the same.
    const agreeing = lines.filter((l) => l[d] === header).length;
    const score = agreeing * 1000 + header;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Reads the first bytes of a file. */
export async function readSample(path: string, bytes = SAMPLE_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decodes a byte stream chunk by chunk (a character split between chunks is kept for the next; the BOM dropped). */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const s = decoder.decode(chunk, { stream: true });
    if (s) yield s;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** Put in place of the rest of a record longer than the limit; the record is then reported, never held. */
const OVERSIZED = '\u0000rapport:oversized\u0000';

/**
 * Cuts every record longer than `max` characters: the rest of it (up to its end, quotes followed) is replaced by a
 * marker, so the parser never buffers more than `max` characters of one record (a 100 MB cell stays on disk).
 */
export async function* limitRecordSize(text: AsyncIterable<string>, max = MAX_RECORD_CHARS): AsyncGenerator<string> {
  let quoted = false;
  let size = 0;
  let cut = false;
  let lastQuote = false;
  for await (const chunk of text) {
    let out = '';
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if ((c === 10 || c === 13) && !quoted) {
        if (cut) {
          from = i; // the record's end is kept; what was cut before it is gone
          cut = false;
        }
        size = 0;
        continue;
      }
      if (cut) continue;
      // Never cut at or just after a quote (it may be half of a doubled quote): the parser state is plain there.
      if (++size > max && c !== 34 && chunk.charCodeAt(i - 1) !== 34 && !(i === 0 && lastQuote)) {
        out += chunk.slice(from, i) + OVERSIZED + (quoted ? '"' : '');
        cut = true;
      }
    }
    if (!cut) out += chunk.slice(from);
    lastQuote = chunk.charCodeAt(chunk.length - 1) === 34;
    if (out) yield out;
  }
}

/** One record of the file: its number (the header is record 1), its cells, or why the parser could not read it. */
export type CsvRecord = { row: number; cells: string[] } | { row: number; error: string };

/**
 * Every record of a decoded text stream in order, the header first. A record the parser skips (bad quoting, too large)
 * comes as `{row, error}` in its place, so rows are numbered the same on every read of the file (resuming relies on it).
 */
export async function* csvRecords(text: AsyncIterable<string>, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    bom: true,
  });
  const skipped: { line: number; message: string }[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    const line = err.lines ?? 0;
    // One broken record can raise two errors (a bad closing quote, then a quote never closed): count it once.
    if (skipped.length > 0 && skipped[skipped.length - 1]!.line === line) return;
    skipped.push({ line, message: parseReason(err) });
  });
  const source = Readable.from(limitRecordSize(text));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length > 0 && skipped[0]!.line < item.info.lines) {
        const s = skipped.shift()!;
        yield { row: ++row, error: s.message };
      }
      if (item.record.some((c) => c.includes(OVERSIZED))) {
        yield { row: ++row, error: `the row is larger than ${MAX_RECORD_CHARS.toLocaleString('en')} characters` };
      } else yield { row: ++row, cells: item.record };
    }
    for (const s of skipped) yield { row: ++row, error: s.message };
  } finally {
    // Stopped early (only the header was wanted, or the run was interrupted): close the file.
    source.destroy();
    parser.destroy();
  }
}

function parseReason(err: Error & { code?: string; lines?: number }): string {
  const at = err.lines ? ` (line ${err.lines} of the file)` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted cell is never closed${at}`;
    case 'CSV_INVALID_OPENING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return `a quote starts in the middle of a cell (quote the whole cell and double the quotes inside)${at}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quote inside a cell is not doubled${at}`;
    default:
      return `the row cannot be read as CSV${at}: ${err.message}`;
  }
}

/** The records of a file on disk, decoded as detected. */
export function fileRecords(path: string, encoding: Encoding, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  return csvRecords(decodeChunks(createReadStream(path, { highWaterMark: 256 * 1024 }), encoding), delimiter);
}

/** Detects a file's encoding and delimiter and reads its header row. */
export async function inspectFile(
  path: string,
): Promise<Detected & { delimiter: Delimiter; header: CsvRecord | undefined }> {
  const sample = await readSample(path);
  const detected = detectEncoding(sample);
  const text = new TextDecoder(detected.encoding).decode(sample);
  const delimiter = detectDelimiter(text.slice(0, 32 * 1024));
  const records = fileRecords(path, detected.encoding, delimiter);
  const first = await records.next();
  await records.return(undefined);
  return { ...detected, delimiter, header: first.done ? undefined : first.value };
}

/** Encodes text as a file in an encoding (tests, and the rejected-rows download stays UTF-8). */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Uint8Array {
  if (encoding === 'utf-8') {
    const body = new TextEncoder().encode(text);
    return bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
  }
  if (encoding === 'windows-1252') return Uint8Array.from(Buffer.from(text, 'latin1'));
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') le.swap16();
  const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Uint8Array.from(bom ? [...mark, ...le] : [...le]);
}
