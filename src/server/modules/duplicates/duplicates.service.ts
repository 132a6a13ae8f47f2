/**
 * Likely duplicates of a record about to be created (or edited): candidates found through indexes (exact normalised
 * email and phone, last-name prefix for people; exact domain and name prefix for companies), among the records the
 * asker may see, then scored with a reason per signal ("same email", "same phone", "similar name 0.93"). People who
 * share a phone but not a name (a household, a switchboard) are not proposed: a shared number alone is no duplicate.
 * Scores combine as independent evidence (1 − Π(1 − s)).
 */
import { normaliseDomain, normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import type { CompaniesService, Company } from '../companies/index.ts';
import type { PeopleService, Person } from '../people/index.ts';
import { companyNameKey, companyNameSimilarity, personNameSimilarity } from './duplicates.similarity.ts';

export interface DuplicatesDeps {
  people: PeopleService;
  companies: CompaniesService;
  workspace: { get(): Promise<{ defaultCountry: string }> };
}

export interface Candidate<T> {
  id: string;
  score: number;
  reasons: string[];
  record: T;
}

/** Names at least this alike count as the same person's name. */
const NAME_THRESHOLD = 0.88;
/** Candidates scoring below this are not proposed. */
const PROPOSE = 0.5;
const LIMIT = 10;

const combine = (scores: number[]) => Math.min(0.99, 1 - scores.reduce((p, s) => p * (1 - s), 1));
const round = (n: number) => Math.round(n * 100) / 100;

export class DuplicatesService {
  readonly #d: DuplicatesDeps;

  constructor(deps: DuplicatesDeps) {
    this.#d = deps;
  }

  /** People who are likely the same as the one described, best first (an `excludeId` is the record being edited). */
  async peopleLike(
    ctx: Ctx,
    q: { email?: string; phone?: string; firstName?: string; lastName?: string; excludeId?: string },
  ): Promise<Candidate<Person>[]> {
    const country = (await this.#d.workspace.get()).defaultCountry;
    const email = q.email ? normaliseEmail(q.email) : undefined;
    const phone = q.phone ? normalisePhone(q.phone, country) : undefined;
    const e164 = phone?.ok ? phone.e164 : undefined;
    const ids = new Set<string>();
    if ((email?.ok || e164) && ctx) {
      for (const id of await this.#d.people.findByEmailOrPhone(ctx, {
        email: email?.ok ? email.email : undefined,
        e164,
      })) {
        ids.add(id);
      }
    }
    const last = q.lastName?.trim() ?? '';
    const first = q.firstName?.trim() ?? '';
    if (last.length >= 2) {
      // The last-name prefix index; a reader who may not see names gets no name matches (the quick filter says so).
      const page = await this.#d.people.list(ctx, { q: last.slice(0, Math.max(2, last.length - 2)), limit: 50 });
      for (const p of page.data) ids.add(p.id);
    }
    if (q.excludeId) ids.delete(q.excludeId);
    const people = await this.#d.people.getMany(ctx, [...ids]);
    const out: Candidate<Person>[] = [];
    for (const p of people) {
      const reasons: string[] = [];
      const scores: number[] = [];
      const sameEmail = email?.ok === true && (p.emails ?? []).some((e) => e.email === email.email);
      const samePhone = e164 !== undefined && (p.phones ?? []).some((x) => x.number === e164);
      const named = (first || last) && p.firstName !== undefined && p.lastName !== undefined;
      const similarity = named
        ? personNameSimilarity({ firstName: first, lastName: last }, { firstName: p.firstName!, lastName: p.lastName! })
        : undefined;
      const sameName = similarity !== undefined && similarity >= NAME_THRESHOLD;
      if (sameEmail) {
        reasons.push('same email');
        scores.push(0.9);
      }
      if (samePhone && (sameName || sameEmail || similarity === undefined)) {
        reasons.push('same phone');
        scores.push(0.8);
      }
      if (sameName) {
        reasons.push(similarity === 1 ? 'same name' : `similar name ${similarity!.toFixed(2)}`);
        // Alone, a name is weak evidence (namesakes): 0.5 for an equal name, less for a similar one.
        scores.push(0.5 * similarity!);
      }
      const score = combine(scores);
      if (score >= PROPOSE) out.push({ id: p.id, score: round(score), reasons, record: p });
    }
    return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, LIMIT);
  }

  /** Companies that are likely the same as the one described (same domain, or a name alike once legal forms aside). */
  async companiesLike(
    ctx: Ctx,
    q: { domain?: string; name?: string; excludeId?: string },
  ): Promise<Candidate<Company>[]> {
    const domain = q.domain ? normaliseDomain(q.domain) : undefined;
    const key = q.name ? companyNameKey(q.name) : '';
    const ids = new Set<string>();
    if (domain) {
      for (const c of (await this.#d.companies.list(ctx, { filter: `domain:eq:${domain}`, limit: 25 })).data)
        ids.add(c.id);
    }
    const word = key.split(' ')[0] ?? '';
    if (word.length >= 2) {
      for (const c of (await this.#d.companies.list(ctx, { q: word, limit: 50 })).data) ids.add(c.id);
    }
    if (q.excludeId) ids.delete(q.excludeId);
    const companies = await this.#d.companies.getMany(ctx, [...ids]);
    const out: Candidate<Company>[] = [];
    for (const c of companies) {
      const reasons: string[] = [];
      const scores: number[] = [];
      if (domain && c.domain === domain) {
        reasons.push('same domain');
        scores.push(0.9);
      }
      const similarity = key && c.name !== undefined ? companyNameSimilarity(q.name!, c.name) : 0;
      if (similarity >= 0.92) {
        reasons.push(similarity === 1 ? 'same name' : `similar name ${similarity.toFixed(2)}`);
        scores.push(0.75 * similarity);
      }
      const score = combine(scores);
      if (score >= PROPOSE) out.push({ id: c.id, score: round(score), reasons, record: c });
    }
    return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, LIMIT);
  }
}
