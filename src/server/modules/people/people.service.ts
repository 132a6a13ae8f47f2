/**
 * People: rules, access checks and transactions. Routes call one method; repositories hold the SQL.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import { isCountryCode } from '../../../shared/countries.ts';
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
import { applyContact, type ContactFact, contactDueAt, effectiveCadence } from '../../platform/contact-facts.ts';
import { toCsv } from '../../platform/csv.ts';
import { AppError, type FieldError, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import {
  afterCursor,
  badQuery,
  COUNT_CAP,
  clampLimit,
  decodeCursor,
  encodeCursor,
  type FieldSpec,
  type ListPage,
  type ListParams,
  ownershipFields,
  parseFilters,
  parseSort,
  visibleFields,
} from '../../platform/lists.ts';
import { phoneTerms, removeSearchDocument, upsertSearchDocument } from '../../platform/search/documents.ts';
import { jsonArrayContains } from '../../platform/sql-json.ts';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.ts';
import { teamBriefs, userBriefs } from '../identity/identity.service.ts';
import type { WorkspaceService } from '../workspace/workspace.service.ts';
import * as repo from './people.repository.ts';
import {
  CONSENT_CHANNELS,
  type ConsentMap,
  type CreatePerson,
  LIFECYCLE_STAGES,
  PERSON_WRITABLE_FIELDS,
  type Person,
  type UpdatePerson,
  VALUE_TIERS,
} from './people.schemas.ts';

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

/**
 * The country a person's phone numbers written without a country code are read in: their address's country (as this
 * write leaves it), else the workspace's default.
 */
export function recordCountry(
  input: { address?: { country?: string | null } | null },
  existing: { country: string | null } | undefined,
  workspaceDefault: string,
): string {
  const country = input.address !== undefined ? input.address?.country : existing?.country;
  return country && isCountryCode(country) ? country.toUpperCase() : workspaceDefault;
}

/** Whether the reader sees people's names: the quick filter matches on a name only then (no hidden-field side channel). */
export function namesReadable(actor: Ctx['actor']): boolean {
  return ['name', 'firstName', 'lastName'].every((f) => canReadField(actor, 'people', f));
}

export class PeopleService {
  readonly #d: PeopleDeps;
  #companies: CompanyDirectory | undefined;

  constructor(deps: PeopleDeps) {
    this.#d = deps;
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

  // ---------- fields ----------

  async fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    const { dialect } = this.#d.database;
    const country = (await this.#d.workspace.get()).defaultCountry;
    const col = (c: string) => sql.ref(`people.${c}`);
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
        key: 'firstName',
        label: 'First name',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('first_name'),
        notNull: true,
      },
      {
        key: 'lastName',
        label: 'Last name',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('last_name'),
        notNull: true,
      },
      {
        key: 'email',
        label: 'Email',
        type: 'email',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('primary_email'),
        filter: (op, value) => {
          const v = value.toLowerCase();
          if (op === 'eq') return repo.hasEmail(v);
          if (op === 'contains') return repo.emailLike(`%${escapeLike(v)}%`);
          if (op === 'startsWith') return repo.emailLike(`${escapeLike(v)}%`);
          if (op === 'empty') return sql`people.primary_email is null`;
          if (op === 'notEmpty') return sql`people.primary_email is not null`;
          throw new AppError(
            'list.invalid_query',
            400,
            'Invalid list query',
            'email supports eq, contains, startsWith, empty, notEmpty',
            [{ pointer: '/filter', detail: 'email supports eq, contains, startsWith, empty, notEmpty', in: 'query' }],
          );
        },
      },
      {
        key: 'phone',
        label: 'Phone',
        type: 'phone',
        filterable: true,
        sortable: false,
        custom: false,
        expr: col('primary_phone'),
        normalise: (v) => {
          const r = normalisePhone(v, country);
          if (!r.ok) throw new Error(`phone ${r.reason}`);
          return r.e164;
        },
        filter: (op, value) => {
          if (op === 'eq') return repo.hasPhone(value);
          if (op === 'empty') return sql`people.primary_phone is null`;
          if (op === 'notEmpty') return sql`people.primary_phone is not null`;
          throw new AppError('list.invalid_query', 400, 'Invalid list query', 'phone supports eq, empty, notEmpty', [
            { pointer: '/filter', detail: 'phone supports eq, empty, notEmpty', in: 'query' },
          ]);
        },
      },
      {
        key: 'jobTitle',
        label: 'Job title',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('job_title'),
      },
      {
        key: 'companyId',
        label: 'Company',
        type: 'reference',
        filterable: true,
        sortable: false,
        custom: false,
        expr: col('company_id'),
      },
      ...ownershipFields('people', dialect),
      {
        key: 'lifecycleStage',
        label: 'Lifecycle stage',
        type: 'select',
        options: [...LIFECYCLE_STAGES],
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('lifecycle_stage'),
        notNull: true,
      },
      {
        key: 'preferredChannel',
        label: 'Preferred channel',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('preferred_channel'),
      },
      {
        key: 'preferredLanguage',
        label: 'Language',
        type: 'text',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('preferred_language'),
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
      },
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
      {
        key: 'lastContactAt',
        label: 'Last contact',
        type: 'datetime',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('last_contact_at'),
      },
      {
        key: 'lastTwoWayAt',
        label: 'Last two-way contact',
        type: 'datetime',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('last_two_way_at'),
      },
      {
        key: 'contactDueAt',
        label: 'Contact due',
        type: 'datetime',
        filterable: true,
        sortable: true,
        custom: false,
        expr: col('contact_due_at'),
      },
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
        filter: (_op, value) => jsonArrayContains(dialect, 'people.flags', null, value),
      },
    ];
    const defs = await this.#d.customFields.list('people');
    return visibleFields(ctx.actor, 'people', [...std, ...this.#d.customFields.fieldSpecs(defs, 'people', country)]);
  }

  // ---------- reads ----------

  /** How this reader's person records are read: company names only where the reader may see the company. */
  #relations(ctx: Ctx): repo.RelationsSpec {
    return {
      dialect: this.#d.database.dialect,
      companyName: this.#companiesDir.visibleNameSql(ctx, 'people.company_id'),
    };
  }

  /** One person's response as this reader sees it (the record must exist; used after a write). */
  async #dto(ctx: Ctx, id: string, db: Executor): Promise<Person> {
    const [record] = await repo.findRecords(db, this.#relations(ctx), [id]);
    return (await this.#toDtos(ctx, [record!], db))[0]!;
  }

  async #toDtos(ctx: Ctx, rows: repo.PersonRecord[], db: Executor = this.#db): Promise<Person[]> {
    const cadenceDefaults = (await this.#d.workspace.get(db)).cadenceDefaults;
    return rows.map((r) => {
      const dto: Person = {
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        fullName: `${r.first_name} ${r.last_name}`.trim(),
        jobTitle: r.job_title,
        companyId: r.company_id,
        company: r.company_id && r.company_name !== null ? { id: r.company_id, name: r.company_name } : null,
        emails: (JSON.parse(r.emails_json) as [string, string][]).map(([email, label]) => ({ email, label })),
        phones: (JSON.parse(r.phones_json) as [string, string][]).map(([number, label]) => ({ number, label })),
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
        lifecycleStage: r.lifecycle_stage as Person['lifecycleStage'],
        preferredChannel: r.preferred_channel as Person['preferredChannel'],
        preferredLanguage: r.preferred_language,
        consent: JSON.parse(r.consent),
        customFields: JSON.parse(r.custom_fields),
        valueTier: r.value_tier as Person['valueTier'],
        flags: JSON.parse(r.flags),
        cadenceDays: r.cadence_days,
        effectiveCadenceDays: effectiveCadence(r.cadence_days, r.lifecycle_stage, cadenceDefaults),
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
      // Field rules name the list fields (`email`, `city`); FIELD_PATHS maps them to `emails`, `address.city`, ...
      return redact(ctx.actor, 'people', dto);
    });
  }

  async #query(ctx: Ctx, params: ListParams, fields: FieldSpec[]): Promise<repo.PersonQuery> {
    const where = parseFilters(params.filter, fields, this.#d.database.dialect);
    const q = params.q?.trim();
    if (q) where.push(sql<SqlBool>`(${sql.join((await this.#quickFilter(ctx, q)).groups, sql` or `)})`);
    const includeDeleted = params.includeDeleted === true;
    if (includeDeleted) assertCan(ctx.actor, 'people', 'delete');
    return { scope: visibilityScope(ctx.actor, 'people'), where, includeDeleted };
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

  async list(ctx: Ctx, params: ListParams): Promise<ListPage<Person>> {
    assertCan(ctx.actor, 'people', 'read');
    const fields = await this.fieldSpecs(ctx);
    const sort = parseSort(params.sort, fields, 'name', this.#d.database.dialect, sql.ref('people.id'));
    const limit = clampLimit(params.limit);
    const quick = params.q?.trim();
    // The count runs beside the page and its records: on PostgreSQL on another pooled connection, so a list costs the
    // slower of the two rather than their sum.
    let page: Promise<{ ids: string[]; next: string | null }>;
    let count: Promise<{ total: number; capped: boolean }>;
    if (quick && sort.field.key === 'name' && !sort.desc) {
      // In name order, the quick filter lists name matches first: the page reads the name index, not every match.
      const q = await this.#query(ctx, { ...params, q: undefined }, fields);
      const filter = await this.#quickFilter(ctx, quick);
      page = repo.quickPage(this.#db, q, filter, quickCursor(params.cursor), limit + 1).then((rows) => {
        const last = rows[limit - 1];
        return {
          ids: rows.slice(0, limit).map((r) => r.id),
          next: rows.length > limit && last ? encodeCursor(`${last.group}:${last.name_sort}`, last.id) : null,
        };
      });
      count = repo.quickCount(this.#db, q, filter);
    } else {
      const q = await this.#query(ctx, params, fields);
      page = repo.listPage(this.#db, q, sort, afterCursor(sort, params.cursor, 'people.id'), limit).then((rows) => {
        const last = rows[limit - 1];
        return {
          ids: rows.slice(0, limit).map((r) => r.id),
          next: rows.length > limit && last ? encodeCursor(last._sort, last.id) : null,
        };
      });
      count = repo.countCapped(this.#db, q).then((total) => ({ total, capped: total > COUNT_CAP }));
    }
    const [{ ids, next, records }, { total, capped }] = await Promise.all([
      page.then(async ({ ids, next }) => ({
        ids,
        next,
        records: new Map((await repo.findRecords(this.#db, this.#relations(ctx), ids)).map((r) => [r.id, r])),
      })),
      count,
    ]);
    return {
      data: await this.#toDtos(
        ctx,
        ids.flatMap((id) => records.get(id) ?? []),
      ),
      nextCursor: next,
      total: Math.min(total, COUNT_CAP),
      totalCapped: capped,
    };
  }

  async #load(
    ctx: Ctx,
    id: string,
    db: Executor,
    opts: { allowDeleted?: boolean; forWrite?: boolean } = {},
  ): Promise<repo.PersonRecord> {
    // SQLite serialises writers already; PostgreSQL takes a row lock for a write.
    const [row] = await repo.findRecords(db, this.#relations(ctx), [id], {
      lock: opts.forWrite === true && this.#d.database.dialect === 'postgres',
    });
    if (!row || !inScope(visibilityScope(ctx.actor, 'people'), row)) throw notFound('people');
    if (row.deleted_at && !opts.allowDeleted) throw notFound('people');
    return row;
  }

  async get(ctx: Ctx, id: string): Promise<Person> {
    assertCan(ctx.actor, 'people', 'read');
    const row = await this.#load(ctx, id, this.#db, {
      allowDeleted: can(ctx.actor, 'people', 'delete'),
    });
    return (await this.#toDtos(ctx, [row]))[0]!;
  }

  async history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    assertCan(ctx.actor, 'people', 'read');
    await this.#load(ctx, id, this.#db, { allowDeleted: true });
    return fieldHistory(this.#db, ctx.actor, 'people', id);
  }

  // ---------- writes ----------

  /** Validates and normalises a create/update input into row columns; throws 422 naming each bad field. */
  async #prepare(ctx: Ctx, db: Executor, input: UpdatePerson, existing: repo.PersonRow | undefined) {
    const errors: FieldError[] = [];
    const ws = await this.#d.workspace.get(db);
    for (const key of Object.keys(input)) {
      if (PERSON_WRITABLE_FIELDS.includes(key) && !canWriteField(ctx.actor, 'people', key)) {
        errors.push({ pointer: `/${key}`, detail: 'your role may not change this field', in: 'body' });
      }
    }
    for (const key of Object.keys(input.customFields ?? {})) {
      if (!canWriteField(ctx.actor, 'people', `cf.${key}`))
        errors.push({ pointer: `/customFields/${key}`, detail: 'your role may not change this field', in: 'body' });
    }
    const emails = input.emails?.map((e, i) => {
      const r = normaliseEmail(e.email);
      if (!r.ok) errors.push({ pointer: `/emails/${i}/email`, detail: r.reason, in: 'body' });
      return { id: newId(), email: r.ok ? r.email : '', label: e.label?.trim() || 'work' };
    });
    if (emails) {
      const seen = new Set<string>();
      emails.forEach((e, i) => {
        if (e.email && seen.has(e.email))
          errors.push({ pointer: `/emails/${i}/email`, detail: 'is listed twice', in: 'body' });
        seen.add(e.email);
      });
    }
    if (input.address?.country && !isCountryCode(input.address.country))
      errors.push({ pointer: '/address/country', detail: 'is not an ISO 3166-1 country code', in: 'body' });
    const country = recordCountry(input, existing, ws.defaultCountry);
    const phones = input.phones?.map((p, i) => {
      const r = normalisePhone(p.number, country);
      if (!r.ok) errors.push({ pointer: `/phones/${i}/number`, detail: r.reason, in: 'body' });
      return { id: newId(), e164: r.ok ? r.e164 : '', label: p.label?.trim() || 'work' };
    });
    if (input.firstName !== undefined && input.firstName.trim() === '')
      errors.push({ pointer: '/firstName', detail: 'is required', in: 'body' });
    if (
      input.companyId &&
      input.companyId !== existing?.company_id &&
      !(await this.#companiesDir.isVisible(ctx, input.companyId, db))
    ) {
      errors.push({ pointer: '/companyId', detail: 'is not a company you can see', in: 'body' });
    }
    let ownerId = input.ownerId === undefined ? (existing ? existing.owner_id : ctx.actor.id) : input.ownerId;
    let teamId = input.teamId === undefined ? (existing ? existing.team_id : undefined) : input.teamId;
    let ownerTeamIds: string[] = [];
    if (ownerId) {
      const owner = (await userBriefs(db, [ownerId])).get(ownerId);
      ownerTeamIds = owner?.teamIds ?? [];
      if (!owner?.active) errors.push({ pointer: '/ownerId', detail: 'is not an active user', in: 'body' });
      else if (teamId === undefined || (input.ownerId !== undefined && input.teamId === undefined))
        teamId = ownerTeam(ctx.actor, 'people', owner.teamIds);
    } else ownerId = null;
    if (teamId === undefined) teamId = ctx.actor.teamIds[0] ?? null;
    if (teamId && input.teamId !== undefined && !(await teamBriefs(db, [teamId])).has(teamId)) {
      errors.push({ pointer: '/teamId', detail: 'is not a team', in: 'body' });
    }
    const defs = await this.#d.customFields.list('people', db);
    const custom = this.#d.customFields.validate(
      defs,
      input.customFields,
      existing ? JSON.parse(existing.custom_fields) : {},
      country,
      !existing,
    );
    errors.push(...custom.errors);
    if (errors.length > 0) throw validation(errors);

    assertPlacement(
      ctx.actor,
      'people',
      { ownerId, ownerTeamIds, teamId },
      existing ? { ownerId: existing.owner_id, teamId: existing.team_id } : undefined,
    );
    // A record must stay visible to the one who writes it: a team-scoped user cannot hand a record to another team.
    const scope = visibilityScope(ctx.actor, 'people');
    if (!inScope(scope, { owner_id: ownerId, team_id: teamId })) {
      throw validation([
        {
          pointer: input.teamId !== undefined ? '/teamId' : '/ownerId',
          detail: 'would move the record outside what you may see',
          in: 'body',
        },
      ]);
    }

    let consent: ConsentMap | undefined;
    if (input.consent) {
      const prev: ConsentMap = existing ? JSON.parse(existing.consent) : {};
      consent = { ...prev };
      for (const ch of CONSENT_CHANNELS) {
        const c = input.consent[ch];
        if (c && (prev[ch]?.granted !== c.granted || prev[ch]?.source !== c.source))
          consent[ch] = { granted: c.granted, source: c.source, at: now() };
      }
    }
    const first = input.firstName?.trim() ?? existing?.first_name ?? '';
    const last = input.lastName !== undefined ? input.lastName.trim() : (existing?.last_name ?? '');
    const a = input.address;
    return {
      columns: {
        first_name: first,
        last_name: last,
        name_sort: `${last} ${first}`.trim().toLowerCase(),
        job_title: input.jobTitle === undefined ? undefined : input.jobTitle?.trim() || null,
        company_id: input.companyId,
        owner_id: ownerId,
        team_id: teamId,
        tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
        lifecycle_stage: input.lifecycleStage,
        preferred_channel: input.preferredChannel,
        preferred_language:
          input.preferredLanguage === undefined ? undefined : (input.preferredLanguage?.toLowerCase() ?? null),
        consent: consent ? JSON.stringify(consent) : undefined,
        custom_fields: input.customFields ? JSON.stringify(custom.values) : undefined,
        address_line1: a ? (a.line1 ?? null) : undefined,
        address_line2: a ? (a.line2 ?? null) : undefined,
        city: a ? (a.city ?? null) : undefined,
        region: a ? (a.region ?? null) : undefined,
        postal_code: a ? (a.postalCode ?? null) : undefined,
        country: a ? (a.country?.toUpperCase() ?? null) : undefined,
        primary_email: emails ? (emails[0]?.email ?? null) : undefined,
        primary_phone: phones ? (phones[0]?.e164 ?? null) : undefined,
        value_tier: input.valueTier,
        flags: input.flags ? JSON.stringify([...new Set(input.flags.map((f) => f.trim()))]) : undefined,
        cadence_days: input.cadenceDays,
      },
      emails,
      phones,
    };
  }

  async create(ctx: Ctx, input: CreatePerson): Promise<Person> {
    assertCan(ctx.actor, 'people', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const p = await this.#prepare(ctx, trx, input, undefined);
      const id = newId();
      const t = now();
      await repo.insert(trx, {
        ...p.columns,
        id,
        company_id: p.columns.company_id ?? null,
        lifecycle_stage: p.columns.lifecycle_stage ?? 'lead',
        tags: p.columns.tags ?? '[]',
        consent: p.columns.consent ?? '{}',
        custom_fields: p.columns.custom_fields ?? '{}',
        created_at: t,
        updated_at: t,
      });
      if (p.emails) await repo.replaceEmails(trx, id, p.emails);
      if (p.phones) await repo.replacePhones(trx, id, p.phones);
      await this.#afterWrite(trx, id);
      const dto = await this.#dto(ctx, id, trx);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'people',
        recordId: id,
        changes: diff({}, auditSnapshot(dto)),
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'person.created',
        object: 'people',
        recordId: id,
        payload: { personId: id, companyId: dto.companyId, lifecycleStage: dto.lifecycleStage },
        timeline: {
          summary: `${dto.fullName} was added as a ${dto.lifecycleStage.replace('_', ' ')}`,
          personId: id,
          companyId: dto.companyId,
        },
      });
      return dto;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdatePerson, ifMatch?: number): Promise<Person> {
    assertCan(ctx.actor, 'people', 'update');
    // Without If-Match the caller asked for no precondition: when another write lands between our read and our
    // guarded update, apply the change again on the fresh record (a few times) instead of answering 412.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#updateOnce(ctx, id, input, ifMatch);
      } catch (err) {
        const raced = err instanceof AppError && err.code === 'record.stale' && ifMatch === undefined;
        if (!raced || attempt >= 3) throw err;
      }
    }
  }

  async #updateOnce(ctx: Ctx, id: string, input: UpdatePerson, ifMatch: number | undefined): Promise<Person> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx, { forWrite: true });
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = (await this.#toDtos(ctx, [row], trx))[0]!;
      const p = await this.#prepare(ctx, trx, input, row);
      await this.#bump(trx, row, { ...p.columns, updated_at: now() });
      if (p.emails) await repo.replaceEmails(trx, id, p.emails);
      if (p.phones) await repo.replacePhones(trx, id, p.phones);
      await this.#afterWrite(trx, id);
      const after = await this.#dto(ctx, id, trx);
      const changes = diff(auditSnapshot(before), auditSnapshot(after));
      await recordAudit(trx, ctx, { action: 'update', object: 'people', recordId: id, changes });
      const notable: string[] = [];
      if (changes.lifecycleStage)
        notable.push(`Lifecycle stage: ${changes.lifecycleStage.from} → ${changes.lifecycleStage.to}`);
      if (changes.ownerId) notable.push(`Owner: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
      if (changes.companyId)
        notable.push(`Company: ${before.company?.name ?? 'none'} → ${after.company?.name ?? 'none'}`);
      await this.#d.events.publish(trx, ctx, {
        type: 'person.updated',
        object: 'people',
        recordId: id,
        payload: { personId: id, companyId: after.companyId, changed: Object.keys(changes) },
        timeline:
          notable.length > 0 ? { summary: notable.join('; '), personId: id, companyId: after.companyId } : undefined,
      });
      return after;
    });
  }

  /**
   * Keeps what derives from a person in step after a write, in the same transaction: the search document (built from
   * the full record, whoever wrote it) and the contact due date (cadence or stage may have changed).
   */
  async #afterWrite(trx: Executor, id: string): Promise<void> {
    const row = (await repo.findById(trx, id))!;
    const [emails, phones, companies] = await Promise.all([
      repo.emailsOf(trx, [id]),
      repo.phonesOf(trx, [id]),
      this.#companiesDir.names([row.company_id], trx),
    ]);
    const company = row.company_id ? companies.get(row.company_id) : undefined;
    await upsertSearchDocument(trx, {
      kind: 'people',
      recordId: id,
      ownerId: row.owner_id,
      teamId: row.team_id,
      title: `${row.first_name} ${row.last_name}`.trim(),
      subtitle: [row.job_title, company].filter(Boolean).join(' · ') || null,
      terms: [
        row.first_name,
        row.last_name,
        ...emails.map((e) => e.email),
        ...phones.flatMap((p) => phoneTerms(p.e164)),
        company,
      ],
    });
    const cadence = effectiveCadence(
      row.cadence_days,
      row.lifecycle_stage,
      (await this.#d.workspace.get(trx)).cadenceDefaults,
    );
    const due = contactDueAt(row.last_two_way_at, row.created_at, cadence);
    if (due !== row.contact_due_at) await repo.updateContactFacts(trx, id, { contact_due_at: due });
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

  /** Writes a change guarded by the version read: a concurrent writer makes this one fail with 412, never overwrite. */
  async #bump(trx: Executor, row: repo.PersonRow, patch: Parameters<typeof repo.updateVersioned>[3]): Promise<void> {
    if (!(await repo.updateVersioned(trx, row.id, row.version, patch))) throw staleVersion(row.version + 1);
  }

  async remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    assertCan(ctx.actor, 'people', 'delete');
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const t = now();
      await this.#bump(trx, row, { deleted_at: t, updated_at: t });
      await removeSearchDocument(trx, 'people', id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'people',
        recordId: id,
        changes: { deletedAt: { from: null, to: t } },
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'person.deleted',
        object: 'people',
        recordId: id,
        payload: { personId: id },
        timeline: { summary: 'Moved to the bin', personId: id, companyId: row.company_id },
      });
    });
  }

  async restore(ctx: Ctx, id: string): Promise<Person> {
    assertCan(ctx.actor, 'people', 'delete');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx, { allowDeleted: true });
      if (!row.deleted_at) return (await this.#toDtos(ctx, [row], trx))[0]!;
      await this.#bump(trx, row, { deleted_at: null, updated_at: now() });
      await this.#afterWrite(trx, id);
      await recordAudit(trx, ctx, {
        action: 'restore',
        object: 'people',
        recordId: id,
        changes: { deletedAt: { from: row.deleted_at, to: null } },
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'person.restored',
        object: 'people',
        recordId: id,
        payload: { personId: id },
        timeline: { summary: 'Restored from the bin', personId: id, companyId: row.company_id },
      });
      return this.#dto(ctx, id, trx);
    });
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

  /** The live people among `ids` the actor may see, as redacted DTOs in the order asked (batch reads: cards). */
  async getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Person[]> {
    const unique = [...new Set(ids)];
    if (!can(ctx.actor, 'people', 'read') || unique.length === 0) return [];
    const rows = new Map(
      (
        await repo.findRecords(db, this.#relations(ctx), unique, {
          scope: visibilityScope(ctx.actor, 'people'),
          live: true,
        })
      ).map((r) => [r.id, r]),
    );
    const ordered = unique.flatMap((id) => rows.get(id) ?? []);
    return ordered.length === 0 ? [] : this.#toDtos(ctx, ordered, db);
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
  async exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined): Promise<{ csv: string; rows: number }> {
    const out: string[][] = [];
    for await (const page of this.exportRows(ctx, params, columns)) {
      out.push(...page);
      if (out.length > 200_001) break;
    }
    await recordAudit(this.#db, ctx, {
      action: 'export',
      object: 'people',
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
    assertCan(ctx.actor, 'people', 'export');
    const fields = await this.fieldSpecs(ctx);
    const exportable = [
      'id',
      'firstName',
      'lastName',
      'email',
      'phone',
      'jobTitle',
      'company',
      'owner',
      'team',
      'tags',
      'lifecycleStage',
      'preferredChannel',
      'preferredLanguage',
      'city',
      'country',
      'createdAt',
      'updatedAt',
      'lastContactAt',
      'lastTwoWayAt',
      'contactDueAt',
      'valueTier',
      'flags',
    ];
    const allowed = new Set([
      // `company`, `owner` and `team` export the name of `companyId`, `ownerId`, `teamId`: only when those are readable.
      ...exportable.filter((c) => c === 'id' || fields.some((f) => f.key === (REFERENCE_COLUMNS[c] ?? c))),
      ...fields.filter((f) => f.custom).map((f) => f.key),
    ]);
    const cols = columns && columns.length > 0 ? columns : [...allowed];
    const bad = cols.findIndex((c) => !allowed.has(c));
    if (bad >= 0)
      throw new AppError('list.invalid_query', 400, 'Invalid export', `unknown column "${cols[bad]}"`, [
        { pointer: `/columns/${bad}`, detail: 'is not an exportable column', in: 'query' },
      ]);
    const q = await this.#query(ctx, params, fields);
    yield [cols];
    for await (const rows of repo.scan(this.#db, this.#relations(ctx), q, pageSize)) {
      yield (await this.#toDtos(ctx, rows)).map((p) => cols.map((c) => csvValue(p, c)));
    }
  }
}

const REFERENCE_COLUMNS: Record<string, string> = { company: 'companyId', owner: 'ownerId', team: 'teamId' };

function csvValue(p: Person, col: string): string {
  switch (col) {
    case 'email':
      return p.emails[0]?.email ?? '';
    case 'phone':
      return p.phones[0]?.number ?? '';
    case 'company':
      return p.company?.name ?? '';
    case 'owner':
      return p.owner?.name ?? '';
    case 'team':
      return p.team?.name ?? '';
    case 'tags':
      return p.tags.join(', ');
    case 'city':
      return p.address.city ?? '';
    case 'country':
      return p.address.country ?? '';
    case 'lastContactAt':
      return p.lastContact?.at ?? '';
    default: {
      const v = col.startsWith('cf.') ? p.customFields[col.slice(3)] : (p as unknown as Record<string, unknown>)[col];
      return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
    }
  }
}

/** The flat view of a person the audit trail compares (field names as in the API). */
function auditSnapshot(p: Person): Record<string, unknown> {
  const {
    id: _id,
    fullName: _f,
    company: _c,
    owner: _o,
    team: _t,
    version: _v,
    createdAt: _ca,
    updatedAt: _u,
    deletedAt: _d,
    customFields,
    ...rest
  } = p;
  const snap: Record<string, unknown> = { ...rest };
  for (const [k, v] of Object.entries(customFields)) snap[`cf.${k}`] = v;
  return snap;
}

/** A quick-filter cursor: `group:name` and the id of the last person shown. */
function quickCursor(cursor: string | undefined): repo.QuickCursor | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  const m = typeof value === 'string' ? /^([01]):(.*)$/s.exec(value) : null;
  if (!m) throw badQuery('/cursor', 'is not a cursor this server issued');
  return { group: Number(m[1]), name: m[2]!, id };
}
