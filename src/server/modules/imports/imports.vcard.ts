/**
 * Reading vCard files (3.0, RFC 2426, and 4.0, RFC 6350; the 2.1 habits phones still write are accepted: bare TYPE
 * parameters, quoted-printable values with a CHARSET) one card at a time from a decoded text stream. Folded lines are
 * unfolded, values unescaped, and each card becomes a row of the same fixed columns (`VCARD_HEADERS`) so it runs
 * through the same mapping and import as a CSV row: several emails and phones in one cell separated by ` ::: `, the
 * preferred one first; the preferred (else first) address. Card n of the file is row n + 1 (as if the columns were
 * a header row). A line longer than the record limit (a huge photo) is never held: it is dropped, and if it is not a
 * photo or another ignored property the card is reported.
 */
import type { CsvRecord } from './imports.csv.ts';
import { MAX_RECORD_CHARS } from './imports.csv.ts';

export const VCARD_HEADERS = [
  'Full Name',
  'First Name',
  'Last Name',
  'Email',
  'Phone',
  'Organization',
  'Job Title',
  'Street',
  'City',
  'Region',
  'Postal Code',
  'Country',
  'Categories',
  'Note',
] as const;

/** Whether a text sample looks like vCard (its first non-blank line opens a card). */
export function looksLikeVcard(text: string): boolean {
  return /^\uFEFF?\s*BEGIN:VCARD\s*$/im.test(
    text
      .slice(0, 4096)
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '',
  );
}

// ---------- lines: folding ----------

/**
 * Folds a content line at `width` characters (RFC 6350 §3.2 says octets; characters keep a surrogate pair or an
 * accented letter whole): each continuation starts with one space.
 */
export function foldLine(line: string, width = 75): string {
  const chars = [...line];
  if (chars.length <= width) return line;
  const parts: string[] = [];
  parts.push(chars.slice(0, width).join(''));
  for (let i = width; i < chars.length; i += width - 1) parts.push(` ${chars.slice(i, i + width - 1).join('')}`);
  return parts.join('\r\n');
}

/**
 * Unfolds a stream of text into logical lines: CRLF (or LF) followed by a space or tab continues the line; a
 * quoted-printable line ending with `=` (a soft break) continues on the next line as written. A logical line longer
 * than `max` characters comes out as `{ oversized: name }` (its property name), never held whole.
 */
export async function* unfoldLines(
  text: AsyncIterable<string>,
  max = MAX_RECORD_CHARS,
): AsyncGenerator<{ line: string; at: number } | { oversized: string; at: number }> {
  let cur: string | null = null;
  let curAt = 0;
  let oversized: string | null = null;
  let physical = 0;
  let pending = '';
  const flush = function* () {
    if (oversized !== null) yield { oversized, at: curAt };
    else if (cur !== null) yield { line: cur, at: curAt };
    cur = null;
    oversized = null;
  };
  const add = (piece: string) => {
    if (oversized !== null) return;
    if (cur === null) cur = piece;
    else cur += piece;
    if (cur.length > max) {
      oversized = propertyName(cur);
      cur = '';
    }
  };
  /** The start of a physical line (all of it, or the first part of a line longer than the limit). */
  const startLine = function* (l: string) {
    physical++;
    if ((l.startsWith(' ') || l.startsWith('\t')) && (cur !== null || oversized !== null)) {
      add(l.slice(1));
      return;
    }
    // A quoted-printable soft line break: the value goes on, unindented, on the next line.
    if (cur !== null && oversized === null && /;ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE/i.test(head(cur))) {
      if (cur.endsWith('=') && !cur.endsWith('==')) {
        cur = cur.slice(0, -1);
        add(l);
        return;
      }
    }
    yield* flush();
    if (l === '') return;
    curAt = physical;
    add(l);
  };
  const cr = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  /** Whether the pending text continues a physical line whose start was already taken (a line over the limit). */
  let partial = false;
  for await (const chunk of text) {
    pending += chunk;
    let nl = pending.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      const segment = cr(pending.slice(from, nl));
      if (partial) {
        add(segment);
        partial = false;
      } else yield* startLine(segment);
      from = nl + 1;
      nl = pending.indexOf('\n', from);
    }
    pending = pending.slice(from);
    if (pending.length > max) {
      // A line with no end in sight: taken in parts, so never held whole (it turns oversized).
      if (partial) add(pending);
      else yield* startLine(pending);
      partial = true;
      pending = '';
    }
  }
  if (partial) add(cr(pending));
  else if (pending !== '') yield* startLine(cr(pending));
  yield* flush();
}

/** The part of a content line before its value (group, name, parameters). */
function head(line: string): string {
  const i = valueStart(line);
  return i < 0 ? line : line.slice(0, i - 1);
}

function propertyName(line: string): string {
  const h = head(line);
  const name = h.split(';')[0]!;
  return name.slice(name.indexOf('.') + 1).toUpperCase();
}

/** Where a content line's value starts (after the first colon outside a quoted parameter value), or -1. */
function valueStart(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i + 1;
  }
  return -1;
}

// ---------- values: escaping ----------

/** Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and newlines. */
export function escapeValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a value on an unescaped separator (`;` between components, `,` between list items), unescaping each part. */
export function splitValue(value: string, sep: ';' | ','): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      const n = value[++i]!;
      cur += n === 'n' || n === 'N' ? '\n' : n;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Unescapes a whole text value. */
export function unescapeValue(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

// ---------- properties ----------

export interface Property {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

const CHARSETS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  'us-ascii': 'utf-8',
  'iso-8859-15': 'iso-8859-15',
  'utf-16': 'utf-16le',
};

/** Decodes quoted-printable text into a string in its charset (UTF-8 unless named). */
export function decodeQuotedPrintable(value: string, charset = 'utf-8'): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = c.charCodeAt(0);
      if (code < 128) bytes.push(code);
      else bytes.push(...new TextEncoder().encode(c));
    }
  }
  const label = CHARSETS[charset.toLowerCase()] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(Uint8Array.from(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  }
}

/** Parses one unfolded content line: group and name, parameters (2.1 bare types included), the raw value. */
export function parseProperty(line: string): Property | undefined {
  const at = valueStart(line);
  if (at < 0) return undefined;
  const parts = splitParams(line.slice(0, at - 1));
  const first = parts.shift()!;
  const name = first.slice(first.indexOf('.') + 1).toUpperCase();
  const params = new Map<string, string[]>();
  for (const p of parts) {
    const eq = p.indexOf('=');
    const key = eq < 0 ? (/^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT)$/i.test(p) ? 'ENCODING' : 'TYPE') : p.slice(0, eq);
    const raw = eq < 0 ? p : p.slice(eq + 1);
    const values = raw
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .map((v) => v.replace(/^"|"$/g, '').trim())
      .filter((v) => v !== '');
    const k = key.toUpperCase();
    params.set(k, [...(params.get(k) ?? []), ...values]);
  }
  let value = line.slice(at);
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE') value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0]);
  return { name, params, value };
}

function splitParams(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Whether a property is marked preferred (3.0 TYPE=pref, 4.0 PREF=1..100). */
function preference(p: Property): number {
  const pref = p.params.get('PREF')?.[0];
  if (pref) return Number(pref) || 100;
  return (p.params.get('TYPE') ?? []).some((t) => t.toLowerCase() === 'pref') ? 1 : 101;
}

const IGNORED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY', 'X-ABDATE', 'AGENT']);

/** A card's properties as a row of `VCARD_HEADERS`. */
export function cardRow(props: Property[]): string[] {
  const all = (name: string) =>
    props
      .map((p, i) => ({ p, i }))
      .filter((x) => x.p.name === name)
      .sort((a, b) => preference(a.p) - preference(b.p) || a.i - b.i)
      .map((x) => x.p);
  const text = (name: string) => {
    const p = all(name)[0];
    return p ? unescapeValue(p.value).trim() : '';
  };
  const n = all('N')[0] ? splitValue(all('N')[0]!.value, ';') : [];
  const adr = all('ADR')[0] ? splitValue(all('ADR')[0]!.value, ';') : [];
  const org = all('ORG')[0] ? splitValue(all('ORG')[0]!.value, ';') : [];
  const multi = (name: string, clean: (v: string) => string) =>
    [
      ...new Set(
        all(name)
          .map((p) => clean(unescapeValue(p.value).trim()))
          .filter(Boolean),
      ),
    ].join(' ::: ');
  const categories = all('CATEGORIES')
    .flatMap((p) => splitValue(p.value, ','))
    .map((c) => c.trim())
    .filter(Boolean);
  const row: Record<(typeof VCARD_HEADERS)[number], string> = {
    'Full Name': text('FN'),
    'First Name': (n[1] ?? '').trim(),
    'Last Name': (n[0] ?? '').trim(),
    Email: multi('EMAIL', (v) => v.replace(/^mailto:/i, '')),
    Phone: multi('TEL', (v) => v.replace(/^tel:/i, '').replace(/;.*$/, '')),
    Organization: (org[0] ?? '').trim(),
    'Job Title': text('TITLE'),
    Street: (adr[2] ?? '').replace(/\n/g, ', ').trim(),
    City: (adr[3] ?? '').trim(),
    Region: (adr[4] ?? '').trim(),
    'Postal Code': (adr[5] ?? '').trim(),
    Country: (adr[6] ?? '').trim(),
    Categories: [...new Set(categories)].join(', '),
    Note: text('NOTE'),
  };
  return VCARD_HEADERS.map((h) => row[h]);
}

/**
 * Every card of a decoded vCard text as a record, after a header record of `VCARD_HEADERS` (row 1): card n is row
 * n + 1. A card that cannot be read (no END, text outside a card, a line too long) is reported in its place.
 */
export async function* vcardRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  yield { row: 1, cells: [...VCARD_HEADERS] };
  let row = 1;
  let props: Property[] | null = null;
  let problem: string | null = null;
  let startedAt = 0;
  for await (const item of unfoldLines(text)) {
    if ('oversized' in item) {
      if (props && !IGNORED.has(item.oversized) && !item.oversized.startsWith('X-')) {
        problem ??= `${item.oversized || 'a line'} (line ${item.at} of the file) is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters`;
      }
      continue;
    }
    const p = parseProperty(item.line);
    if (p?.name === 'BEGIN' && p.value.trim().toUpperCase() === 'VCARD') {
      if (props) {
        yield { row: ++row, error: `the card starting at line ${startedAt} of the file has no END:VCARD` };
      }
      props = [];
      problem = null;
      startedAt = item.at;
      continue;
    }
    if (p?.name === 'END' && p.value.trim().toUpperCase() === 'VCARD') {
      if (!props) {
        yield { row: ++row, error: `END:VCARD at line ${item.at} of the file closes no card` };
        continue;
      }
      if (problem) yield { row: ++row, error: problem };
      else yield { row: ++row, cells: cardRow(props) };
      props = null;
      continue;
    }
    if (!props) {
      if (item.line.trim() !== '') {
        yield { row: ++row, error: `line ${item.at} of the file is outside a card (BEGIN:VCARD … END:VCARD)` };
      }
      continue;
    }
    if (!p) {
      problem ??= `line ${item.at} of the file is not a vCard property (NAME:value)`;
      continue;
    }
    props.push(p);
  }
  if (props) yield { row: ++row, error: `the card starting at line ${startedAt} of the file has no END:VCARD` };
}
