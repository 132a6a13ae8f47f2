/**
 * Companies: rules, access checks and transactions. Routes call one method; the repository holds the SQL. People are
 * reached only through PeopleService (counts, lists); people reach companies through the CompanyDirectory interface.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { normaliseDomain } from '../../../shared/contact.ts';
import type { Database, Executor } from '../../db/database.ts';
import {
  assertCan,
  assertPlacement,
  type Ctx,
  can,
  canReadField,
  canWriteField,
  inScope,
  ownerTeam,
  redact,
  visibilityScope,
} from '../../platform/access/policy.ts';
import { diff, fieldHistory, type HistoryEntry, recordAudit } from '../../platform/audit.ts';
import { VALUE_TIERS } from '../../platform/contact-facts.schemas.ts';
import { applyContact, type ContactFact, contactDueAt, effectiveCadence } from '../../platform/contact-facts.ts';
import { toCsv } from '../../platform/csv.ts';
import { AppError, type FieldError, forbidden, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import {
  afterCursor,
  clampLimit,
  encodeCursor,
  type FieldSpec,
  type ListPage,
  type ListParams,
  ownershipFields,
  parseFilters,
  parseSort,
  standardFilter,
  visibleFields,
} from '../../platform/lists.ts';
import { removeSearchDocument, upsertSearchDocument } from '../../platform/search/documents.ts';
import { jsonArrayContains } from '../../platform/sql-json.ts';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.ts';
import { teamBriefs, userBriefs } from '../identity/identity.service.ts';
import type { Person } from '../people/people.schemas.ts';
import type { CompanyDirectory, PeopleService } from '../people/people.service.ts';
import type { WorkspaceService } from '../workspace/workspace.service.ts';
import * as repo from './companies.repository.ts';
import {
  COMPANY_SIZES,
  COMPANY_WRITABLE_FIELDS,
  type Company,
  type CreateCompany,
  type UpdateCompany,
} from './companies.schemas.ts';

export interface CompaniesDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  customFields: CustomFieldsService;
  people: PeopleService;
}

/** How many ancestors a company may have: deeper hierarchies are refused, and a corrupt loop cannot hang a walk. */
export const MAX_HIERARCHY_DEPTH = 20;

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export class CompaniesService implements CompanyDirectory {
  readonly #d: CompaniesDeps;

  constructor(deps: CompaniesDeps) {
    this.#d = deps;
  }

  get #db() {
    return this.#d.database.db;
  }

  #scope(ctx: Ctx) {
    return visibilityScope(ctx.actor, 'companies');
  }

  // ---------- fields ----------

  async fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    const { dialect } = this.#d.database;
    const country = (await this.#d.workspace.get()).defaultCountry;
    const col = (c: string) => sql.ref(`companies.${c}`);
    // Hidden for most roles (`companies.creditLimit: 'hidden'`); visibleFields drops it from filters and sorts.
    const creditLimit: FieldSpec = {
      key: 'creditLimit',
      label: 'Credit limit',
      type: 'currency',
      filterable: true,
      sortable: true,
      custom: false,
      expr: col('credit_limit_minor'),
      // The standard empty/notEmpty also compare with '', which PostgreSQL refuses for a bigint column.
      filter: (op, value) => {
        if (op === 'empty') return sql<SqlBool>`companies.credit_limit_minor is null`;
        if (op === 'notEmpty') return sql<SqlBool>`companies.credit_limit_minor is not null`;
        return standardFilter(creditLimit, op, value, dialect, '/filter');
      },
    };
    const std: FieldSpec[] = [
      {
        key: 'name',
        label: 'Name',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('name_sort'),
        notNull: true,
      },
      {
        key: 'domain',
        label: 'Domain',
        type: 'url',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('domain'),
        normalise: (v) => v.trim().toLowerCase(),
      },
      {
        key: 'industry',
        label: 'Industry',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('industry'),
      },
      {
        key: 'size',
        label: 'Size',
        type: 'select',
        options: [...COMPANY_SIZES],
        filterable: true,
        sortable: false, // '1-10' < '1000+' < '11-50' as text: sorting by it would mislead
        custom: false,
        expr: col('size'),
      },
      { key: 'city', label: 'City', type: 'text', filterable: true, sortable: true, custom: false, expr: col('city') },
      {
        key: 'country',
        label: 'Country',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('country'),
        normalise: (v) => v.trim().toUpperCase(),
      },
      ...ownershipFields('companies', dialect),
      {
        key: 'parentId',
        label: 'Parent company',
        type: 'reference',
        filterable: true,
        sortable: false,
        custom: false,
        expr: col('parent_id'),
      },
      creditLimit,
      {
        key: 'createdAt',
        label: 'Created',
        type: 'datetime',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('created_at'),
        notNull: true,
      },
      {
        key: 'updatedAt',
        label: 'Updated',
        type: 'datetime',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('updated_at'),
        notNull: true,
      },
      ...(
        [
          ['lastContactAt', 'Last contact', 'last_contact_at'],
          ['lastTwoWayAt', 'Last two-way contact', 'last_two_way_at'],
          ['contactDueAt', 'Contact due', 'contact_due_at'],
        ] as const
      ).map(
        ([key, label, column]): FieldSpec => ({
          key,
          label,
          type: 'datetime',
          filterable: true,
          sortable: true,
          custom: false,
          expr: col(column),
        }),
      ),
      {
        key: 'valueTier',
        label: 'Value tier',
        type: 'select',
        options: [...VALUE_TIERS],
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('value_tier'),
      },
      {
        key: 'flags',
        label: 'Flags',
        type: 'multiSelect',
        filterable: true,
        sortable: false,
        custom: false,
        expr: col('flags'),
        filter: (_op, value) => jsonArrayContains(dialect, 'companies.flags', null, value),
      },
    ];
    const defs = await this.#d.customFields.list('companies');
    return visibleFields(ctx.actor, 'companies', [
      ...std,
      ...this.#d.customFields.fieldSpecs(defs, 'companies', country),
    ]);
  }

  // ---------- the directory people use ----------

  async visibleBriefs(
    ctx: Ctx,
    ids: (string | null)[],
    db: Executor = this.#db,
  ): Promise<Map<string, { id: string; name: string }>> {
    if (!can(ctx.actor, 'companies', 'read')) return new Map();
    return repo.briefs(db, this.#scope(ctx), ids);
  }

  async names(ids: (string | null)[], db: Executor = this.#db): Promise<Map<string, string>> {
    const briefs = await repo.briefs(db, { kind: 'all' }, ids);
    return new Map([...briefs].map(([id, b]) => [id, b.name]));
  }

  visibleNameSql(ctx: Ctx, column: string): RawBuilder<string | null> {
    return repo.visibleNameSql(can(ctx.actor, 'companies', 'read') ? this.#scope(ctx) : null, column);
  }

  /** How this reader's company records are read: their scope, and the people count they may see. */
  #relations(ctx: Ctx): repo.RelationsSpec {
    return { scope: this.#scope(ctx), peopleCount: this.#d.people.visibleCountSql(ctx, 'companies.id') };
  }

  /** One company's full response before field rules, as this reader sees it (used after a write). */
  async #full(ctx: Ctx, id: string, db: Executor): Promise<Company> {
    const [record] = await repo.findRecords(db, this.#relations(ctx), [id]);
    return (await this.#hydrate(ctx, [record!], db))[0]!;
  }

  async isVisible(ctx: Ctx, id: string, db: Executor = this.#db): Promise<boolean> {
    return (await this.visibleBriefs(ctx, [id], db)).has(id);
  }

  // ---------- reads ----------

  /** The live companies among `ids` the actor may see, as redacted DTOs in the order asked (batch reads: cards). */
  async getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Company[]> {
    const unique = [...new Set(ids)];
    if (!can(ctx.actor, 'companies', 'read') || unique.length === 0) return [];
    const rows = new Map(
      (await repo.findRecords(db, this.#relations(ctx), unique, { live: true })).map((r) => [r.id, r]),
    );
    const ordered = unique.flatMap((id) => rows.get(id) ?? []);
    return ordered.length === 0 ? [] : this.#toDtos(ctx, ordered, db);
  }

  /** Full DTOs, before field rules: what the audit trail compares. */
  async #hydrate(_ctx: Ctx, rows: repo.CompanyRecord[], db: Executor): Promise<Company[]> {
    const cadenceDefaults = (await this.#d.workspace.get(db)).cadenceDefaults;
    return rows.map((r) => {
      return {
        id: r.id,
        name: r.name,
        domain: r.domain,
        industry: r.industry,
        size: r.size as Company['size'],
        address: {
          line1: r.address_line1,
          line2: r.address_line2,
          city: r.city,
          region: r.region,
          postalCode: r.postal_code,
          country: r.country,
        },
        ownerId: r.owner_id,
        owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
        teamId: r.team_id,
        team: r.team_id && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
        tags: JSON.parse(r.tags),
        parentId: r.parent_id,
        parent: r.parent_id && r.parent_name !== null ? { id: r.parent_id, name: r.parent_name } : null,
        creditLimit:
          r.credit_limit_minor === null || r.credit_limit_currency === null
            ? null
            : { amountMinor: Number(r.credit_limit_minor), currency: r.credit_limit_currency },
        customFields: JSON.parse(r.custom_fields),
        peopleCount: Number(r.people_count),
        valueTier: r.value_tier as Company['valueTier'],
        flags: JSON.parse(r.flags),
        cadenceDays: r.cadence_days,
        effectiveCadenceDays: effectiveCadence(r.cadence_days, 'customer', cadenceDefaults),
        lastContact: r.last_contact_at
          ? {
              at: r.last_contact_at,
              by:
                r.last_contact_by && r.last_contact_by_name !== null
                  ? { id: r.last_contact_by, name: r.last_contact_by_name }
                  : null,
              channel: r.last_contact_channel,
            }
          : null,
        lastTwoWayAt: r.last_two_way_at,
        contactDueAt: r.contact_due_at,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
      };
    });
  }

  async #toDtos(ctx: Ctx, rows: repo.CompanyRecord[], db: Executor = this.#db): Promise<Company[]> {
    return (await this.#hydrate(ctx, rows, db)).map((c) => redact(ctx.actor, 'companies', c));
  }

  async #query(ctx: Ctx, params: ListParams, fields: FieldSpec[]): Promise<repo.CompanyQuery> {
    const where = parseFilters(params.filter, fields, this.#d.database.dialect);
    const q = params.q?.trim();
    if (q) {
      const lower = escapeLike(q.toLowerCase());
      where.push(sql<boolean>`(${repo.nameLike(`${lower}%`)} or ${repo.domainLike(`${lower}%`)})`);
    }
    const includeDeleted = params.includeDeleted === true;
    if (includeDeleted) assertCan(ctx.actor, 'companies', 'delete');
    return { scope: this.#scope(ctx), where, includeDeleted };
  }

  async list(ctx: Ctx, params: ListParams): Promise<ListPage<Company>> {
    assertCan(ctx.actor, 'companies', 'read');
    const fields = await this.fieldSpecs(ctx);
    const sort = parseSort(params.sort, fields, 'name', this.#d.database.dialect, sql.ref('companies.id'));
    const q = await this.#query(ctx, params, fields);
    const limit = clampLimit(params.limit);
    // The count runs beside the page and its records (on PostgreSQL on another pooled connection).
    const [{ rows, records }, total] = await Promise.all([
      repo.listPage(this.#db, q, sort, afterCursor(sort, params.cursor, 'companies.id'), limit).then(async (rows) => ({
        rows,
        records: new Map(
          (
            await repo.findRecords(
              this.#db,
              this.#relations(ctx),
              rows.slice(0, limit).map((r) => r.id),
            )
          ).map((r) => [r.id, r]),
        ),
      })),
      params.cursor ? -1 : repo.countCapped(this.#db, q),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: await this.#toDtos(
        ctx,
        page.flatMap((r) => records.get(r.id) ?? []),
      ),
      nextCursor: rows.length > limit && last ? encodeCursor(last._sort, last.id) : null,
      total: total === -1 ? -1 : Math.min(total, 10_000),
      totalCapped: total > 10_000,
    };
  }

  async #load(ctx: Ctx, id: string, db: Executor, opts: { allowDeleted?: boolean } = {}): Promise<repo.CompanyRecord> {
    const [row] = await repo.findRecords(db, this.#relations(ctx), [id]);
    if (!row) throw notFound('companies');
    if (row.deleted_at && !opts.allowDeleted) throw notFound('companies');
    return row;
  }

  async get(ctx: Ctx, id: string): Promise<Company> {
    assertCan(ctx.actor, 'companies', 'read');
    const row = await this.#load(ctx, id, this.#db, { allowDeleted: can(ctx.actor, 'companies', 'delete') });
    return (await this.#toDtos(ctx, [row]))[0]!;
  }

  /** Live child companies the actor may see. */
  async children(ctx: Ctx, id: string): Promise<{ id: string; name: string }[]> {
    assertCan(ctx.actor, 'companies', 'read');
    await this.#load(ctx, id, this.#db);
    return repo.childrenOf(this.#db, this.#scope(ctx), id);
  }

  /** The people at a company (the people list, narrowed to it); 404 when the company is not visible. */
  async listPeople(ctx: Ctx, companyId: string, params: ListParams): Promise<ListPage<Person>> {
    assertCan(ctx.actor, 'companies', 'read');
    if (!canReadField(ctx.actor, 'people', 'companyId')) {
      throw forbidden("Your role hides people's company (people.companyId), so it may not list a company's people.");
    }
    await this.#load(ctx, companyId, this.#db);
    const existing = params.filter === undefined ? [] : Array.isArray(params.filter) ? params.filter : [params.filter];
    return this.#d.people.list(ctx, { ...params, filter: [...existing, `companyId:eq:${companyId}`] });
  }

  async history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    assertCan(ctx.actor, 'companies', 'read');
    await this.#load(ctx, id, this.#db, { allowDeleted: true });
    return fieldHistory(this.#db, ctx.actor, 'companies', id);
  }

  // ---------- writes ----------

  /** Why `parentId` cannot be the parent of `selfId` (undefined for a new company), or undefined when it can. */
  async #parentProblem(
    ctx: Ctx,
    db: Executor,
    parentId: string,
    selfId: string | undefined,
  ): Promise<string | undefined> {
    if (parentId === selfId) return 'cannot be the company itself';
    if (!(await this.isVisible(ctx, parentId, db))) return 'is not a company you can see';
    // Walk up from the new parent, whoever may see the ancestors: a hidden company still closes a loop.
    let current: string | null | undefined = parentId;
    for (let depth = 1; current; depth++) {
      if (current === selfId) return 'would make the company its own ancestor';
      if (depth > MAX_HIERARCHY_DEPTH) return `would nest companies more than ${MAX_HIERARCHY_DEPTH} levels deep`;
      current = await repo.parentIdOf(db, current);
    }
    return undefined;
  }

  /** Validates and normalises a create/update input into row columns; throws 422 naming each bad field. */
  async #prepare(ctx: Ctx, db: Executor, input: UpdateCompany, existing: repo.CompanyRow | undefined) {
    const errors: FieldError[] = [];
    // Through the transaction: on SQLite a read on the root connection would wait for this transaction forever.
    const ws = await this.#d.workspace.get(db);
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    for (const key of Object.keys(input)) {
      if (COMPANY_WRITABLE_FIELDS.includes(key) && !canWriteField(ctx.actor, 'companies', key)) {
        err(`/${key}`, 'your role may not change this field');
      }
    }
    for (const key of Object.keys(input.customFields ?? {})) {
      if (!canWriteField(ctx.actor, 'companies', `cf.${key}`)) {
        err(`/customFields/${key}`, 'your role may not change this field');
      }
    }
    if (input.name !== undefined && input.name.trim() === '') err('/name', 'is required');
    let domain: string | null | undefined = input.domain;
    if (typeof input.domain === 'string') {
      domain = input.domain.trim() === '' ? null : (normaliseDomain(input.domain) ?? null);
      if (input.domain.trim() !== '' && domain === null) err('/domain', 'is not a valid domain name');
    }
    if (input.creditLimit && !CURRENCIES.has(input.creditLimit.currency)) {
      err('/creditLimit/currency', 'is not a known ISO 4217 currency');
    }
    if (input.parentId && input.parentId !== existing?.parent_id) {
      const problem = await this.#parentProblem(ctx, db, input.parentId, existing?.id);
      if (problem) err('/parentId', problem);
    }
    let ownerId = input.ownerId === undefined ? (existing ? existing.owner_id : ctx.actor.id) : input.ownerId;
    let teamId = input.teamId === undefined ? (existing ? existing.team_id : undefined) : input.teamId;
    let ownerTeamIds: string[] = [];
    if (ownerId) {
      const owner = (await userBriefs(db, [ownerId])).get(ownerId);
      ownerTeamIds = owner?.teamIds ?? [];
      if (!owner?.active) err('/ownerId', 'is not an active user');
      else if (teamId === undefined || (input.ownerId !== undefined && input.teamId === undefined)) {
        teamId = ownerTeam(ctx.actor, 'companies', owner.teamIds);
      }
    } else ownerId = null;
    if (teamId === undefined) teamId = ctx.actor.teamIds[0] ?? null;
    if (teamId && input.teamId !== undefined && !(await teamBriefs(db, [teamId])).has(teamId)) {
      err('/teamId', 'is not a team');
    }
    const defs = await this.#d.customFields.list('companies', db);
    const custom = this.#d.customFields.validate(
      defs,
      input.customFields,
      existing ? JSON.parse(existing.custom_fields) : {},
      ws.defaultCountry,
      !existing,
    );
    errors.push(...custom.errors);
    if (errors.length > 0) throw validation(errors);

    assertPlacement(
      ctx.actor,
      'companies',
      { ownerId, ownerTeamIds, teamId },
      existing ? { ownerId: existing.owner_id, teamId: existing.team_id } : undefined,
    );
    // A record must stay visible to the one who writes it: a team-scoped user cannot hand a record to another team.
    if (!inScope(this.#scope(ctx), { owner_id: ownerId, team_id: teamId })) {
      throw validation([
        {
          pointer: input.teamId !== undefined ? '/teamId' : '/ownerId',
          detail: 'would move the record outside what you may see',
          in: 'body',
        },
      ]);
    }

    const name = input.name?.trim();
    const a = input.address;
    const credit = input.creditLimit;
    return {
      name,
      name_sort: name?.toLowerCase(),
      domain,
      industry: input.industry === undefined ? undefined : input.industry?.trim() || null,
      size: input.size,
      owner_id: ownerId,
      team_id: teamId,
      tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
      parent_id: input.parentId,
      credit_limit_minor: credit === undefined ? undefined : (credit?.amountMinor ?? null),
      credit_limit_currency: credit === undefined ? undefined : (credit?.currency ?? null),
      custom_fields: input.customFields ? JSON.stringify(custom.values) : undefined,
      address_line1: a ? (a.line1 ?? null) : undefined,
      address_line2: a ? (a.line2 ?? null) : undefined,
      city: a ? (a.city ?? null) : undefined,
      region: a ? (a.region ?? null) : undefined,
      postal_code: a ? (a.postalCode ?? null) : undefined,
      country: a ? (a.country?.toUpperCase() ?? null) : undefined,
      value_tier: input.valueTier,
      flags: input.flags ? JSON.stringify([...new Set(input.flags.map((f) => f.trim()))]) : undefined,
      cadence_days: input.cadenceDays,
    };
  }

  /** Keeps the search document and the contact due date in step after a write, in the same transaction. */
  async #afterWrite(trx: Executor, id: string): Promise<void> {
    const row = (await repo.findById(trx, { kind: 'all' }, id))!;
    await upsertSearchDocument(trx, {
      kind: 'companies',
      recordId: id,
      ownerId: row.owner_id,
      teamId: row.team_id,
      title: row.name,
      subtitle: [row.domain, row.city].filter(Boolean).join(' · ') || null,
      terms: [row.name, row.domain, row.domain?.split('.')[0]],
    });
    const cadence = effectiveCadence(row.cadence_days, 'customer', (await this.#d.workspace.get(trx)).cadenceDefaults);
    const due = contactDueAt(row.last_two_way_at, row.created_at, cadence);
    if (due !== row.contact_due_at) await repo.updateContactFacts(trx, id, { contact_due_at: due });
  }

  /** Records a touchpoint's effect on the company's contact facts (no version bump: not a user edit). */
  async recordContact(db: Executor, companyId: string, fact: ContactFact): Promise<void> {
    const row = await repo.findById(db, { kind: 'all' }, companyId);
    if (!row) return;
    const cadence = effectiveCadence(row.cadence_days, 'customer', (await this.#d.workspace.get(db)).cadenceDefaults);
    const patch = applyContact(row, fact, cadence);
    if (Object.keys(patch).length > 0) await repo.updateContactFacts(db, companyId, patch);
  }

  async create(ctx: Ctx, input: CreateCompany): Promise<Company> {
    assertCan(ctx.actor, 'companies', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const c = await this.#prepare(ctx, trx, input, undefined);
      const id = newId();
      const t = now();
      await repo.insert(trx, {
        ...c,
        id,
        name: c.name!,
        name_sort: c.name_sort!,
        parent_id: c.parent_id ?? null,
        tags: c.tags ?? '[]',
        custom_fields: c.custom_fields ?? '{}',
        created_at: t,
        updated_at: t,
      });
      await this.#afterWrite(trx, id);
      const full = await this.#full(ctx, id, trx);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'companies',
        recordId: id,
        changes: diff({}, auditSnapshot(full)),
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'company.created',
        object: 'companies',
        recordId: id,
        payload: { companyId: id, parentId: full.parentId },
        timeline: { summary: `${full.name} was added`, companyId: id },
      });
      return redact(ctx.actor, 'companies', full);
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateCompany, ifMatch?: number): Promise<Company> {
    assertCan(ctx.actor, 'companies', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const scope = this.#scope(ctx);
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = (await this.#hydrate(ctx, [row], trx))[0]!;
      const c = await this.#prepare(ctx, trx, input, row);
      // Optimistic concurrency: the version in the WHERE makes a concurrent writer lose cleanly.
      const n = await repo.update(trx, scope, id, { ...c, version: row.version + 1, updated_at: now() }, row.version);
      if (n === 0) throw staleVersion(row.version + 1);
      await this.#afterWrite(trx, id);
      const after = await this.#full(ctx, id, trx);
      const changes = diff(auditSnapshot(before), auditSnapshot(after));
      await recordAudit(trx, ctx, { action: 'update', object: 'companies', recordId: id, changes });
      const notable: string[] = [];
      if (changes.name) notable.push(`Renamed: ${before.name} → ${after.name}`);
      if (changes.ownerId) notable.push(`Owner: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
      await this.#d.events.publish(trx, ctx, {
        type: 'company.updated',
        object: 'companies',
        recordId: id,
        payload: { companyId: id, changed: Object.keys(changes) },
        timeline: notable.length > 0 ? { summary: notable.join('; '), companyId: id } : undefined,
      });
      return redact(ctx.actor, 'companies', after);
    });
  }

  async remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    assertCan(ctx.actor, 'companies', 'delete');
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const t = now();
      const n = await repo.update(
        trx,
        this.#scope(ctx),
        id,
        { deleted_at: t, updated_at: t, version: row.version + 1 },
        row.version,
      );
      if (n === 0) throw staleVersion(row.version + 1);
      await removeSearchDocument(trx, 'companies', id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'companies',
        recordId: id,
        changes: { deletedAt: { from: null, to: t } },
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'company.deleted',
        object: 'companies',
        recordId: id,
        payload: { companyId: id },
        timeline: { summary: 'Moved to the bin', companyId: id },
      });
    });
  }

  async restore(ctx: Ctx, id: string): Promise<Company> {
    assertCan(ctx.actor, 'companies', 'delete');
    return this.#db.transaction().execute(async (trx) => {
      const scope = this.#scope(ctx);
      const row = await this.#load(ctx, id, trx, { allowDeleted: true });
      if (!row.deleted_at) return (await this.#toDtos(ctx, [row], trx))[0]!;
      const n = await repo.update(
        trx,
        scope,
        id,
        { deleted_at: null, updated_at: now(), version: row.version + 1 },
        row.version,
      );
      if (n === 0) throw staleVersion(row.version + 1);
      await this.#afterWrite(trx, id);
      await recordAudit(trx, ctx, {
        action: 'restore',
        object: 'companies',
        recordId: id,
        changes: { deletedAt: { from: row.deleted_at, to: null } },
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'company.restored',
        object: 'companies',
        recordId: id,
        payload: { companyId: id },
        timeline: { summary: 'Restored from the bin', companyId: id },
      });
      return redact(ctx.actor, 'companies', await this.#full(ctx, id, trx));
    });
  }

  // ---------- export ----------

  /** CSV of every matching record the actor may see, with only the columns the actor may read. Audited. */
  async exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined): Promise<{ csv: string; rows: number }> {
    const out: string[][] = [];
    for await (const page of this.exportRows(ctx, params, columns)) {
      out.push(...page);
      if (out.length > 200_001) break;
    }
    await recordAudit(this.#db, ctx, {
      action: 'export',
      object: 'companies',
      meta: { rows: out.length - 1, columns: out[0], filter: params.filter ?? null, q: params.q ?? null },
    });
    return { csv: toCsv(out), rows: out.length - 1 };
  }

  /**
   * The export as pages of raw cells: first the header (the column keys), then one page per keyset page of matching
   * records the actor may see, with only the columns the actor may read (constant memory however many match). The
   * columns, filter and search are checked when the first page is asked for. Not audited: callers record the export.
   */
  async *exportRows(
    ctx: Ctx,
    params: ListParams,
    columns: string[] | undefined,
    pageSize = 1000,
  ): AsyncGenerator<string[][]> {
    assertCan(ctx.actor, 'companies', 'export');
    const fields = await this.fieldSpecs(ctx);
    const readable = new Set(fields.map((f) => f.key));
    // `owner`, `team` and `parent` export the name of `ownerId`, `teamId`, `parentId`: only when those are readable.
    const always = ['id', 'peopleCount', ...['owner', 'team', 'parent'].filter((c) => readable.has(`${c}Id`))];
    const exportable = [
      'id',
      'name',
      'domain',
      'industry',
      'size',
      'city',
      'country',
      'owner',
      'team',
      'parent',
      'tags',
      'creditLimit',
      'creditLimitCurrency',
      'peopleCount',
      'createdAt',
      'updatedAt',
      'lastContactAt',
      'lastTwoWayAt',
      'contactDueAt',
      'valueTier',
      'flags',
    ];
    const allowed = new Set([
      ...exportable.filter((c) => always.includes(c) || readable.has(c === 'creditLimitCurrency' ? 'creditLimit' : c)),
      ...fields.filter((f) => f.custom).map((f) => f.key),
    ]);
    const cols = columns && columns.length > 0 ? columns : [...allowed];
    const bad = cols.findIndex((c) => !allowed.has(c));
    if (bad >= 0) {
      throw new AppError('list.invalid_query', 400, 'Invalid export', `unknown column "${cols[bad]}"`, [
        { pointer: `/columns/${bad}`, detail: 'is not an exportable column', in: 'query' },
      ]);
    }
    const q = await this.#query(ctx, params, fields);
    yield [cols];
    for await (const rows of repo.scan(this.#db, this.#relations(ctx), q, pageSize)) {
      yield (await this.#toDtos(ctx, rows)).map((c) => cols.map((col) => csvValue(c, col)));
    }
  }
}

/** A minor-unit amount as a decimal string in its currency's usual precision (JPY 0, EUR 2, BHD 3). */
function decimalAmount(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amountMinor / 10 ** digits).toFixed(digits);
}

function csvValue(c: Company, col: string): string {
  switch (col) {
    case 'owner':
      return c.owner?.name ?? '';
    case 'team':
      return c.team?.name ?? '';
    case 'parent':
      return c.parent?.name ?? '';
    case 'tags':
      return c.tags.join(', ');
    case 'city':
      return c.address.city ?? '';
    case 'country':
      return c.address.country ?? '';
    case 'creditLimit':
      return c.creditLimit ? decimalAmount(c.creditLimit.amountMinor, c.creditLimit.currency) : '';
    case 'creditLimitCurrency':
      return c.creditLimit?.currency ?? '';
    case 'lastContactAt':
      return c.lastContact?.at ?? '';
    default: {
      const v = col.startsWith('cf.') ? c.customFields[col.slice(3)] : (c as unknown as Record<string, unknown>)[col];
      return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
    }
  }
}

/** The flat view of a company the audit trail compares (field names as in the API; creditLimit as one field). */
function auditSnapshot(c: Company): Record<string, unknown> {
  const {
    id: _id,
    owner: _o,
    team: _t,
    parent: _p,
    peopleCount: _n,
    version: _v,
    createdAt: _ca,
    updatedAt: _u,
    deletedAt: _d,
    customFields,
    ...rest
  } = c;
  const snap: Record<string, unknown> = { ...rest };
  for (const [k, v] of Object.entries(customFields)) snap[`cf.${k}`] = v;
  return snap;
}
