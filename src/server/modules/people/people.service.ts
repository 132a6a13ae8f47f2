/**
 * People: their own rules as hooks of the record kernel (the lifecycle every kind shares: list, get, create, update
 * with version guard, row lock and retry, delete, restore, history, export, audit, events, search document): the list's
 * quick filter, emails and phones, consent, contact facts. Routes call one method; repositories hold the SQL.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { normalisePhone } from '../../../shared/contact.ts';
import type { Database, Executor } from '../../db/database.ts';
import {
  assertCan,
  type Ctx,
  can,
  canReadField,
  canWriteField,
  visibilityScope,
} from '../../platform/access/policy.ts';
import { type HistoryEntry, recordAudit } from '../../platform/audit.ts';
import { applyContact, type ContactFact, contactDueAt, effectiveCadence } from '../../platform/contact-facts.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import {
  badQuery,
  decodeCursor,
  encodeCursor,
  type FieldSpec,
  type ListPage,
  type ListParams,
  type Sort,
} from '../../platform/lists.ts';
import { type KernelDeps, RecordKernel, type RecordQuery } from '../../platform/records/kernel.ts';
import { personDocument } from '../../platform/search/rebuild.ts';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.ts';
import { teamBriefs, userBriefs } from '../identity/identity.service.ts';
// The registry hands every kind's field map and visibility to the access policy.
import '../kinds.ts';
import type { WorkspaceService } from '../workspace/workspace.service.ts';
import { personDto } from './people.dto.ts';
import { peopleKind } from './people.kind.ts';
import { type Children, normalisePerson } from './people.normalise.ts';
import * as repo from './people.repository.ts';
import {
  CONSENT_CHANNELS,
  type ConsentRecord,
  type CreatePerson,
  type NewConsentRecord,
  type Person,
  type UpdatePerson,
} from './people.schemas.ts';
import { personCreatedLine } from './people.timeline.ts';

/** What people need from companies, without touching their tables. */
export interface CompanyDirectory {
  /** Names of the given companies the actor may see. */
  visibleBriefs(ctx: Ctx, ids: (string | null)[], db?: Executor): Promise<Map<string, { id: string; name: string }>>;
  /** Names of companies regardless of who asks (for derived data such as search documents). */
  names(ids: (string | null)[], db?: Executor): Promise<Map<string, string>>;
  /** Whether a live company with that id exists and the actor may see it. */
  isVisible(ctx: Ctx, id: string, db?: Executor): Promise<boolean>;
  /** SQL for the name of the company `column` names, null unless it is live and the actor may see it. */
  visibleNameSql(ctx: Ctx, column: string): RawBuilder<string | null>;
}

export interface PeopleDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  customFields: CustomFieldsService;
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Whether the reader sees people's names: the quick filter matches on a name only then (no hidden-field side channel). */
export function namesReadable(actor: Ctx['actor']): boolean {
  return ['name', 'firstName', 'lastName'].every((f) => canReadField(actor, 'people', f));
}

const listQueryError = (detail: string) =>
  new AppError('list.invalid_query', 400, 'Invalid list query', detail, [{ pointer: '/filter', detail, in: 'query' }]);

export class PeopleService {
  readonly #d: PeopleDeps;
  #companies: CompanyDirectory | undefined;
  readonly records: RecordKernel<repo.PersonRecord, Person, UpdatePerson, Children>;

  constructor(deps: PeopleDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.PersonRecord, Person, UpdatePerson, Children>(
      peopleKind,
      {
        ...deps,
        customFields: deps.customFields as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: (db, ctx) => repo.records(db, this.#relations(ctx)),
        toDtos: (_ctx, rows, db) => this.#hydrate(rows, db),
        fieldOverrides: (_ctx, country) => ({
          email: {
            filter: (op, value) => {
              const v = value.toLowerCase();
              if (op === 'eq') return repo.hasEmail(v);
              if (op === 'contains') return repo.emailLike(`%${escapeLike(v)}%`);
              if (op === 'startsWith') return repo.emailLike(`${escapeLike(v)}%`);
              if (op === 'empty') return sql<SqlBool>`people.primary_email is null`;
              if (op === 'notEmpty') return sql<SqlBool>`people.primary_email is not null`;
              throw listQueryError('email supports eq, contains, startsWith, empty, notEmpty');
            },
          },
          phone: {
            normalise: (v) => {
              const r = normalisePhone(v, country);
              if (!r.ok) throw new Error(`phone ${r.reason}`);
              return r.e164;
            },
            filter: (op, value) => {
              if (op === 'eq') return repo.hasPhone(value);
              if (op === 'empty') return sql<SqlBool>`people.primary_phone is null`;
              if (op === 'notEmpty') return sql<SqlBool>`people.primary_phone is not null`;
              throw listQueryError('phone supports eq, empty, notEmpty');
            },
          },
        }),
        quickFilter: async (ctx, q) => sql<SqlBool>`(${sql.join((await this.#quickFilter(ctx, q)).groups, sql` or `)})`,
        customPage: (ctx, params, sort, limit, base) => this.#quickPage(ctx, params, sort, limit, base),
        normalise: normalisePerson,
        check: async (ctx, db, input, existing) => {
          const problems =
            input.companyId &&
            input.companyId !== existing?.company_id &&
            !(await this.#companiesDir.isVisible(ctx, input.companyId, db))
              ? [{ pointer: '/companyId', detail: 'is not a company you can see', in: 'body' as const }]
              : [];
          return [...problems, ...(await this.#checkTopics(db, input.topics, existing?.topics))];
        },
        afterWrite: (trx, id, extra, ctx) => this.#afterWrite(trx, id, extra, ctx),
        searchDocument: (db, id) => this.#searchDocument(db, id),
        createdLine: personCreatedLine,
        updatedLine: (before, after, changes) => {
          const notable: string[] = [];
          if (changes.lifecycleStage)
            notable.push(`Lifecycle stage: ${changes.lifecycleStage.from} → ${changes.lifecycleStage.to}`);
          if (changes.ownerId)
            notable.push(`Owner: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
          if (changes.companyId)
            notable.push(`Company: ${before.company?.name ?? 'none'} → ${after.company?.name ?? 'none'}`);
          if (changes.topics) notable.push(`Topics: ${after.topics.length > 0 ? after.topics.join(', ') : 'none'}`);
          return notable.length > 0 ? notable.join('; ') : undefined;
        },
        eventPayload: (p, verb) =>
          verb === 'created'
            ? { personId: p.id, companyId: p.companyId, lifecycleStage: p.lifecycleStage }
            : verb === 'updated'
              ? { personId: p.id, companyId: p.companyId }
              : { personId: p.id },
        exportValue: (p, col) => {
          if (col === 'email') return p.emails[0]?.email ?? '';
          if (col === 'phone') return p.phones[0]?.number ?? '';
          if (col === 'company') return p.company?.name ?? '';
          return undefined;
        },
      },
    );
  }

  /** Wired after construction: companies and people know each other through their services. */
  wireCompanies(companies: CompanyDirectory): void {
    this.#companies = companies;
  }

  get #db() {
    return this.#d.database.db;
  }

  get #companiesDir(): CompanyDirectory {
    if (!this.#companies) throw new Error('PeopleService: companies directory not wired');
    return this.#companies;
  }

  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    return this.records.fieldSpecs(ctx);
  }

  // ---------- reads ----------

  /** How this reader's person records are read: company names only where the reader may see the company. */
  #relations(ctx: Ctx): repo.RelationsSpec {
    return {
      dialect: this.#d.database.dialect,
      companyName: this.#companiesDir.visibleNameSql(ctx, 'people.company_id'),
    };
  }

  /** Full DTOs, before field rules (the kernel redacts: `email` is also `emails`, `city` also `address.city`, …). */
  async #hydrate(rows: repo.PersonRecord[], db: Executor): Promise<Person[]> {
    const cadenceDefaults = (await this.#d.workspace.get(db)).cadenceDefaults;
    return rows.map((r) => personDto(r, cadenceDefaults));
  }

  /**
   * Quick search in a list: last-name (or "last first") prefix, email prefix, or an exact phone in any format, each an
   * index range (global search uses the search index). A field the reader's role hides is never matched.
   */
  async #quickFilter(ctx: Ctx, q: string): Promise<repo.QuickFilter> {
    const lower = q.trim().toLowerCase();
    const others: repo.QuickMatch[] = [];
    if (canReadField(ctx.actor, 'people', 'email')) others.push(repo.emailPrefixMatch(lower));
    if (canReadField(ctx.actor, 'people', 'phone') && /\d{5,}/.test(q.replace(/\D/g, ''))) {
      const phone = normalisePhone(q, (await this.#d.workspace.get()).defaultCountry);
      if (phone.ok) others.push(repo.phoneMatch(phone.e164));
    }
    return repo.quickFilter(lower, others, namesReadable(ctx.actor));
  }

  /** In name order, the quick filter lists name matches first: the page reads the name index, not every match. */
  async #quickPage(ctx: Ctx, params: ListParams, sort: Sort, limit: number, base: RecordQuery) {
    const quick = params.q?.trim();
    if (!quick || sort.field.key !== 'name' || sort.desc) return undefined;
    const q = base as repo.PersonQuery;
    const filter = await this.#quickFilter(ctx, quick);
    const page = repo.quickPage(this.#db, q, filter, quickCursor(params.cursor), limit + 1).then((rows) => {
      const last = rows[limit - 1];
      return {
        ids: rows.slice(0, limit).map((r) => r.id),
        next: rows.length > limit && last ? encodeCursor(`${last.group}:${last.name_sort}`, last.id) : null,
      };
    });
    return { page, count: repo.quickCount(this.#db, q, filter) };
  }

  list(ctx: Ctx, params: ListParams): Promise<ListPage<Person>> {
    return this.records.list(ctx, params);
  }

  get(ctx: Ctx, id: string): Promise<Person> {
    return this.records.get(ctx, id);
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  /** The live people among `ids` the actor may see, as redacted DTOs in the order asked (batch reads: cards). */
  getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Person[]> {
    return this.records.getMany(ctx, ids, db);
  }

  // ---------- writes ----------

  create(ctx: Ctx, input: CreatePerson): Promise<Person> {
    return this.records.create(ctx, input);
  }

  update(ctx: Ctx, id: string, input: UpdatePerson, ifMatch?: number): Promise<Person> {
    return this.records.update(ctx, id, input, ifMatch);
  }

  remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    return this.records.remove(ctx, id, ifMatch);
  }

  restore(ctx: Ctx, id: string): Promise<Person> {
    return this.records.restore(ctx, id);
  }

  // ---------- consent records ----------

  /** A person's consent records, newest first (each purpose's newest is the one in force). Needs read on the person. */
  async consentHistory(ctx: Ctx, id: string): Promise<{ data: ConsentRecord[]; erasedAt: string | null }> {
    const person = await this.records.load(ctx, id, this.#db, { allowDeleted: true });
    return { data: (await repo.consentRecords(this.#db, id)).map(consentDto), erasedAt: person.erased_at };
  }

  /**
   * Appends a consent record (never edits one: the new record supersedes the purpose's previous one). For a contact
   * channel (email, phone, sms, post) the person's current consent map follows the newest record. Audited.
   */
  async recordConsent(ctx: Ctx, id: string, input: NewConsentRecord): Promise<ConsentRecord> {
    assertCan(ctx.actor, 'people', 'update');
    if (!canWriteField(ctx.actor, 'people', 'consent')) throw forbidden('Your role may not change consent.');
    return this.#db.transaction().execute(async (trx) => {
      const person = await this.records.load(ctx, id, trx, { forWrite: true });
      const previous = await repo.latestConsent(trx, id, input.purpose);
      const at = now();
      const row = {
        id: newId(),
        person_id: id,
        purpose: input.purpose,
        granted: input.granted ? 1 : 0,
        source: input.source.trim(),
        wording_version: input.wordingVersion?.trim() || null,
        supersedes_id: previous?.id ?? null,
        recorded_at: at,
        recorded_by: ctx.actor.id,
      };
      await repo.insertConsentRecord(trx, row);
      if ((CONSENT_CHANNELS as readonly string[]).includes(input.purpose)) {
        const map = JSON.parse(person.consent) as Record<string, unknown>;
        map[input.purpose] = { granted: input.granted, source: row.source, at };
        await repo.setConsentMap(trx, id, JSON.stringify(map), at);
      }
      await recordAudit(trx, ctx, {
        action: 'consent',
        object: 'people',
        recordId: id,
        changes: {
          [`consent.${input.purpose}`]: {
            from: previous ? previous.granted === 1 : null,
            to: input.granted,
          },
        },
        meta: { source: row.source, wordingVersion: row.wording_version },
      });
      return consentDto(row);
    });
  }

  /** After a write, in the same transaction: the emails and phones written, consent changes, the contact due date. */
  /**
   * Topics a write adds must be on the workspace's list; one the person already has stays valid after an admin takes
   * it off the list (until someone removes it from the person).
   */
  async #checkTopics(db: Executor, topics: string[] | undefined, current: string | undefined) {
    if (!topics || topics.length === 0) return [];
    const offered = new Set((await this.#d.workspace.get(db)).communicationTopics);
    const had = new Set<string>(current ? JSON.parse(current) : []);
    return topics.flatMap((t, i) =>
      offered.has(t.trim()) || had.has(t.trim())
        ? []
        : [
            {
              pointer: `/topics/${i}`,
              detail: `is not one of the workspace's communication topics`,
              in: 'body' as const,
            },
          ],
    );
  }

  async #afterWrite(trx: Executor, id: string, extra: Children | undefined, ctx?: Ctx): Promise<void> {
    if (extra?.emails) await repo.replaceEmails(trx, id, extra.emails);
    if (extra?.phones) await repo.replacePhones(trx, id, extra.phones);
    for (const c of extra?.consents ?? []) {
      const previous = await repo.latestConsent(trx, id, c.purpose);
      await repo.insertConsentRecord(trx, {
        id: newId(),
        person_id: id,
        purpose: c.purpose,
        granted: c.granted ? 1 : 0,
        source: c.source,
        wording_version: null,
        supersedes_id: previous?.id ?? null,
        recorded_at: c.at,
        recorded_by: ctx?.actor.id ?? null,
      });
    }
    const row = (await repo.findById(trx, id))!;
    const cadence = effectiveCadence(
      row.cadence_days,
      row.lifecycle_stage,
      (await this.#d.workspace.get(trx)).cadenceDefaults,
    );
    const due = contactDueAt(row.last_two_way_at, row.created_at, cadence);
    if (due !== row.contact_due_at) await repo.updateContactFacts(trx, id, { contact_due_at: due });
  }

  /** The search document, built from the full record whoever wrote it (the same builder as the rebuild). */
  async #searchDocument(db: Executor, id: string) {
    const row = (await repo.findById(db, id))!;
    const [emails, phones, companies] = await Promise.all([
      repo.emailsOf(db, [id]),
      repo.phonesOf(db, [id]),
      this.#companiesDir.names([row.company_id], db),
    ]);
    return personDocument(
      row,
      emails.map((e) => e.email),
      phones.map((p) => p.e164),
      row.company_id ? companies.get(row.company_id) : undefined,
    );
  }

  /**
   * Records a touchpoint's effect on the person's contact facts (called by activities in their transaction). Does not
   * bump the version: logging a call must not make someone's open edit form stale.
   */
  async recordContact(db: Executor, personId: string, fact: ContactFact): Promise<void> {
    const row = await repo.findById(db, personId);
    if (!row) return;
    const cadence = effectiveCadence(
      row.cadence_days,
      row.lifecycle_stage,
      (await this.#d.workspace.get(db)).cadenceDefaults,
    );
    const patch = applyContact(row, fact, cadence);
    if (Object.keys(patch).length > 0) await repo.updateContactFacts(db, personId, patch);
  }

  /** Names of people regardless of who asks (for system work such as reminders addressed to their owner). */
  async names(ids: (string | null)[], db: Executor = this.#db): Promise<Map<string, string>> {
    const briefs = await repo.briefs(db, { kind: 'all' }, ids);
    return new Map([...briefs].map(([id, b]) => [id, b.name]));
  }

  /** SQL for the number of live people the actor may see in the company `column` names (0 without people read). */
  visibleCountSql(ctx: Ctx, column: string): RawBuilder<number> {
    if (!can(ctx.actor, 'people', 'read')) return sql<number>`0`;
    return repo.visibleCountSql(visibilityScope(ctx.actor, 'people'), column);
  }

  /** People counts per company, within what the actor may see. */
  countByCompany(ctx: Ctx, companyIds: string[], db: Executor = this.#db): Promise<Map<string, number>> {
    if (!can(ctx.actor, 'people', 'read')) return Promise.resolve(new Map());
    return repo.countByCompany(db, visibilityScope(ctx.actor, 'people'), companyIds);
  }

  /**
   * Ids of the live people the actor may see with exactly this email (lower-cased) and/or phone (E.164), through the
   * email and phone indexes. A criterion on a field the actor's role hides is ignored: a hidden value never matches.
   */
  async findByEmailOrPhone(
    ctx: Ctx,
    by: { email?: string; e164?: string },
    db: Executor = this.#db,
    limit = 25,
  ): Promise<string[]> {
    const { actor } = ctx;
    if (!can(actor, 'people', 'read')) return [];
    const readable = (f: string) => canReadField(actor, 'people', f) && canReadField(actor, 'people', `${f}s`);
    return repo.idsByEmailOrPhone(
      db,
      visibilityScope(actor, 'people'),
      { email: readable('email') ? by.email : undefined, e164: readable('phone') ? by.e164 : undefined },
      limit,
    );
  }

  /** Names and companies of the live people among `ids` the actor may see; empty without people read. */
  briefs(
    ctx: Ctx,
    ids: (string | null)[],
    db: Executor = this.#db,
  ): Promise<Map<string, { id: string; name: string; companyId: string | null }>> {
    if (!can(ctx.actor, 'people', 'read')) return Promise.resolve(new Map());
    return repo.briefs(db, visibilityScope(ctx.actor, 'people'), ids);
  }

  /**
   * A condition other modules put in their own queries: true when the person id in `column` (e.g.
   * `timeline.person_id`) is one the actor may see. Null ids are not matched: callers decide what a missing person
   * means. Built from the same `visibleTo` scope as every people list, as a correlated EXISTS on people's primary key.
   */
  visibleCondition(ctx: Ctx, column: string): Expression<SqlBool> {
    if (!can(ctx.actor, 'people', 'read')) return sql<SqlBool>`1 = 0`;
    const scope = visibilityScope(ctx.actor, 'people');
    if (scope.kind === 'all') return sql<SqlBool>`${sql.ref(column)} is not null`;
    return repo.visibleIdIn(scope, column);
  }

  // ---------- export ----------

  /** CSV of every matching record the actor may see, with only the columns the actor may read. Audited. */
  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined): Promise<{ csv: string; rows: number }> {
    return this.records.exportCsv(ctx, params, columns);
  }

  /** The export as pages of raw cells (header first), constant memory; see the kernel. Not audited. */
  exportRows(ctx: Ctx, params: ListParams, columns: string[] | undefined, pageSize = 1000) {
    return this.records.exportRows(ctx, params, columns, pageSize);
  }
}

/** A quick-filter cursor: `group:name` and the id of the last person shown. */
function quickCursor(cursor: string | undefined): repo.QuickCursor | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  const m = typeof value === 'string' ? /^([01]):(.*)$/s.exec(value) : null;
  if (!m) throw badQuery('/cursor', 'is not a cursor this server issued');
  return { group: Number(m[1]), name: m[2]!, id };
}

const consentDto = (r: repo.ConsentRecordRow): ConsentRecord => ({
  id: r.id,
  purpose: r.purpose,
  granted: r.granted === 1,
  source: r.source,
  wordingVersion: r.wording_version,
  supersedesId: r.supersedes_id,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});
