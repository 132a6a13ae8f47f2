/**
 * The search index behind global search: one interface, one implementation per dialect (chosen by
 * `database.dialect`), and one ranking shared by both so SQLite and PostgreSQL answer the same.
 *
 * - SQLite: the FTS5 table `search_fts(terms)` (external content over `search_documents`, prefix indexes 1-3): every
 *   token becomes `"tok"*`; when that finds too few, a typo pass fetches candidates sharing a 2-3 character prefix
 *   per token and keeps those within the allowed edit distance.
 * - PostgreSQL: the generated `tsv` (simple config, GIN) with `tok:*` prefixes; when that finds too few, a typo pass
 *   where each token may also match by trigram word similarity (`tok <% terms`, the `gin_trgm_ops` index on terms).
 *
 * Visibility is SQL: the per-kind scope (owner_id/team_id on search_documents) is in the WHERE clause of the candidate
 * query, before its LIMIT, so a record the actor may not see never takes a slot and never leaks through a count.
 * Candidates are capped, then ranked here: exact email/phone (`exact` ids from the caller) first, then exact
 * title (or company domain), then prefix of title, then the rest by match score; ties by title.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { normaliseDomain } from '../../../shared/contact.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import type { Scope } from '../access/policy.ts';
import { visibleTo } from '../access/scope-sql.ts';
import { searchText } from './documents.ts';

/** Which identifiers the reader may not see, per kind: a hidden value must not be what matched. */
export interface HiddenTerms {
  /** Email addresses (tokens with an `@`). */
  emails?: boolean;
  /** Phone digits (all-digit tokens of 6 or more). */
  phones?: boolean;
  /** Web domains (tokens with a dot) and the domain's first label when it is not part of the title. */
  domains?: boolean;
  /** The record's name: the words of its title (a person's first and last name, a company's name). */
  names?: boolean;
  /**
   * A person's company link: the words of the company name in a person's document, which are the terms that are
   * neither an email, phone digits nor a word of the title.
   */
  company?: boolean;
  /** Every word that is not a word of the title (a kind's other indexed fields, when the reader's role hides one). */
  others?: boolean;
}

export interface SearchQuery {
  q: string;
  /** Kinds to search; each needs a scope in `scopes` (a kind without one is skipped). */
  kinds: string[];
  scopes: Record<string, Scope>;
  limit: number;
  /** Records that matched an exact identifier (email, phone) found by their owner's index: ranked first. */
  exact?: Record<string, string[]>;
  hidden?: Record<string, HiddenTerms>;
}

export interface SearchHit {
  kind: string;
  recordId: string;
  title: string;
  subtitle: string | null;
  /** Higher is better: 3 + match for an exact email/phone, 2 + … exact title, 1 + … title prefix, match alone else. */
  score: number;
}

export interface SearchIndex {
  query(db: Executor, query: SearchQuery): Promise<SearchHit[]>;
}

/** Candidates fetched before ranking: enough to rank well, few enough to stay fast on a million documents. */
export const CANDIDATE_CAP = 200;
/** The typo pass reads more (its prefixes are short) and keeps only those within the edit distance. */
export const FUZZY_CANDIDATE_CAP = 1000;

interface Candidate {
  kind: string;
  record_id: string;
  title: string;
  subtitle: string | null;
  terms: string;
  pinned: number;
}

// ---------- tokens and matching (shared by both dialects) ----------

const PHONE_ONLY = /^[\d\s()+\-./]+$/;

/**
 * Query tokens as the FTS5 unicode61 tokenizer sees them (letters and digits, lower-case, accent-free). A query made
 * only of phone characters ("+1 (415) 555-0100") becomes its digits, one token, matching the phone terms.
 */
export function queryTokens(q: string): string[] {
  const trimmed = q.trim();
  if (PHONE_ONLY.test(trimmed) && /\d/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    return digits.length > 0 ? [digits] : [];
  }
  return splitWords(searchText([trimmed]));
}

const splitWords = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');

/**
 * Typos allowed for a query token: none below 4 characters, 1 from 4, 2 from 8. None in numbers: a phone number one
 * digit away is someone else's.
 */
export const allowedTypos = (token: string): number =>
  /^\d+$/.test(token) ? 0 : token.length >= 8 ? 2 : token.length >= 4 ? 1 : 0;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up above `max`: the query side
 * of a search is short, so the two-row table is cheap.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** How well one query token matches one word: 1 equal, 0.8 prefix, 0.5 / typos within the allowance, else 0. */
function tokenScore(token: string, word: string): number {
  if (word === token) return 1;
  if (word.startsWith(token)) return 0.8;
  const max = allowedTypos(token);
  if (max === 0) return 0;
  // Against the whole word ("lovelce" ~ "lovelace") and against its start ("lovle" ~ "lovel…" while still typing).
  const d = Math.min(editDistance(token, word, max), editDistance(token, word.slice(0, token.length), max));
  return d <= max ? 0.5 / d : 0;
}

/** The words of a document the reader may match on: hidden emails, phones and domains removed. */
export function visibleWords(terms: string, title: string, hidden: HiddenTerms | undefined): string[] {
  let parts = terms.split(' ').filter((p) => p !== '');
  if (hidden?.emails) parts = parts.filter((p) => !p.includes('@'));
  if (hidden?.phones) parts = parts.filter((p) => !/^\d{6,}$/.test(p));
  if (hidden?.domains) {
    const titleWords = new Set(splitWords(searchText([title])));
    const labels = new Set(parts.filter((p) => p.includes('.') && !p.includes('@')).map((p) => p.split('.')[0]));
    parts = parts.filter((p) => (p.includes('@') || !p.includes('.')) && (!labels.has(p) || titleWords.has(p)));
  }
  if (!hidden?.names && !hidden?.company && !hidden?.others) return parts.flatMap(splitWords);
  const titleWords = new Set(splitWords(searchText([title])));
  return parts.flatMap((p) => {
    const words = splitWords(p);
    // Only the title's words remain when the other indexed fields are hidden (emails and digits included).
    if (hidden.others) return hidden.names ? [] : words.filter((w) => titleWords.has(w));
    // Emails and phone digits were handled above; the rest are the name's and the company's words.
    if (p.includes('@') || /^\d+$/.test(p)) return words;
    return words.filter((w) => (titleWords.has(w) ? !hidden.names : !hidden.company));
  });
}

/** The mean best score of every query token against the words; 0 when any token matches nothing. */
export function matchScore(tokens: string[], words: string[]): number {
  if (tokens.length === 0) return 0;
  let total = 0;
  for (const t of tokens) {
    let best = 0;
    for (const w of words) {
      const s = tokenScore(t, w);
      if (s > best) best = s;
      if (best === 1) break;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total / tokens.length;
}

/** Ranks candidates: drops those that do not match on visible words, orders by tier, score, then title. */
export function rank(candidates: Candidate[], query: SearchQuery, tokens: string[]): SearchHit[] {
  const qText = searchText([query.q]);
  const domain = normaliseDomain(query.q);
  const seen = new Set<string>();
  const hits: (SearchHit & { sortTitle: string })[] = [];
  // Pinned (exact identifier) rows first, so a record found both ways keeps its exact rank.
  const ordered = [...candidates].sort((a, b) => Number(b.pinned) - Number(a.pinned));
  for (const c of ordered) {
    const key = `${c.kind}:${c.record_id}`;
    if (seen.has(key)) continue;
    const hidden = query.hidden?.[c.kind];
    const words = visibleWords(c.terms, c.title, hidden);
    const match = matchScore(tokens, words);
    // A hidden name neither matches, ranks nor orders.
    const title = hidden?.names ? '' : searchText([c.title]);
    let tier: number;
    if (Number(c.pinned) === 1) tier = 3;
    else if (match === 0) continue;
    else if (title !== '' && title === qText) tier = 2;
    else if (domain && !hidden?.domains && c.terms.split(' ').includes(domain)) tier = 2;
    else if (qText !== '' && title !== '' && title.startsWith(qText)) tier = 1;
    else tier = 0;
    seen.add(key);
    hits.push({
      kind: c.kind,
      recordId: c.record_id,
      title: c.title,
      subtitle: c.subtitle,
      score: Math.round((tier + (tier === 3 ? 1 : match)) * 1000) / 1000,
      sortTitle: title,
    });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      a.sortTitle.localeCompare(b.sortTitle) ||
      (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0),
  );
  return hits.slice(0, query.limit).map(({ sortTitle: _s, ...h }) => h);
}

// ---------- SQL shared by both dialects ----------

const COLUMNS = sql.join(
  ['kind', 'record_id', 'title', 'subtitle', 'terms'].map((c) => sql.ref(`search_documents.${c}`)),
);

/** (kind = 'people' and <people scope>) or (kind = 'companies' and <companies scope>) */
function scopeCondition(query: SearchQuery, kinds: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.join(
    kinds.map((k) => sql`(search_documents.kind = ${k} and ${visibleTo(query.scopes[k]!, 'search_documents')})`),
    sql` or `,
  )})`;
}

/** The documents of the exact-identifier matches, within scope (primary-key lookups). */
function pinnedSelect(query: SearchQuery, kinds: string[]): RawBuilder<Candidate> | undefined {
  const parts = kinds.flatMap((k) => {
    const ids = [...new Set(query.exact?.[k] ?? [])];
    if (ids.length === 0) return [];
    return [
      sql`(search_documents.kind = ${k} and search_documents.record_id in (${sql.join(ids)}) and ${visibleTo(
        query.scopes[k]!,
        'search_documents',
      )})`,
    ];
  });
  if (parts.length === 0) return undefined;
  return sql<Candidate>`select ${COLUMNS}, 1 as pinned from search_documents where ${sql.join(parts, sql` or `)}`;
}

function searchableKinds(query: SearchQuery): string[] {
  return [...new Set(query.kinds)].filter((k) => query.scopes[k] !== undefined);
}

// ---------- SQLite: FTS5 ----------

const ftsPrefix = (token: string) => `"${token.replaceAll('"', '""')}"*`;

export class SqliteSearchIndex implements SearchIndex {
  async query(db: Executor, query: SearchQuery): Promise<SearchHit[]> {
    const kinds = searchableKinds(query);
    const tokens = queryTokens(query.q);
    if (kinds.length === 0 || (tokens.length === 0 && !query.exact)) return [];
    const scope = scopeCondition(query, kinds);
    // CROSS JOIN makes SQLite drive from the FTS match, never from a scan of the documents filtered by scope.
    const fts = (match: string, cap: number) =>
      sql`select * from (select ${COLUMNS}, 0 as pinned from search_fts
        cross join search_documents on search_documents.rowid = search_fts.rowid
        where search_fts match ${match} and ${scope} limit ${cap})`;
    const pinned = pinnedSelect(query, kinds);
    const parts = [
      ...(pinned ? [sql`select * from (${pinned})`] : []),
      ...(tokens.length > 0 ? [fts(tokens.map(ftsPrefix).join(' '), CANDIDATE_CAP)] : []),
    ];
    if (parts.length === 0) return [];
    const rows = (await sql<Candidate>`${sql.join(parts, sql` union all `)}`.execute(db)).rows;
    let hits = rank(rows, query, tokens);
    // Too few: a typo pass. Tokens that allow a typo are cut to a short prefix (3 characters, 2 for 4-letter tokens)
    // and the candidates are kept only if every token is within its edit distance.
    if (hits.length < query.limit && tokens.some((t) => allowedTypos(t) > 0)) {
      const loose = tokens.map((t) =>
        allowedTypos(t) > 0 ? ftsPrefix(t.slice(0, t.length >= 5 ? 3 : 2)) : ftsPrefix(t),
      );
      const more = (await sql<Candidate>`${fts(loose.join(' '), FUZZY_CANDIDATE_CAP)}`.execute(db)).rows;
      hits = rank([...rows, ...more], query, tokens);
    }
    return hits;
  }
}

// ---------- PostgreSQL: tsvector + pg_trgm ----------

/** Whitespace words with the characters PostgreSQL's parser keeps in emails and hosts (`ada@example.com`). */
function parserWords(q: string): string[] {
  return searchText([q])
    .split(' ')
    .map((w) => w.replace(/[^\p{L}\p{N}@._-]+/gu, '').replace(/^[@._-]+|[@._-]+$/g, ''))
    .filter((w) => w !== '');
}

/** Trigram word similarity for the typo pass: low enough for one typo ("lovleace" ~ "lovelace": 0.38). */
export const TRIGRAM_THRESHOLD = 0.3;

export class PostgresSearchIndex implements SearchIndex {
  async query(db: Executor, query: SearchQuery): Promise<SearchHit[]> {
    const kinds = searchableKinds(query);
    const tokens = queryTokens(query.q);
    if (kinds.length === 0 || (tokens.length === 0 && !query.exact)) return [];
    const scope = scopeCondition(query, kinds);
    const candidates = (where: RawBuilder<SqlBool>, cap: number) =>
      sql`select * from (select ${COLUMNS}, 0 as pinned from search_documents
        where ${scope} and ${where} limit ${cap}) c`;
    const prefix = (t: string) => sql<SqlBool>`search_documents.tsv @@ to_tsquery('simple', ${`${t}:*`})`;
    const pinned = pinnedSelect(query, kinds);
    const parts = pinned ? [sql`select * from (${pinned}) p`] : [];
    if (tokens.length > 0) {
      // The simple parser keeps `ada@example.com` and `acme.co` whole: match the words as typed, or letters and
      // digits (what the ranking compares), either way by prefix.
      // A one-character prefix ("o" of "o'br") matches a large share of a big index, and PostgreSQL reads every
      // match of a GIN prefix before the LIMIT: beside a longer token it is left to the ranking, which still requires it.
      const longer = tokens.filter((t) => t.length > 1);
      const alnum = (longer.length > 0 ? longer : tokens).map((t) => `${t}:*`).join(' & ');
      const typed = (PHONE_ONLY.test(query.q.trim()) ? [] : parserWords(query.q)).map((w) => `${w}:*`).join(' & ');
      let tsq = sql`to_tsquery('simple', ${alnum})`;
      if (typed !== '' && typed !== alnum) tsq = sql`(${tsq} || to_tsquery('simple', ${typed}))`;
      parts.push(candidates(sql<SqlBool>`search_documents.tsv @@ ${tsq}`, CANDIDATE_CAP));
    }
    const rows = (await sql<Candidate>`${sql.join(parts, sql` union all `)}`.execute(db)).rows;
    let hits = rank(rows, query, tokens);
    // Too few: a typo pass. Each token that allows a typo may match by prefix or by trigram word similarity (the
    // gin_trgm_ops index on terms); the ranking then keeps only candidates within the edit distance.
    if (hits.length < query.limit && tokens.some((t) => allowedTypos(t) > 0)) {
      const each = tokens.map((t) =>
        allowedTypos(t) > 0 ? sql<SqlBool>`(${prefix(t)} or ${t} <% search_documents.terms)` : prefix(t),
      );
      const fuzzy = candidates(sql<SqlBool>`${sql.join(each, sql` and `)}`, FUZZY_CANDIDATE_CAP);
      const run = async (trx: Executor) => {
        await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`.execute(
          trx,
        );
        return (await sql<Candidate>`${fuzzy}`.execute(trx)).rows;
      };
      // The threshold is set for this transaction only (set_config(..., true)), never for the pooled connection.
      const more = db.isTransaction ? await run(db) : await db.transaction().execute(run);
      hits = rank([...rows, ...more], query, tokens);
    }
    return hits;
  }
}

export function searchIndexFor(dialect: Dialect): SearchIndex {
  return dialect === 'postgres' ? new PostgresSearchIndex() : new SqliteSearchIndex();
}
