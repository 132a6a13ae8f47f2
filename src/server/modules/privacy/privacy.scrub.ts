/**
 * What an erasure looks for and what it writes instead: pure functions over a person's identifiers, so the sweep of
 * the database and of the data folder apply one rule.
 *
 * - **Strong** identifiers (emails, phone numbers in E.164, without the `+`, and national, the full name in either
 *   order) are replaced wherever they appear, in any row of any table and in any file.
 * - **Weak** identifiers (the first name alone, the last name alone) are replaced, as whole words, only in a row or
 *   file that is about the person: it holds their id or one of their strong identifiers (an audit entry's before and
 *   after values, an event payload, a timeline line). Elsewhere a first name is someone else's too.
 * - The person's id is kept: it is opaque, and the anonymised record keeps its links.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PersonIdentifiers } from './privacy.repository.ts';

export const ERASED = '[erased]';

export interface Needles {
  /** The person's id, their portal users' and the records they take part in: a row holding one is about them. */
  ids: string[];
  strong: string[];
  weak: string[];
}

export function needlesOf(p: PersonIdentifiers): Needles {
  const strong = new Set<string>();
  for (const e of p.emails) if (e.length >= 3) strong.add(e.toLowerCase());
  for (const ph of p.phones) {
    strong.add(ph);
    const digits = ph.replace(/\D/g, '');
    if (digits.length >= 6) strong.add(digits);
    const national = parsePhoneNumberFromString(ph)?.nationalNumber;
    if (national && national.length >= 6) strong.add(national);
  }
  const first = p.firstName.trim();
  const last = p.lastName.trim();
  if (first && last) {
    strong.add(`${first} ${last}`);
    strong.add(`${last} ${first}`);
    strong.add(`${last}, ${first}`);
  } else if ((first || last).length >= 4) strong.add(first || last);
  const weak = [first, last].filter((w) => w.length >= 2);
  // Longest first, so "Ada Lovelace" goes before "Ada".
  const ids = [p.id, ...p.portalUserIds, ...p.relatedIds];
  return { ids, strong: [...strong].sort((a, b) => b.length - a.length), weak };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a text is about the person: it holds their id or a strong identifier (case-insensitive). */
export function isAbout(text: string, n: Needles): boolean {
  const lower = text.toLowerCase();
  return n.ids.some((id) => lower.includes(id.toLowerCase())) || n.strong.some((s) => lower.includes(s.toLowerCase()));
}

/** Whether a text holds one of the person's strong identifiers (case-insensitive). */
export function holdsStrong(text: string, n: Needles): boolean {
  const lower = text.toLowerCase();
  return n.strong.some((s) => lower.includes(s.toLowerCase()));
}

/** The text with the person's identifiers replaced; `about` says whether weak identifiers go too. */
export function scrub(text: string, n: Needles, about: boolean): string {
  let out = text;
  for (const s of n.strong) out = out.replace(new RegExp(escapeRe(s), 'giu'), ERASED);
  if (about)
    for (const w of n.weak)
      out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(w)}(?![\\p{L}\\p{N}])`, 'giu'), ERASED);
  return out;
}

/** A row's text columns with every erased person's identifiers replaced; only the columns that changed. */
export function scrubRow(
  values: Record<string, string | null>,
  people: readonly Needles[],
): Record<string, string | null> {
  const whole = Object.values(values)
    .filter((v): v is string => typeof v === 'string')
    .join('\u0000');
  const about = people.filter((n) => isAbout(whole, n));
  if (about.length === 0) return {};
  const changes: Record<string, string | null> = {};
  for (const [col, v] of Object.entries(values)) {
    if (typeof v !== 'string') continue;
    let s = v;
    for (const n of about) s = scrub(s, n, true);
    if (s !== v) changes[col] = s;
  }
  return changes;
}

/** The strings the database sweep looks for: ids and strong identifiers (weak ones only count beside them). */
export function queryNeedles(people: readonly Needles[]): string[] {
  return [...new Set(people.flatMap((n) => [...n.ids, ...n.strong]))];
}
