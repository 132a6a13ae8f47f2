/**
 * The record kernel: the lifecycle every kind of record shares, written once. List (filters, sorts, keyset pages, a
 * capped count beside the page), get, create, update (version guard, If-Match → 412, a row lock on PostgreSQL and a
 * retry when another write lands between read and write without If-Match), delete to the bin, restore, field history,
 * export rows, audit diffs, search documents and `<kind>.created|updated|deleted|restored` events with the before and
 * after values of what changed. A module declares its kind (`kind.ts`) and hands its own rules in as hooks: its read
 * query and DTO, a pure normalisation of the input, checks that need the database, what follows a write (child rows,
 * derived facts), its search document and timeline lines. The kernel never names a module.
 */
import { type Expression, type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import {
  assertCan,
  assertPlacement,
  type Ctx,
  can,
  canWriteField,
  inScope,
  ownerTeam,
  redact,
  type Scope,
  visibilityScope,
} from '../access/policy.ts';
import { visibleTo } from '../access/scope-sql.ts';
import { type Changes, diff, fieldHistory, type HistoryEntry, recordAudit } from '../audit.ts';
import { toCsv } from '../csv.ts';
import { AppError, type FieldError, notFound, staleVersion, validation } from '../errors.ts';
import type { DomainEvent, EventBus } from '../events.ts';
import { newId, now } from '../ids.ts';
import {
  afterCursor,
  COUNT_CAP,
  clampLimit,
  countCapped,
  encodeCursor,
  type FieldSpec,
  type ListPage,
  type ListParams,
  orderBy,
  ownershipFields,
  parseFilters,
  parseSort,
  type Sort,
  visibleFields,
} from '../lists.ts';
import { removeSearchDocument, type SearchDocument, upsertSearchDocument } from '../search/documents.ts';
import { jsonArrayContains } from '../sql-json.ts';
import { type LifecycleVerb, ownerColumns, type RecordKind } from './kind.ts';
import { mergedInto, redirectOf } from './redirects.ts';
import { syncKindSearchDocuments } from './search.ts';

/** The columns the kernel relies on in every kind's table. */
export interface KernelRow {
  id: string;
  version: number;
  /** Absent on a kind without a bin (`bin: false`). */
  deleted_at?: string | null;
  created_at: string;
  owner_id?: string | null;
  team_id?: string | null;
  custom_fields?: string;
}

/** A DTO as the kernel sees it. */
export type KernelDto = { id: string; customFields?: Record<string, unknown> } & Record<string, unknown>;

type CustomValues = Record<string, unknown>;

/** What the kernel needs from the workspace settings and the custom-field definitions (structural: no module import). */
export interface KernelDeps {
  database: Database;
  events: EventBus;
  workspace: { get(db?: Executor): Promise<{ defaultCountry: string }> };
  /** Users' active flag and teams, and which team ids exist (placement checks). */
  directory: {
    userBriefs(db: Executor, ids: string[]): Promise<Map<string, { active: boolean; teamIds: string[] }>>;
    teamBriefs(db: Executor, ids: string[]): Promise<Map<string, unknown>>;
  };
  /** Needed by kinds with custom fields only. */
  customFields?: {
    list(object: string, db?: Executor): Promise<{ key: string }[]>;
    fieldSpecs(defs: never[], table: string, country: string): FieldSpec[];
    validate(
      defs: never[],
      input: CustomValues | undefined,
      existing: CustomValues,
      country: string,
      isCreate: boolean,
    ): { values: CustomValues; errors: FieldError[] };
  };
}

/** A timeline line: the summary shown on the anchors' 360° views. */
export type TimelineLine = string | undefined;

/** What a module's normalisation makes of an input: row columns, extra data for its after-write hook, and problems. */
export interface Normalised<Extra> {
  columns: Record<string, unknown>;
  extra?: Extra;
  errors: FieldError[];
  /** The country the record's own values are read in (custom phone fields); default the workspace's. */
  country?: string;
}

export interface RecordHooks<Rec extends KernelRow, Dto extends KernelDto, Input, Extra = unknown> {
  /** The record read for this reader: its columns and the names it shows, in one query from the kind's table. */
  // biome-ignore lint/suspicious/noExplicitAny: the kernel reads any kind's table by name
  records(db: Executor, ctx: Ctx): SelectQueryBuilder<any, any, Rec>;
  /** Full DTOs (before field rules; the kernel redacts). */
  toDtos(ctx: Ctx, rows: Rec[], db: Executor): Promise<Dto[]>;
  /** Filters and normalisers of fields that are not a plain column comparison (multi-valued, phone numbers). */
  fieldOverrides?(ctx: Ctx, country: string): Record<string, Pick<FieldSpec, 'filter' | 'normalise'>>;
  /** The list's quick search (`q`) as one condition; a field the reader's role hides must never match. */
  quickFilter?(ctx: Ctx, q: string): Promise<Expression<SqlBool>>;
  /**
   * A module's own page for some list requests (people's quick filter in name order), or undefined for the kernel's.
   * `base` is the list query without `q`.
   */
  customPage?(
    ctx: Ctx,
    params: ListParams,
    sort: Sort,
    limit: number,
    base: RecordQuery,
  ): Promise<
    | { page: Promise<{ ids: string[]; next: string | null }>; count: Promise<{ total: number; capped: boolean }> }
    | undefined
  >;
  /**
   * The pure validation and normalisation of an input (no database, no HTTP: an importer reuses it): row columns and
   * problems naming each bad field. `existing` is the stored row on update.
   */
  normalise(input: Input, existing: Rec | undefined, env: { defaultCountry: string }): Normalised<Extra>;
  /** Checks that need the database (a link to a record the writer may see, a hierarchy without loops). */
  check?(ctx: Ctx, db: Executor, input: Input, existing: Rec | undefined): Promise<FieldError[]>;
  /** Keeps what derives from a record in step after a write, in the same transaction (child rows, derived facts). */
  afterWrite?(trx: Executor, id: string, extra: Extra | undefined, ctx?: Ctx): Promise<void>;
  /** The record's global search document (whoever wrote it); undefined when the kind is not searchable. */
  searchDocument?(db: Executor, id: string): Promise<SearchDocument | undefined>;
  /** The timeline line of a create, or of an update given its changes (undefined: no entry). */
  createdLine?(dto: Dto): TimelineLine;
  updatedLine?(before: Dto, after: Dto, changes: Changes): TimelineLine;
  /** Keys of the event payload besides `changes` (e.g. `{ personId, companyId }`). */
  eventPayload?(dto: Dto, verb: LifecycleVerb): Record<string, unknown>;
  /** The export cell of a column the kernel does not know (e.g. a person's first email). */
  exportValue?(dto: Dto, column: string): string | undefined;
}

/** A list query: the reader's scope, the filters and whether the bin is included. */
export interface RecordQuery {
  scope: Scope | null;
  where: Expression<SqlBool>[];
  includeDeleted: boolean;
}

export class RecordKernel<Rec extends KernelRow, Dto extends KernelDto, Input extends object, Extra = unknown> {
  readonly kind: RecordKind;
  readonly #d: KernelDeps;
  readonly #h: RecordHooks<Rec, Dto, Input, Extra>;

  constructor(kind: RecordKind, deps: KernelDeps, hooks: RecordHooks<Rec, Dto, Input, Extra>) {
    if (kind.customFields && !deps.customFields)
      throw new Error(`Kind ${kind.name} has custom fields: give the kernel them`);
    this.kind = kind;
    this.#d = deps;
    this.#h = hooks;
  }

  /** Whether the kind's table has a bin (`deleted_at`). */
  get #bin(): boolean {
    return this.kind.bin !== false;
  }

  /** The column naming a record's owner (`owner_id`, or a task's `assignee_id`). */
  get #ownerColumn(): string {
    return this.kind.ownerColumn ?? 'owner_id';
  }

  /** Whether a stored record is inside the reader's scope: one of its owner columns is the reader, or its team. */
  #inScope(scope: Scope, row: Rec): boolean {
    const r = row as unknown as Record<string, string | null | undefined>;
    const team_id = r.team_id ?? null;
    return ownerColumns(this.kind).some((c) => inScope(scope, { owner_id: r[c] ?? null, team_id }));
  }

  get #db(): Executor {
    return this.#d.database.db;
  }

  /** The kind's table through an untyped handle: the kernel writes any kind's table by name. */
  // biome-ignore lint/suspicious/noExplicitAny: the kernel reads any kind's table by name
  #any(db: Executor): Kysely<any> {
    // biome-ignore lint/suspicious/noExplicitAny: the kernel reads any kind's table by name
    return db as unknown as Kysely<any>;
  }

  #ref(column: string) {
    return `${this.kind.table}.${column}`;
  }

  /** The reader's scope on this kind (null when the kind has no owner: every record is visible to readers). */
  scope(ctx: Ctx): Scope | null {
    return this.kind.owned ? visibilityScope(ctx.actor, this.kind.name) : null;
  }

  /** The condition a scope puts on the kind's table (or on an alias of it). */
  visibleTo(scope: Scope | null, table = this.kind.table): Expression<SqlBool> {
    return scope ? visibleTo(scope, table, ownerColumns(this.kind)) : sql<SqlBool>`1 = 1`;
  }

  // ---------- fields ----------

  /** The list catalogue this reader may use: the kind's fields, then its custom fields, without hidden ones. */
  async fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    const { dialect } = this.#d.database;
    const country = (await this.#d.workspace.get()).defaultCountry;
    const table = this.kind.table;
    const ownership = new Map(this.kind.owned ? ownershipFields(table, dialect).map((f) => [f.key, f]) : []);
    const overrides = this.#h.fieldOverrides?.(ctx, country) ?? {};
    const std = this.kind.fields.map((f): FieldSpec => {
      const spec: FieldSpec = {
        key: f.key,
        label: f.label,
        type: f.type,
        filterable: f.filterable ?? true,
        sortable: f.sortable ?? true,
        custom: false,
        ...(f.notNull ? { notNull: true } : {}),
        ...(f.missingLast ? { missingLast: true } : {}),
        ...(f.options ? { options: [...f.options] } : {}),
        ...(f.column ? { expr: sql.ref(this.#ref(f.column)) } : {}),
      };
      const own = ownership.get(f.key);
      if (own?.filter) spec.filter = own.filter;
      else if (f.type === 'multiSelect' && f.column) {
        const column = this.#ref(f.column);
        spec.filter = (_op, value) => jsonArrayContains(dialect, column, null, value);
      }
      return { ...spec, ...overrides[f.key] };
    });
    const cf = this.#d.customFields;
    const custom =
      this.kind.customFields && cf ? cf.fieldSpecs((await cf.list(this.kind.name)) as never[], table, country) : [];
    return visibleFields(ctx.actor, this.kind.name, [...std, ...custom]);
  }

  // ---------- reads ----------

  /** Redacted DTOs of records, in the order given. */
  async toDtos(ctx: Ctx, rows: Rec[], db: Executor = this.#db): Promise<Dto[]> {
    if (rows.length === 0) return [];
    return (await this.#h.toDtos(ctx, rows, db)).map((d) => redact(ctx.actor, this.kind.name, d));
  }

  /** Records among `ids` (any order); `scope` narrows to what a reader may see, `live` leaves out the bin. */
  async findRecords(
    ctx: Ctx,
    ids: readonly string[],
    db: Executor = this.#db,
    opts: { scope?: Scope | null; live?: boolean; lock?: boolean } = {},
  ): Promise<Rec[]> {
    if (ids.length === 0) return [];
    let qb = this.#h.records(db, ctx).where(sql.ref(this.#ref('id')), 'in', [...ids]);
    if (opts.live && this.#bin) qb = qb.where(sql.ref(this.#ref('deleted_at')), 'is', null);
    if (opts.scope) qb = qb.where(this.visibleTo(opts.scope));
    return (opts.lock ? qb.forUpdate() : qb).execute() as Promise<Rec[]>;
  }

  /**
   * A record the reader may see (404 otherwise, so existence does not leak); in the bin only with `allowDeleted`.
   * `forWrite` takes a row lock on PostgreSQL so concurrent writers queue (SQLite serialises writers already).
   */
  async load(
    ctx: Ctx,
    id: string,
    db: Executor = this.#db,
    opts: { allowDeleted?: boolean; forWrite?: boolean } = {},
  ): Promise<Rec> {
    const [row] = await this.findRecords(ctx, [id], db, {
      lock: opts.forWrite === true && this.#d.database.dialect === 'postgres',
    });
    const scope = this.scope(ctx);
    if (!row || (scope && !this.#inScope(scope, row))) {
      throw notFound(this.kind.name);
    }
    if (row.deleted_at && !opts.allowDeleted) throw notFound(this.kind.name);
    return row;
  }

  async get(ctx: Ctx, id: string): Promise<Dto> {
    assertCan(ctx.actor, this.kind.name, 'read');
    const survivor = await redirectOf(this.#db, this.kind.name, id);
    if (survivor) {
      // Merged: the reader who may see the merged record learns where it went (404 otherwise, as for any record).
      await this.load(ctx, id, this.#db, { allowDeleted: true });
      throw mergedInto(this.kind.name, this.kind.singularLabel.toLowerCase(), survivor);
    }
    const row = await this.load(ctx, id, this.#db, { allowDeleted: can(ctx.actor, this.kind.name, 'delete') });
    return (await this.toDtos(ctx, [row]))[0]!;
  }

  /** The live records among `ids` the actor may see, as redacted DTOs in the order asked (batch reads: cards). */
  async getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Dto[]> {
    const unique = [...new Set(ids)];
    if (!can(ctx.actor, this.kind.name, 'read') || unique.length === 0) return [];
    const rows = new Map(
      (await this.findRecords(ctx, unique, db, { scope: this.scope(ctx), live: true })).map((r) => [r.id, r]),
    );
    return this.toDtos(
      ctx,
      unique.flatMap((id) => rows.get(id) ?? []),
      db,
    );
  }

  async history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    assertCan(ctx.actor, this.kind.name, 'read');
    await this.load(ctx, id, this.#db, { allowDeleted: true });
    return fieldHistory(this.#db, ctx.actor, this.kind.name, id);
  }

  /**
   * The list query of a request: filters, quick search, scope and bin. `where` adds conditions of the module's own
   * query parameters (a task list's `due=today`), already checked by its route.
   */
  async query(
    ctx: Ctx,
    params: ListParams,
    fields: FieldSpec[],
    where: readonly Expression<SqlBool>[] = [],
  ): Promise<RecordQuery> {
    const filters = [...parseFilters(params.filter, fields, this.#d.database.dialect), ...where];
    const q = params.q?.trim();
    if (q && this.#h.quickFilter) filters.push(await this.#h.quickFilter(ctx, q));
    // A kind without a bin has nothing deleted to include.
    const includeDeleted = params.includeDeleted === true && this.#bin;
    if (includeDeleted) assertCan(ctx.actor, this.kind.name, 'delete');
    return { scope: this.scope(ctx), where: filters, includeDeleted };
  }

  /** The ids and sort keys the list query matches (what a page and a count read). */
  base(db: Executor, q: RecordQuery) {
    let qb = this.#any(db).selectFrom(this.kind.table).where(this.visibleTo(q.scope));
    if (!q.includeDeleted && this.#bin) qb = qb.where(this.#ref('deleted_at'), 'is', null);
    for (const w of q.where) qb = qb.where(w);
    return qb;
  }

  /** A page of the list; `where` adds the conditions of the module's own query parameters (see `query`). */
  async list(ctx: Ctx, params: ListParams, where: readonly Expression<SqlBool>[] = []): Promise<ListPage<Dto>> {
    assertCan(ctx.actor, this.kind.name, 'read');
    const fields = await this.fieldSpecs(ctx);
    const { dialect } = this.#d.database;
    const idRef = this.#ref('id');
    const sort = parseSort(params.sort, fields, this.kind.defaultSort, dialect, sql.ref(idRef));
    const limit = clampLimit(params.limit);
    const custom = this.#h.customPage
      ? await this.#h.customPage(
          ctx,
          params,
          sort,
          limit,
          await this.query(ctx, { ...params, q: undefined }, fields, where),
        )
      : undefined;
    let page: Promise<{ ids: string[]; next: string | null }>;
    let count: Promise<{ total: number; capped: boolean }>;
    if (custom) ({ page, count } = custom);
    else {
      const q = await this.query(ctx, params, fields, where);
      let qb = this.base(this.#db, q).select([idRef, sql<string | number>`${sort.expr}`.as('_sort')]);
      const after = afterCursor(sort, params.cursor, idRef);
      if (after) qb = qb.where(after);
      page = qb
        .orderBy(orderBy(sort, idRef))
        .limit(limit + 1)
        .execute()
        .then((all) => {
          const rows = all as unknown as { id: string; _sort: unknown }[];
          const last = rows[limit - 1];
          return {
            ids: rows.slice(0, limit).map((r) => r.id),
            next: rows.length > limit && last ? encodeCursor(last._sort, last.id) : null,
          };
        });
      // The count runs beside the page and its records: on PostgreSQL on another pooled connection, so a list costs
      // the slower of the two rather than their sum. Later pages skip it unless the kind counts every page.
      count =
        params.cursor && !this.kind.countEveryPage
          ? Promise.resolve({ total: -1, capped: false })
          : countCapped(this.#db as never, this.base(this.#db, q) as never).then((total) => ({
              total,
              capped: total > COUNT_CAP,
            }));
    }
    const [{ ids, next, records }, { total, capped }] = await Promise.all([
      page.then(async ({ ids, next }) => ({
        ids,
        next,
        records: new Map((await this.findRecords(ctx, ids)).map((r) => [r.id, r])),
      })),
      count,
    ]);
    return {
      data: await this.toDtos(
        ctx,
        ids.flatMap((id) => records.get(id) ?? []),
      ),
      nextCursor: next,
      total: total === -1 ? -1 : Math.min(total, COUNT_CAP),
      totalCapped: capped,
    };
  }

  // ---------- writes ----------

  /**
   * Validates and normalises an input into row columns: field write rules, the module's normalisation and checks,
   * owner and team placement, custom fields. Throws 422 naming every bad field, or 403 for a refused placement.
   */
  async #prepare(ctx: Ctx, db: Executor, input: Input, existing: Rec | undefined) {
    const { name } = this.kind;
    const errors: FieldError[] = [];
    const body = input as Record<string, unknown>;
    // Through the transaction: on SQLite a read on the root connection would wait for this transaction forever.
    const ws = await this.#d.workspace.get(db);
    for (const key of Object.keys(body)) {
      if (this.kind.writable.includes(key) && !canWriteField(ctx.actor, name, key)) {
        errors.push({ pointer: `/${key}`, detail: 'your role may not change this field', in: 'body' });
      }
    }
    const customInput = body.customFields as CustomValues | undefined;
    for (const key of Object.keys(customInput ?? {})) {
      if (!canWriteField(ctx.actor, name, `cf.${key}`)) {
        errors.push({ pointer: `/customFields/${key}`, detail: 'your role may not change this field', in: 'body' });
      }
    }
    const n = this.#h.normalise(input, existing, { defaultCountry: ws.defaultCountry });
    errors.push(...n.errors);
    if (this.#h.check) errors.push(...(await this.#h.check(ctx, db, input, existing)));
    const columns: Record<string, unknown> = { ...n.columns };
    if (this.kind.owned) await this.#placement(ctx, db, body, existing, columns, errors);
    const cf = this.#d.customFields;
    if (this.kind.customFields && cf) {
      const defs = await cf.list(name, db);
      const custom = cf.validate(
        defs as never[],
        customInput,
        existing?.custom_fields ? JSON.parse(existing.custom_fields) : {},
        n.country ?? ws.defaultCountry,
        !existing,
      );
      errors.push(...custom.errors);
      if (customInput) columns.custom_fields = JSON.stringify(custom.values);
    }
    if (errors.length > 0) throw validation(errors);
    if (this.kind.owned) this.#assertPlaced(ctx, body, existing, columns);
    return { columns, extra: n.extra };
  }

  /** Owner and team: the owner must be active; without a team the record takes one of the owner's teams. */
  async #placement(
    ctx: Ctx,
    db: Executor,
    body: Record<string, unknown>,
    existing: Rec | undefined,
    columns: Record<string, unknown>,
    errors: FieldError[],
  ): Promise<void> {
    const inOwner = body.ownerId as string | null | undefined;
    const inTeam = body.teamId as string | null | undefined;
    const stored = existing as unknown as Record<string, string | null | undefined> | undefined;
    const ownerColumn = this.#ownerColumn;
    let ownerId = inOwner === undefined ? (stored ? (stored[ownerColumn] ?? null) : ctx.actor.id) : inOwner;
    let teamId = inTeam === undefined ? (existing ? (existing.team_id ?? null) : undefined) : inTeam;
    let ownerTeamIds: string[] = [];
    if (ownerId) {
      const owner = (await this.#d.directory.userBriefs(db, [ownerId])).get(ownerId);
      ownerTeamIds = owner?.teamIds ?? [];
      if (!owner?.active) errors.push({ pointer: '/ownerId', detail: 'is not an active user', in: 'body' });
      else if (teamId === undefined || (inOwner !== undefined && inTeam === undefined)) {
        teamId = ownerTeam(ctx.actor, this.kind.name, owner.teamIds);
      }
    } else ownerId = null;
    if (teamId === undefined) teamId = ctx.actor.teamIds[0] ?? null;
    if (teamId && inTeam !== undefined && !(await this.#d.directory.teamBriefs(db, [teamId])).has(teamId)) {
      errors.push({ pointer: '/teamId', detail: 'is not a team', in: 'body' });
    }
    columns[ownerColumn] = ownerId;
    columns.team_id = teamId;
    columns._ownerTeamIds = ownerTeamIds;
  }

  #assertPlaced(ctx: Ctx, body: Record<string, unknown>, existing: Rec | undefined, columns: Record<string, unknown>) {
    const ownerColumn = this.#ownerColumn;
    const ownerId = columns[ownerColumn] as string | null;
    const teamId = columns.team_id as string | null;
    const ownerTeamIds = columns._ownerTeamIds as string[];
    delete columns._ownerTeamIds;
    assertPlacement(
      ctx.actor,
      this.kind.name,
      { ownerId, ownerTeamIds, teamId },
      existing
        ? {
            ownerId: (existing as unknown as Record<string, string | null>)[ownerColumn] ?? null,
            teamId: existing.team_id ?? null,
          }
        : undefined,
    );
    // A record must stay visible to the one who writes it: a team-scoped user cannot hand a record to another team.
    const scope = this.scope(ctx);
    if (scope && !inScope(scope, { owner_id: ownerId, team_id: teamId })) {
      throw validation([
        {
          pointer: body.teamId !== undefined ? '/teamId' : '/ownerId',
          detail: 'would move the record outside what you may see',
          in: 'body',
        },
      ]);
    }
  }

  /** One record's full DTO (before field rules), read again inside the write's transaction. */
  async #full(ctx: Ctx, id: string, db: Executor): Promise<Dto> {
    const [row] = await this.findRecords(ctx, [id], db);
    return (await this.#h.toDtos(ctx, [row!], db))[0]!;
  }

  /** After a write: the module's derived data, then the search document, in the same transaction. */
  async #afterWrite(trx: Executor, id: string, extra: Extra | undefined, ctx?: Ctx): Promise<void> {
    await this.#h.afterWrite?.(trx, id, extra, ctx);
    await this.reindex(trx, id);
  }

  /** Rewrites one record's search document (also what the search rebuild calls). */
  async reindex(db: Executor, id: string): Promise<void> {
    if (!this.kind.searchable) return;
    if (!this.#h.searchDocument) return this.#reindexGeneric(db, [id]);
    const doc = await this.#h.searchDocument(db, id);
    if (doc) await upsertSearchDocument(db, doc);
  }

  /** The documents of a kind without a hand-written one, from its rows and its `search` declaration (one query). */
  async #reindexGeneric(db: Executor, ids: string[]): Promise<void> {
    const rows = await this.#any(db).selectFrom(this.kind.table).selectAll().where('id', 'in', ids).execute();
    await syncKindSearchDocuments(db, this.kind, rows as Record<string, unknown>[]);
  }

  /**
   * Rewrites the search documents of every live record, a page of ids at a time, each page in one short transaction
   * (after a restore from backup or a change of the document format). Returns how many were written.
   */
  async reindexAll(pageSize = 500, onProgress: (done: number) => void = () => {}): Promise<number> {
    if (!this.kind.searchable) return 0;
    let done = 0;
    let last: string | undefined;
    for (;;) {
      let qb = this.#any(this.#db)
        .selectFrom(this.kind.table)
        .select('id')
        .$if(this.#bin, (b) => b.where('deleted_at', 'is', null))
        .orderBy('id')
        .limit(pageSize);
      if (last) qb = qb.where('id', '>', last);
      const ids = ((await qb.execute()) as { id: string }[]).map((r) => r.id);
      if (ids.length === 0) return done;
      await this.#db.transaction().execute(async (trx) => {
        if (!this.#h.searchDocument) await this.#reindexGeneric(trx, ids);
        else for (const id of ids) await this.reindex(trx, id);
      });
      done += ids.length;
      onProgress(done);
      last = ids[ids.length - 1];
      if (ids.length < pageSize) return done;
    }
  }

  /** Writes a change guarded by the version read: a concurrent writer makes this one fail with 412, never overwrite. */
  async #bump(trx: Executor, row: Rec, patch: Record<string, unknown>): Promise<void> {
    const r = await this.#any(trx)
      .updateTable(this.kind.table)
      .set({ ...patch, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleVersion(row.version + 1);
  }

  /** The flat view of a record the audit trail and events compare (API field names; custom fields as `cf.<key>`). */
  snapshot(dto: Dto): Record<string, unknown> {
    const snap: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(dto)) {
      if (k === 'customFields' || this.kind.auditOmit.includes(k)) continue;
      snap[k] = v;
    }
    for (const [k, v] of Object.entries(dto.customFields ?? {})) snap[`cf.${k}`] = v;
    return snap;
  }

  /** Runs `work` in the caller's transaction when one is given, else in a transaction of its own. */
  #inTransaction<T>(db: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, db, work);
  }

  async #publish(
    trx: Executor,
    ctx: Ctx,
    verb: LifecycleVerb,
    dto: Dto,
    row: Rec,
    changes: Changes,
    summary: TimelineLine,
  ): Promise<void> {
    const anchors = this.kind.anchors(row as unknown as Record<string, unknown>);
    const event: DomainEvent = {
      type: `${this.kind.eventPrefix}.${verb}`,
      object: this.kind.name,
      recordId: dto.id,
      payload: {
        ...this.#h.eventPayload?.(dto, verb),
        ...(verb === 'updated' ? { changed: Object.keys(changes) } : {}),
        changes,
      },
      // The record's own timeline shows its lifecycle; the anchors' 360° views show it too.
      timeline:
        summary === undefined ? undefined : { summary, ...anchors, subjectKind: this.kind.name, subjectId: dto.id },
    };
    await this.#d.events.publish(trx, ctx, event);
  }

  /** Creates a record; given `db` (a caller's transaction) it writes in that one instead of opening its own. */
  async create(ctx: Ctx, input: Input, db?: Executor): Promise<Dto> {
    assertCan(ctx.actor, this.kind.name, 'create');
    return this.#inTransaction(db, async (trx) => {
      const p = await this.#prepare(ctx, trx, input, undefined);
      const id = newId();
      const t = now();
      const defined = Object.fromEntries(Object.entries(p.columns).filter(([, v]) => v !== undefined));
      await this.#any(trx)
        .insertInto(this.kind.table)
        .values({ ...this.kind.insertDefaults, ...defined, id, created_at: t, updated_at: t })
        .execute();
      await this.#afterWrite(trx, id, p.extra, ctx);
      const [row] = await this.findRecords(ctx, [id], trx);
      const full = (await this.#h.toDtos(ctx, [row!], trx))[0]!;
      const changes = diff({}, this.snapshot(full));
      await recordAudit(trx, ctx, { action: 'create', object: this.kind.name, recordId: id, changes });
      await this.#publish(trx, ctx, 'created', full, row!, changes, this.#h.createdLine?.(full));
      return redact(ctx.actor, this.kind.name, full);
    });
  }

  /** Updates a record; given `db` (a caller's transaction) it writes in that one instead of opening its own. */
  async update(ctx: Ctx, id: string, input: Input, ifMatch?: number, db?: Executor): Promise<Dto> {
    assertCan(ctx.actor, this.kind.name, 'update');
    // Without If-Match the caller asked for no precondition: when another write lands between our read and our
    // guarded update, apply the change again on the fresh record (a few times) instead of answering 412.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#updateOnce(ctx, id, input, ifMatch, db);
      } catch (err) {
        const raced = err instanceof AppError && err.code === 'record.stale' && ifMatch === undefined;
        if (!raced || attempt >= 3) throw err;
      }
    }
  }

  async #updateOnce(ctx: Ctx, id: string, input: Input, ifMatch: number | undefined, db?: Executor): Promise<Dto> {
    return this.#inTransaction(db, async (trx) => {
      const row = await this.load(ctx, id, trx, { forWrite: true });
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = (await this.#h.toDtos(ctx, [row], trx))[0]!;
      const p = await this.#prepare(ctx, trx, input, row);
      await this.#bump(trx, row, { ...p.columns, updated_at: now() });
      await this.#afterWrite(trx, id, p.extra, ctx);
      const [fresh] = await this.findRecords(ctx, [id], trx);
      const after = (await this.#h.toDtos(ctx, [fresh!], trx))[0]!;
      const changes = diff(this.snapshot(before), this.snapshot(after));
      await recordAudit(trx, ctx, { action: 'update', object: this.kind.name, recordId: id, changes });
      await this.#publish(trx, ctx, 'updated', after, fresh!, changes, this.#h.updatedLine?.(before, after, changes));
      return redact(ctx.actor, this.kind.name, after);
    });
  }

  /**
   * The problems a create (no `existing`) or an update of `existing` with this input would answer, without writing:
   * field write rules, the module's normalisation and checks, placement and custom fields, exactly as a write runs them
   * (an import's dry run). Empty when the write would be accepted.
   */
  async validate(ctx: Ctx, input: Input, existing: Rec | undefined, db: Executor = this.#db): Promise<FieldError[]> {
    try {
      await this.#prepare(ctx, db, input, existing);
      return [];
    } catch (err) {
      if (err instanceof AppError && err.errors) return err.errors;
      if (err instanceof AppError) return [{ pointer: '', detail: err.detail ?? err.title, in: 'body' }];
      throw err;
    }
  }

  /**
   * Moves a record to the bin (a kind without a bin: removes it for good); given `db` (a caller's transaction) it
   * writes in that one instead of opening its own.
   */
  async remove(ctx: Ctx, id: string, ifMatch?: number, db?: Executor): Promise<void> {
    assertCan(ctx.actor, this.kind.name, 'delete');
    await this.#inTransaction(db, async (trx) => {
      const row = await this.load(ctx, id, trx, { forWrite: true });
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      if (!this.#bin) return this.#removeForGood(trx, ctx, row);
      const t = now();
      await this.#bump(trx, row, { deleted_at: t, updated_at: t });
      if (this.kind.searchable) await removeSearchDocument(trx, this.kind.name, id);
      const changes: Changes = { deletedAt: { from: null, to: t } };
      await recordAudit(trx, ctx, { action: 'delete', object: this.kind.name, recordId: id, changes });
      const dto = (await this.#h.toDtos(ctx, [row], trx))[0]!;
      await this.#publish(trx, ctx, 'deleted', dto, row, changes, 'Moved to the bin');
    });
  }

  /** Deletes a record of a kind without a bin: the row goes (guarded by its version); the audit keeps what it held. */
  async #removeForGood(trx: Executor, ctx: Ctx, row: Rec): Promise<void> {
    const dto = (await this.#h.toDtos(ctx, [row], trx))[0]!;
    const r = await this.#any(trx)
      .deleteFrom(this.kind.table)
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw staleVersion(row.version + 1);
    if (this.kind.searchable) await removeSearchDocument(trx, this.kind.name, row.id);
    const changes = diff(this.snapshot(dto), {});
    await recordAudit(trx, ctx, { action: 'delete', object: this.kind.name, recordId: row.id, changes });
    await this.#publish(trx, ctx, 'deleted', dto, row, changes, 'Deleted');
  }

  /** Restores a record from the bin; given `db` (a caller's transaction) it writes in that one. */
  async restore(ctx: Ctx, id: string, db?: Executor): Promise<Dto> {
    if (!this.#bin) throw new Error(`Kind ${this.kind.name} has no bin: there is nothing to restore`);
    assertCan(ctx.actor, this.kind.name, 'delete');
    return this.#inTransaction(db, async (trx) => {
      const row = await this.load(ctx, id, trx, { allowDeleted: true, forWrite: true });
      if (!row.deleted_at) return (await this.toDtos(ctx, [row], trx))[0]!;
      await this.#bump(trx, row, { deleted_at: null, updated_at: now() });
      await this.#afterWrite(trx, id, undefined, ctx);
      const changes: Changes = { deletedAt: { from: row.deleted_at, to: null } };
      await recordAudit(trx, ctx, { action: 'restore', object: this.kind.name, recordId: id, changes });
      const full = await this.#full(ctx, id, trx);
      await this.#publish(trx, ctx, 'restored', full, row, changes, 'Restored from the bin');
      return redact(ctx.actor, this.kind.name, full);
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
      object: this.kind.name,
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
    assertCan(ctx.actor, this.kind.name, 'export');
    const fields = await this.fieldSpecs(ctx);
    const readable = new Set(fields.map((f) => f.key));
    const allowed = new Set([
      ...this.kind.exportColumns.filter((c) => c.field === null || readable.has(c.field ?? c.key)).map((c) => c.key),
      ...fields.filter((f) => f.custom).map((f) => f.key),
    ]);
    const cols = columns && columns.length > 0 ? columns : [...allowed];
    const bad = cols.findIndex((c) => !allowed.has(c));
    if (bad >= 0) {
      throw new AppError('list.invalid_query', 400, 'Invalid export', `unknown column "${cols[bad]}"`, [
        { pointer: `/columns/${bad}`, detail: 'is not an exportable column', in: 'query' },
      ]);
    }
    const q = await this.query(ctx, params, fields);
    yield [cols];
    let last: string | undefined;
    const idRef = this.#ref('id');
    for (;;) {
      let qb = this.#h.records(this.#db, ctx).where(this.visibleTo(q.scope));
      if (!q.includeDeleted && this.#bin) qb = qb.where(sql.ref(this.#ref('deleted_at')), 'is', null);
      for (const w of q.where) qb = qb.where(w);
      if (last) qb = qb.where(sql.ref(idRef), '>', last);
      const rows = (await qb.orderBy(sql.ref(idRef)).limit(pageSize).execute()) as Rec[];
      if (rows.length === 0) return;
      yield (await this.toDtos(ctx, rows)).map((d) => cols.map((c) => this.#cell(d, c)));
      last = rows[rows.length - 1]!.id;
      if (rows.length < pageSize) return;
    }
  }

  #cell(dto: Dto, col: string): string {
    const own = this.#h.exportValue?.(dto, col);
    if (own !== undefined) return own;
    const d = dto as Record<string, unknown>;
    const name = (v: unknown) => (v as { name?: string } | null | undefined)?.name ?? '';
    switch (col) {
      case 'owner':
      case 'team':
        return name(d[col]);
      case 'city':
      case 'country':
        return ((d.address as Record<string, string | null> | undefined)?.[col] ?? '') as string;
      case 'lastContactAt':
        return (d.lastContact as { at?: string } | null | undefined)?.at ?? '';
      default: {
        const v = col.startsWith('cf.') ? dto.customFields?.[col.slice(3)] : d[col];
        return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
      }
    }
  }
}

/**
 * The kernels among some services (each kind's service exposes its kernel as `records`), in registry order. With
 * `every`, a kind of the registry without a kernel among them is a wiring mistake and throws at start.
 */
export function kernelsOf(
  services: Iterable<unknown>,
  order: readonly string[],
  opts: { every?: boolean } = {},
  // biome-ignore lint/suspicious/noExplicitAny: kernels of every kind, whatever their record types
): RecordKernel<any, any, any>[] {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const found = new Map<string, RecordKernel<any, any, any>>();
  for (const s of services) {
    const k = (s as { records?: unknown } | null)?.records;
    if (k instanceof RecordKernel) found.set(k.kind.name, k);
  }
  const missing = order.filter((name) => !found.has(name));
  if (opts.every && missing.length > 0) throw new Error(`No service holds the kernel of: ${missing.join(', ')}`);
  return order.flatMap((name) => found.get(name) ?? []);
}
