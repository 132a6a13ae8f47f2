/**
 * Global search and screen pop. Search covers every kind of the registry that declares `search` and the reader may
 * read (its module on): it asks the platform search index for candidates (each kind's visibility applied in SQL before
 * the limit, the words its field rules hide never matching), pins exact email/phone matches found through the people
 * service, and attaches context cards in one batch per kind (title and subtitle come from the card, built from the
 * reader's redacted record). Lookup (screen pop) is index-backed: exact phone/email through the people service, then the
 * people's companies.
 */
import { normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import type { Database } from '../../db/database.ts';
import { type Ctx, can, canReadField, type Scope, visibilityScope } from '../../platform/access/policy.ts';
import { codedError } from '../../platform/errors.ts';
import { hiddenTerms } from '../../platform/records/search.ts';
import type { HiddenTerms, SearchIndex } from '../../platform/search/search-index.ts';
import type { ContextCard, ContextCardService } from '../context-card/index.ts';
import { recordKinds } from '../kinds.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { SEARCH_ERRORS } from './search.errors.ts';
import {
  type LookupMatch,
  type LookupQuery,
  type LookupResponse,
  MAX_SEARCH_LIMIT,
  SEARCH_KINDS,
  type SearchQuery,
  type SearchResult,
} from './search.schemas.ts';

export interface SearchDeps {
  database: Database;
  workspace: WorkspaceService;
  people: PeopleService;
  contextCard: ContextCardService;
  index: SearchIndex;
}

const invalid = (code: keyof typeof SEARCH_ERRORS, title: string, pointer: string, detail: string) =>
  codedError(SEARCH_ERRORS, code, title, `${pointer.slice(1)} ${detail}`, [{ pointer, detail, in: 'query' }]);

export class SearchService {
  readonly #d: SearchDeps;

  constructor(deps: SearchDeps) {
    this.#d = deps;
  }

  #kinds(raw: string | undefined): string[] {
    if (raw === undefined || raw.trim() === '') return [...SEARCH_KINDS];
    const asked = raw
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = asked.find((k) => !(SEARCH_KINDS as readonly string[]).includes(k));
    if (unknown !== undefined)
      throw invalid('search.invalid_query', 'Invalid search', '/kinds', `has an unknown kind "${unknown}"`);
    return [...new Set(asked)];
  }

  async search(ctx: Ctx, input: SearchQuery): Promise<SearchResult[]> {
    const { actor } = ctx;
    const q = input.q.trim();
    const limit = Math.min(Math.max(input.limit ?? 10, 1), MAX_SEARCH_LIMIT);
    // A kind the actor may not read, or whose module is off, is skipped, not an error: the search box asks for all.
    const modules = (await this.#d.workspace.get()).modules as Record<string, boolean>;
    const kinds = this.#kinds(input.kinds).filter((k) => {
      const kind = recordKinds.get(k);
      return kind !== undefined && can(actor, k, 'read') && (!kind.module || modules[kind.module] !== false);
    });
    if (q === '' || kinds.length === 0) return [];
    // Each kind's own visibility (own / team / all for a kind with an owner; a kind without one is seen whole by its
    // readers), and the indexed words its field rules hide from this reader, from its declaration.
    const scopes: Record<string, Scope> = Object.fromEntries(
      kinds.map((k) => [k, recordKinds.get(k)!.owned ? visibilityScope(actor, k) : { kind: 'all' }]),
    );
    const hidden: Record<string, HiddenTerms> = Object.fromEntries(
      kinds.map((k) => [k, hiddenTerms(recordKinds.get(k)!, (f) => canReadField(actor, k, f))]),
    );
    const db = this.#d.database.db;

    // Exact identifiers through the people indexes (person_emails.email, person_phones.e164); the people service
    // ignores a criterion whose field the actor's role hides.
    let exact: Record<string, string[]> | undefined;
    if (kinds.includes('people')) {
      const email = q.includes('@') ? normaliseEmail(q) : undefined;
      const phone =
        /^[\d\s()+\-./]+$/.test(q) && q.replace(/\D/g, '').length >= 6
          ? normalisePhone(q, (await this.#d.workspace.get()).defaultCountry)
          : undefined;
      if (email?.ok || phone?.ok) {
        const ids = await this.#d.people.findByEmailOrPhone(ctx, {
          email: email?.ok ? email.email : undefined,
          e164: phone?.ok ? phone.e164 : undefined,
        });
        if (ids.length > 0) exact = { people: ids };
      }
    }

    const hits = await this.#d.index.query(db, { q, kinds, scopes, limit, exact, hidden });
    const cards = new Map<string, ContextCard>();
    await Promise.all(
      kinds.map(async (kind) => {
        const ids = hits.filter((h) => h.kind === kind).map((h) => h.recordId);
        for (const c of await this.#d.contextCard.cards(ctx, { kind, ids })) cards.set(`${kind}:${c.id}`, c);
      }),
    );
    // A document whose record has just gone (or is no longer visible) has no card: leave it out. Title and subtitle
    // come from the card, built from the redacted record, so a field the reader's role hides is not in them.
    return hits.flatMap((h) => {
      const card = cards.get(`${h.kind}:${h.recordId}`);
      return card
        ? [
            {
              kind: h.kind,
              id: h.recordId,
              title: card.name,
              subtitle: card.subtitle,
              score: h.score,
              card,
            },
          ]
        : [];
    });
  }

  /** Screen pop: the people with exactly this phone or email, then their companies, as cards. */
  async lookup(ctx: Ctx, input: LookupQuery): Promise<LookupResponse> {
    const phone = input.phone?.trim();
    const email = input.email?.trim();
    if (phone === undefined && email === undefined)
      throw invalid('lookup.invalid_query', 'Invalid lookup', '/phone', 'or email is required');
    if (phone !== undefined && email !== undefined)
      throw invalid('lookup.invalid_query', 'Invalid lookup', '/email', 'cannot be combined with phone');

    let query: LookupResponse['query'];
    let ids: string[];
    if (phone !== undefined) {
      const r = normalisePhone(phone, (await this.#d.workspace.get()).defaultCountry);
      if (!r.ok) throw invalid('lookup.invalid_phone', 'Invalid phone number', '/phone', r.reason);
      query = { phone, normalised: r.e164 };
      ids = await this.#d.people.findByEmailOrPhone(ctx, { e164: r.e164 });
    } else {
      const r = normaliseEmail(email!);
      if (!r.ok) throw invalid('lookup.invalid_email', 'Invalid email address', '/email', r.reason);
      query = { email: email!, normalised: r.email };
      ids = await this.#d.people.findByEmailOrPhone(ctx, { email: r.email });
    }

    const people = await this.#d.contextCard.cards(ctx, { kind: 'people', ids });
    // The people's companies only when the role shows a person's company link: otherwise the pop would reveal it.
    const companyIds = canReadField(ctx.actor, 'people', 'companyId')
      ? [...new Set(people.flatMap((p) => (p.company ? [p.company.id] : [])))]
      : [];
    const companies = await this.#d.contextCard.cards(ctx, { kind: 'companies', ids: companyIds });
    const match = (card: ContextCard): LookupMatch => ({
      kind: card.kind,
      id: card.id,
      title: card.name,
      subtitle: card.subtitle,
      card,
    });
    return { query, matches: [...people.map(match), ...companies.map(match)] };
  }
}
