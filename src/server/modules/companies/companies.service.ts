/**
 * Companies: their own rules as hooks of the record kernel (the lifecycle every kind shares: list, get, create, update
 * with version guard and row lock, delete, restore, history, export, audit, events, search document). People are
 * reached only through PeopleService (counts, lists); people reach companies through the CompanyDirectory interface.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { normaliseDomain } from '../../../shared/contact.ts';
import { isCountryCode } from '../../../shared/countries.ts';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can, canReadField } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import { applyContact, type ContactFact, contactDueAt, effectiveCadence } from '../../platform/contact-facts.ts';
import { type FieldError, forbidden } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { type FieldSpec, type ListPage, type ListParams, standardFilter } from '../../platform/lists.ts';
import { type KernelDeps, RecordKernel } from '../../platform/records/kernel.ts';
import { companyDocument } from '../../platform/search/rebuild.ts';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.ts';
import { teamBriefs, userBriefs } from '../identity/identity.service.ts';
import type { Person } from '../people/people.schemas.ts';
import type { CompanyDirectory, PeopleService } from '../people/people.service.ts';
import type { WorkspaceService } from '../workspace/workspace.service.ts';
import { companyCreatedLine } from './companies.timeline.ts';
// The registry hands every kind's field map and visibility to the access policy.
import '../kinds.ts';
import { companiesKind } from './companies.kind.ts';
import * as repo from './companies.repository.ts';
import type { Company, CompanyValue, CreateCompany, CreditStatus, UpdateCompany } from './companies.schemas.ts';

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

/**
 * The pure validation and normalisation of a company input (no database: an importer reuses it): row columns, and
 * problems naming each bad field. Owner, team and custom fields are the kernel's.
 */
export function normaliseCompany(input: UpdateCompany): { columns: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
  if (input.name !== undefined && input.name.trim() === '') err('/name', 'is required');
  let domain: string | null | undefined = input.domain;
  if (typeof input.domain === 'string') {
    domain = input.domain.trim() === '' ? null : (normaliseDomain(input.domain) ?? null);
    if (input.domain.trim() !== '' && domain === null) err('/domain', 'is not a valid domain name');
  }
  if (input.address?.country && !isCountryCode(input.address.country)) {
    err('/address/country', 'is not an ISO 3166-1 country code');
  }
  if (input.creditLimit && !CURRENCIES.has(input.creditLimit.currency)) {
    err('/creditLimit/currency', 'is not a known ISO 4217 currency');
  }
  const externalId = input.externalId === undefined ? undefined : input.externalId?.trim() || null;
  const name = input.name?.trim();
  const a = input.address;
  const credit = input.creditLimit;
  return {
    errors,
    columns: {
      name,
      name_sort: name?.toLowerCase(),
      external_id: externalId,
      domain,
      industry: input.industry === undefined ? undefined : input.industry?.trim() || null,
      size: input.size,
      tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
      parent_id: input.parentId,
      credit_limit_minor: credit === undefined ? undefined : (credit?.amountMinor ?? null),
      credit_limit_currency: credit === undefined ? undefined : (credit?.currency ?? null),
      address_line1: a ? (a.line1 ?? null) : undefined,
      address_line2: a ? (a.line2 ?? null) : undefined,
      city: a ? (a.city ?? null) : undefined,
      region: a ? (a.region ?? null) : undefined,
      postal_code: a ? (a.postalCode ?? null) : undefined,
      country: a ? (a.country?.toUpperCase() ?? null) : undefined,
      value_tier: input.valueTier,
      flags: input.flags ? JSON.stringify([...new Set(input.flags.map((f) => f.trim()))]) : undefined,
      cadence_days: input.cadenceDays,
    },
  };
}

export class CompaniesService implements CompanyDirectory {
  readonly #d: CompaniesDeps;
  readonly records: RecordKernel<repo.CompanyRecord, Company, UpdateCompany>;

  constructor(deps: CompaniesDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.CompanyRecord, Company, UpdateCompany>(
      companiesKind,
      {
        ...deps,
        customFields: deps.customFields as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: (db, ctx) => repo.records(db, this.#relations(ctx)),
        toDtos: (_ctx, rows, db) => this.#hydrate(rows, db),
        fieldOverrides: () => ({
          domain: { normalise: (v) => v.trim().toLowerCase() },
          country: { normalise: (v) => v.trim().toUpperCase() },
          creditLimit: { filter: creditLimitFilter(deps.database.dialect) },
        }),
        // Name or domain prefix, each only when the reader's role shows that field (no hidden-field side channel).
        quickFilter: async (ctx, q) => {
          const lower = escapeLike(q.toLowerCase());
          const ways = [
            ...(canReadField(ctx.actor, 'companies', 'name') ? [repo.nameLike(`${lower}%`)] : []),
            ...(canReadField(ctx.actor, 'companies', 'domain') ? [repo.domainLike(`${lower}%`)] : []),
          ];
          return ways.length ? sql<SqlBool>`(${sql.join(ways, sql` or `)})` : sql<SqlBool>`1 = 0`;
        },
        normalise: (input) => normaliseCompany(input),
        check: async (ctx, db, input, existing) => {
          const externalId = input.externalId?.trim();
          if (externalId && externalId !== existing?.external_id) {
            const [taken] = await repo.idsByExternalIds(db, [externalId]);
            if (taken && taken.id !== existing?.id) {
              return [{ pointer: '/externalId', detail: 'is the ERP id of another company', in: 'body' }];
            }
          }
          if (!input.parentId || input.parentId === existing?.parent_id) return [];
          const problem = await this.#parentProblem(ctx, db, input.parentId, existing?.id);
          return problem ? [{ pointer: '/parentId', detail: problem, in: 'body' }] : [];
        },
        afterWrite: (trx, id) => this.#afterWrite(trx, id),
        searchDocument: async (db, id) => {
          const row = (await repo.findById(db, { kind: 'all' }, id))!;
          return companyDocument(row);
        },
        createdLine: companyCreatedLine,
        updatedLine: (before, after, changes) => {
          const notable: string[] = [];
          if (changes.name) notable.push(`Renamed: ${before.name} → ${after.name}`);
          if (changes.ownerId) {
            notable.push(`Owner: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
          }
          return notable.length > 0 ? notable.join('; ') : undefined;
        },
        eventPayload: (c, verb) => ({ companyId: c.id, ...(verb === 'created' ? { parentId: c.parentId } : {}) }),
        exportValue: (c, col) => {
          if (col === 'parent') return c.parent?.name ?? '';
          if (col === 'creditLimit') {
            return c.creditLimit ? decimalAmount(c.creditLimit.amountMinor, c.creditLimit.currency) : '';
          }
          if (col === 'creditLimitCurrency') return c.creditLimit?.currency ?? '';
          if (col === 'creditStatus') return c.credit?.status ?? '';
          const v = c.value;
          if (col === 'lifetimeRevenue' || col === 'last12MonthsRevenue' || col === 'clv') {
            const m = v?.[col];
            return m ? decimalAmount(m.amountMinor, m.currency) : '';
          }
          if (col === 'valueCurrency') return v?.lifetimeRevenue?.currency ?? '';
          if (col === 'rfmSegment') return v?.rfmSegment ?? '';
          if (col === 'churnRisk') return v?.churnRisk ?? '';
          return undefined;
        },
      },
    );
  }

  get #db() {
    return this.#d.database.db;
  }

  #scope(ctx: Ctx) {
    return this.records.scope(ctx)!;
  }

  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    return this.records.fieldSpecs(ctx);
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

  async isVisible(ctx: Ctx, id: string, db: Executor = this.#db): Promise<boolean> {
    return (await this.visibleBriefs(ctx, [id], db)).has(id);
  }

  // ---------- reads ----------

  /** The live companies among `ids` the actor may see, as redacted DTOs in the order asked (batch reads: cards). */
  getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Company[]> {
    return this.records.getMany(ctx, ids, db);
  }

  /** Full DTOs, before field rules: what the audit trail compares. */
  async #hydrate(rows: repo.CompanyRecord[], db: Executor): Promise<Company[]> {
    const cadenceDefaults = (await this.#d.workspace.get(db)).cadenceDefaults;
    return rows.map((r) => {
      return {
        id: r.id,
        externalId: r.external_id,
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
        credit: {
          status: r.credit_status as CreditStatus,
          reason: r.credit_reason,
          manual: Number(r.credit_manual) === 1,
          exposure:
            r.credit_exposure_minor === null || r.credit_currency === null
              ? null
              : { amountMinor: Number(r.credit_exposure_minor), currency: r.credit_currency },
          overdueDays: r.credit_overdue_days === null ? null : Number(r.credit_overdue_days),
        },
        value:
          r.value_currency === null || r.rfm_segment === null || r.churn_risk === null
            ? null
            : {
                lifetimeRevenue: { amountMinor: Number(r.value_lifetime_minor ?? 0), currency: r.value_currency },
                last12MonthsRevenue: { amountMinor: Number(r.value_12m_minor ?? 0), currency: r.value_currency },
                clv: { amountMinor: Number(r.value_clv_minor ?? 0), currency: r.value_currency },
                rfmSegment: r.rfm_segment as CompanyValue['rfmSegment'],
                churnRisk: r.churn_risk as CompanyValue['churnRisk'],
                churnReasons: JSON.parse(r.churn_reasons ?? '[]'),
                computedAt: r.value_computed_at ?? '',
              },
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

  list(ctx: Ctx, params: ListParams): Promise<ListPage<Company>> {
    return this.records.list(ctx, params);
  }

  get(ctx: Ctx, id: string): Promise<Company> {
    return this.records.get(ctx, id);
  }

  /** Live child companies the actor may see. */
  async children(ctx: Ctx, id: string): Promise<{ id: string; name: string }[]> {
    assertCan(ctx.actor, 'companies', 'read');
    await this.records.load(ctx, id);
    return repo.childrenOf(this.#db, this.#scope(ctx), id);
  }

  /** The people at a company (the people list, narrowed to it); 404 when the company is not visible. */
  async listPeople(ctx: Ctx, companyId: string, params: ListParams): Promise<ListPage<Person>> {
    assertCan(ctx.actor, 'companies', 'read');
    if (!canReadField(ctx.actor, 'people', 'companyId')) {
      throw forbidden("Your role hides people's company (people.companyId), so it may not list a company's people.");
    }
    await this.records.load(ctx, companyId);
    const existing = params.filter === undefined ? [] : Array.isArray(params.filter) ? params.filter : [params.filter];
    return this.#d.people.list(ctx, { ...params, filter: [...existing, `companyId:eq:${companyId}`] });
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
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

  /** Keeps the contact due date in step after a write, in the same transaction (the kernel writes the document). */
  async #afterWrite(trx: Executor, id: string): Promise<void> {
    const row = (await repo.findById(trx, { kind: 'all' }, id))!;
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

  create(ctx: Ctx, input: CreateCompany): Promise<Company> {
    return this.records.create(ctx, input);
  }

  update(ctx: Ctx, id: string, input: UpdateCompany, ifMatch?: number): Promise<Company> {
    return this.records.update(ctx, id, input, ifMatch);
  }

  /** Moves a company to the bin; given `db` (a caller's transaction, e.g. an ERP batch) it writes in that one. */
  remove(ctx: Ctx, id: string, ifMatch?: number, db?: Executor): Promise<void> {
    return this.records.remove(ctx, id, ifMatch, db);
  }

  // ---------- ERP link and credit facts (kept by the accounts module) ----------

  /**
   * Credit facts of companies whoever may see them (for rules that must hold for every user, e.g. a deal closing for a
   * company on hold), with the credit limit the exposure is compared to.
   */
  creditOf(
    ids: string[],
    db: Executor = this.#db,
  ): Promise<
    Map<
      string,
      {
        name: string;
        status: CreditStatus;
        reason: string | null;
        manual: boolean;
        limitMinor: number | null;
        limitCurrency: string | null;
        exposureMinor: number | null;
        currency: string | null;
        overdueDays: number | null;
        churnRisk: 'low' | 'medium' | 'high' | null;
        churnReasons: string[];
      }
    >
  > {
    return repo.creditOf(db, ids);
  }

  /** Writes the credit facts of many companies at once (as `setCredit`, without reading them first). */
  setCredits(db: Executor, rows: readonly repo.CompanyCredit[]): Promise<void> {
    return repo.setCredits(db, this.#d.database.dialect, rows);
  }

  /** Writes the customer value of many companies at once (finance module; no version bump, no audit). */
  setValues(db: Executor, rows: readonly repo.CompanyValueRow[]): Promise<void> {
    return repo.setValues(db, this.#d.database.dialect, rows);
  }

  /** Ids of live companies that are not in good standing, or that have credit figures (what a daily re-check visits). */
  creditTracked(db: Executor = this.#db): Promise<string[]> {
    return repo.creditTracked(db);
  }

  /** The companies (live or in the bin) carrying these ERP ids. */
  byExternalIds(
    ids: string[],
    db: Executor = this.#db,
  ): Promise<{ id: string; external_id: string | null; deleted_at: string | null; name: string }[]> {
    return repo.idsByExternalIds(db, ids);
  }

  /**
   * Writes a company's credit facts (no version bump, no audit of its own: the accounts module publishes the change).
   * Returns the status and reason it had before.
   */
  async setCredit(
    db: Executor,
    id: string,
    credit: {
      status: CreditStatus;
      reason: string | null;
      manual: boolean;
      exposureMinor: number | null;
      currency: string | null;
      overdueDays: number | null;
    },
  ): Promise<{ status: CreditStatus; reason: string | null } | undefined> {
    return repo.setCredit(db, id, credit);
  }

  restore(ctx: Ctx, id: string): Promise<Company> {
    return this.records.restore(ctx, id);
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

/** The credit limit's filter: the standard empty/notEmpty also compare with '', which PostgreSQL refuses for a bigint. */
function creditLimitFilter(dialect: Database['dialect']): FieldSpec['filter'] {
  const spec: FieldSpec = {
    key: 'creditLimit',
    label: 'Credit limit',
    type: 'currency',
    filterable: true,
    sortable: true,
    custom: false,
    expr: sql.ref('companies.credit_limit_minor'),
  };
  return (op, value) => {
    if (op === 'empty') return sql<SqlBool>`companies.credit_limit_minor is null`;
    if (op === 'notEmpty') return sql<SqlBool>`companies.credit_limit_minor is not null`;
    return standardFilter(spec, op, value, dialect, '/filter');
  };
}

/** A minor-unit amount as a decimal string in its currency's usual precision (JPY 0, EUR 2, BHD 3). */
function decimalAmount(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amountMinor / 10 ** digits).toFixed(digits);
}
