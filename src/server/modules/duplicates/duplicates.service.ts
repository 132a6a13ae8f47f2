/**
 * Likely duplicates of a record about to be created (or edited): candidates found through indexes (exact normalised
 * email and phone, last-name prefix for people; exact domain and name prefix for companies), among the records the
 * asker may see, then scored with a reason per signal ("same email", "same phone", "similar name 0.93"). People who
 * share a phone but not a name (a household, a switchboard) are not proposed: a shared number alone is no duplicate.
 * Scores combine as independent evidence (1 − Π(1 − s)).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { normaliseDomain, normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import type { Database } from '../../db/database.ts';
import { type Actor, assertCan, type Ctx } from '../../platform/access/policy.ts';
import { codedError } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { type Job, type JobContext, type JobRunner, jobDto, PermanentJobError } from '../../platform/jobs/index.ts';
import { badQuery, decodeCursor, encodeCursor } from '../../platform/lists.ts';
import type { CompaniesService, Company } from '../companies/index.ts';
import type { PeopleService, Person } from '../people/index.ts';
import { DUPLICATES_ERRORS } from './duplicates.errors.ts';
import * as repo from './duplicates.repository.ts';
import { combine, NAME_THRESHOLD, nameAloneScore, PROPOSE, scoreCompanies, scorePeople } from './duplicates.scoring.ts';
import {
  canonicalFirstName,
  companyNameKey,
  companyNameSimilarity,
  foldName,
  personNameSimilarity,
  soundex,
} from './duplicates.similarity.ts';

export const SCAN_JOB = 'duplicates.scan';
/** The scheduled scan of people and companies: Sundays at 03:00 (server time). */
export const WEEKLY_SCAN_JOB = 'duplicates.weekly_scan';
export const WEEKLY_SCAN_CRON = '0 0 3 * * 0';

/** Who the scheduled scan runs as: reads every person and company, sees every field. */
const SYSTEM_SCAN_CTX: Ctx = {
  actor: {
    kind: 'user',
    id: 'duplicates-scan',
    name: 'Scheduled duplicate scan',
    email: 'duplicates-scan@localhost',
    roleId: 'system',
    roleKey: 'system',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: {},
    },
    teamIds: [],
  },
  requestId: 'job:duplicates.weekly_scan',
  ip: null,
};
export const SCAN_KINDS = ['people', 'companies'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/** Merges every open pair above a score, as a job. */
export const BULK_MERGE_JOB = 'duplicates.bulk_merge';

/** What the bulk merge needs of merging (the merge service, structurally). */
export interface PairMerger {
  merge(ctx: Ctx, kind: ScanKind, input: { survivorId: string; mergedIds: string[] }): Promise<unknown>;
}

export interface DuplicatesDeps {
  database: Database;
  jobRunner: JobRunner;
  identity: { actorFor(userId: string): Promise<Actor> };
  people: PeopleService;
  companies: CompaniesService;
  workspace: { get(): Promise<{ defaultCountry: string }> };
  /** Merging, for the bulk merge of the review queue. */
  merges?: PairMerger;
}

/** A pair of the review queue: its score, reasons and the two records as the reader may see them. */
export interface Pair {
  id: string;
  score: number;
  reasons: string[];
  status: 'open' | 'dismissed';
  records: (Person | Company)[];
}

/** A block bigger than this (a very common name) is not compared pair by pair. */
const MAX_BLOCK = 200;

export interface Candidate<T> {
  id: string;
  score: number;
  reasons: string[];
  record: T;
}

const LIMIT = 10;

const round = (n: number) => Math.round(n * 100) / 100;

export class DuplicatesService {
  readonly #d: DuplicatesDeps;

  constructor(deps: DuplicatesDeps) {
    this.#d = deps;
    deps.jobRunner.register(SCAN_JOB, (job) => this.#scan(job), { maxAttempts: 3 });
    deps.jobRunner.register(BULK_MERGE_JOB, (job) => this.#bulkMerge(job), { maxAttempts: 1 });
    // Weekly, the whole database as the system (every record, whoever owns it), so the queue stays current unasked.
    deps.jobRunner.recurring(WEEKLY_SCAN_JOB, WEEKLY_SCAN_CRON, async (job) => {
      const messages: string[] = [];
      for (const kind of SCAN_KINDS) messages.push((await this.#scanAs(job, SYSTEM_SCAN_CTX, kind)).message);
      return { message: messages.join('; ') };
    });
  }

  // ---------- scan and review queue ----------

  /** Queues a scan of every record of a kind the asker may see (needs update permission on the kind). */
  async startScan(ctx: Ctx, kind: ScanKind): Promise<Job> {
    assertCan(ctx.actor, kind, 'update');
    const row = await this.#d.database.db
      .transaction()
      .execute((trx) => this.#d.jobRunner.enqueue(trx, { type: SCAN_JOB, ownerId: ctx.actor.id, params: { kind } }));
    return jobDto(row);
  }

  /**
   * Queues the merge of every open pair of the queue scoring at least `minScore` (needs update and delete on the kind,
   * as one merge does). Each pair is merged with the defaults: the more recently updated record stays, each field
   * keeps the most recent non-empty value; every merge is undoable on its own.
   */
  async startBulkMerge(ctx: Ctx, kind: ScanKind, minScore: number): Promise<Job> {
    assertCan(ctx.actor, kind, 'update');
    assertCan(ctx.actor, kind, 'delete');
    const row = await this.#d.database.db
      .transaction()
      .execute((trx) =>
        this.#d.jobRunner.enqueue(trx, { type: BULK_MERGE_JOB, ownerId: ctx.actor.id, params: { kind, minScore } }),
      );
    return jobDto(row);
  }

  async #bulkMerge(job: JobContext): Promise<{ message: string }> {
    const { kind, minScore } = job.params as { kind: ScanKind; minScore: number };
    if (!job.ownerId || !this.#d.merges) throw new PermanentJobError('A bulk merge needs the user who asked for it');
    const actor = await this.#d.identity.actorFor(job.ownerId).catch(() => {
      throw new PermanentJobError('The user who asked for this merge no longer exists');
    });
    const ctx: Ctx = { actor, requestId: `job:${job.id}`, ip: null };
    let merged = 0;
    let skipped = 0;
    let after: { score: number; id: string } | undefined;
    for (;;) {
      const page = (await repo.openPage(this.#d.database.db, kind, 100, after)).filter((p) => p.score >= minScore);
      if (page.length === 0) break;
      for (const pair of page) {
        after = { score: pair.score, id: pair.id };
        // Both records live and visible to the user (a record merged earlier in this run is in the bin by now).
        const records =
          kind === 'people'
            ? await this.#d.people.getMany(ctx, [pair.a_id, pair.b_id])
            : await this.#d.companies.getMany(ctx, [pair.a_id, pair.b_id]);
        if (records.length !== 2) {
          skipped++;
          continue;
        }
        const [a, b] = records as { id: string; updatedAt?: string }[];
        const [survivor, other] = (b!.updatedAt ?? '') > (a!.updatedAt ?? '') ? [b!, a!] : [a!, b!];
        try {
          await this.#d.merges.merge(ctx, kind, { survivorId: survivor.id, mergedIds: [other.id] });
          merged++;
        } catch {
          skipped++; // refused (a field rule, a placement the user may not make): left in the queue to review
        }
        await job.progress(merged + skipped, null, `${merged} merged, ${skipped} skipped`);
      }
    }
    return { message: `${merged} pairs merged, ${skipped} skipped` };
  }

  /**
   * The scan: every live record the owner may see, a page at a time; blocking keys (normalised email and phone, first
   * name through nicknames + last name, last name + first initial; domain, name without legal form, its first word);
   * every pair within a block scored; pairs upserted (a dismissed pair stays dismissed) and open pairs not found again
   * removed. Runs as its owner, so it finds what they may see.
   */
  async #scan(job: JobContext): Promise<{ message: string }> {
    const kind = (job.params as { kind: ScanKind }).kind;
    if (!job.ownerId) throw new PermanentJobError('A scan needs the user who asked for it');
    const actor = await this.#d.identity.actorFor(job.ownerId).catch(() => {
      throw new PermanentJobError('The user who asked for this scan no longer exists');
    });
    return this.#scanAs(job, { actor, requestId: `job:${job.id}`, ip: null }, kind);
  }

  async #scanAs(job: JobContext, ctx: Ctx, kind: ScanKind): Promise<{ message: string }> {
    const facts = new Map<
      string,
      { person?: Parameters<typeof scorePeople>[0]; company?: Parameters<typeof scoreCompanies>[0] }
    >();
    const blocks = new Map<string, string[]>();
    const block = (key: string, id: string) => {
      const list = blocks.get(key);
      if (list) list.push(id);
      else blocks.set(key, [id]);
    };
    let cursor: string | undefined;
    let read = 0;
    for (;;) {
      const page =
        kind === 'people'
          ? await this.#d.people.list(ctx, { limit: 200, ...(cursor ? { cursor } : {}) })
          : await this.#d.companies.list(ctx, { limit: 200, ...(cursor ? { cursor } : {}) });
      for (const r of page.data as (Person & Company)[]) {
        if (kind === 'people') {
          const person = {
            firstName: r.firstName ?? '',
            lastName: r.lastName ?? '',
            emails: (r.emails ?? []).map((e) => e.email),
            phones: (r.phones ?? []).map((p) => p.number),
          };
          facts.set(r.id, { person });
          for (const e of person.emails) block(`e:${e}`, r.id);
          for (const p of person.phones) block(`p:${p}`, r.id);
          const first = canonicalFirstName(person.firstName);
          const last = foldName(person.lastName);
          if (first || last) block(`n:${first}|${last}`, r.id);
          if (last) block(`l:${last}|${first.slice(0, 1)}`, r.id);
          // Sound-alike: a surname misspelt the way it sounds (Smith, Smyth) with the same first name.
          if (last && first) block(`s:${soundex(person.lastName)}|${first}`, r.id);
        } else {
          const company = { name: r.name ?? '', domain: r.domain ?? null };
          facts.set(r.id, { company });
          if (company.domain) block(`d:${company.domain}`, r.id);
          const key = companyNameKey(company.name);
          if (key) {
            block(`n:${key}`, r.id);
            block(`w:${key.split(' ')[0]}`, r.id);
          }
        }
      }
      read += page.data.length;
      await job.progress(read, null, `Read ${read} ${kind}`);
      await yieldToEventLoop();
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const found = new Map<string, { a: string; b: string; score: number; reasons: string[] }>();
    for (const ids of blocks.values()) {
      if (ids.length < 2 || ids.length > MAX_BLOCK) continue;
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const [a, b] = ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
          if (a === b || found.has(`${a}|${b}`)) continue;
          const fa = facts.get(a)!;
          const fb = facts.get(b)!;
          const scored = fa.person ? scorePeople(fa.person, fb.person!) : scoreCompanies(fa.company!, fb.company!);
          if (scored) found.set(`${a}|${b}`, { a, b, ...scored });
        }
      }
    }
    const scanId = newId();
    const at = now();
    const pairs = [...found.values()];
    for (let i = 0; i < pairs.length; i += 200) {
      await this.#d.database.db
        .transaction()
        .execute((trx) => repo.upsertPairs(trx, kind, scanId, at, pairs.slice(i, i + 200)));
      await job.progress(read, read, `Recorded ${Math.min(i + 200, pairs.length)} of ${pairs.length} pairs`);
    }
    const removed = await repo.removeStale(this.#d.database.db, kind, scanId);
    return { message: `${read} ${kind} read, ${pairs.length} likely duplicate pairs (${removed} no longer found)` };
  }

  /** The open pairs of a kind, highest score first, each with both records as the reader may see them. */
  async list(
    ctx: Ctx,
    kind: ScanKind,
    opts: { cursor?: string; limit?: number },
  ): Promise<{ data: Pair[]; nextCursor: string | null }> {
    assertCan(ctx.actor, kind, 'read');
    const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
    let after: { score: number; id: string } | undefined;
    if (opts.cursor) {
      const [score, id] = decodeCursor(opts.cursor);
      if (typeof score !== 'number') throw badQuery('/cursor', 'is not a cursor this server issued');
      after = { score, id };
    }
    const rows = await repo.openPage(this.#d.database.db, kind, limit + 1, after);
    const page = rows.slice(0, limit);
    const data = await this.#withRecords(ctx, kind, page);
    const last = page[page.length - 1];
    return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.score, last.id) : null };
  }

  /** "Not a duplicate": the pair leaves the queue and later scans leave it out. */
  async dismiss(ctx: Ctx, id: string): Promise<Pair> {
    const row = await repo.find(this.#d.database.db, id);
    const kind = row?.kind as ScanKind | undefined;
    const [pair] = row && kind ? await this.#withRecords(ctx, kind, [row]) : [];
    if (!row || !kind || !pair)
      throw codedError(DUPLICATES_ERRORS, 'duplicates.not_found', 'Not found', 'No such pair that you may see.');
    assertCan(ctx.actor, kind, 'update');
    await repo.dismiss(this.#d.database.db, id, ctx.actor.id, now());
    return { ...pair, status: 'dismissed' };
  }

  /** Pairs with both records as the reader may see them; a pair with a record the reader may not see is left out. */
  async #withRecords(ctx: Ctx, kind: ScanKind, rows: repo.PairRow[]): Promise<Pair[]> {
    const ids = rows.flatMap((r) => [r.a_id, r.b_id]);
    const records = new Map<string, Person | Company>(
      (kind === 'people' ? await this.#d.people.getMany(ctx, ids) : await this.#d.companies.getMany(ctx, ids)).map(
        (r) => [r.id, r] as const,
      ),
    );
    return rows.flatMap((r) => {
      const a = records.get(r.a_id);
      const b = records.get(r.b_id);
      return a && b
        ? [
            {
              id: r.id,
              score: Number(r.score),
              reasons: JSON.parse(r.reasons) as string[],
              status: r.status as Pair['status'],
              records: [a, b],
            },
          ]
        : [];
    });
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
        scores.push(nameAloneScore(similarity!));
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
