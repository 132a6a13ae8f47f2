/**
 * The SQL of privacy requests. A request about a person reaches every module's tables by design (an access export must
 * hold everything, an erasure must leave nothing), so this is the one repository that reads across modules: the export
 * reads each module's rows about the person by their typed links, and the erasure's sweep walks the database catalogue
 * (every table, every text column, on either engine), so a table added later is covered without a hand-kept list.
 */
import { type Selectable, sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { PrivacySettingsTable } from '../../db/schema.ts';

export type Row = Record<string, unknown>;

// ---------- what Rapport holds about a person (the access export) ----------

/** One section of the export per module's data: its rows about the person, raw as stored. */
export async function exportSections(db: Executor, personId: string, emails: string[]): Promise<Record<string, Row[]>> {
  const caseIds = db.selectFrom('cases').select('id').where('person_id', '=', personId);
  const dealIds = db.selectFrom('deal_people').select('deal_id').where('person_id', '=', personId);
  const portalUserIds = db.selectFrom('portal_users').select('id').where('person_id', '=', personId);
  const [
    person,
    personEmails,
    personPhones,
    consents,
    activities,
    timeline,
    tasks,
    promises,
    deals,
    dealRoles,
    cases,
    caseMessages,
    caseAttachments,
    caseRatings,
    portalUsers,
    portalVisits,
    leadFormSubmissions,
    audit,
    mail,
    imports,
  ] = await Promise.all([
    db.selectFrom('people').selectAll().where('id', '=', personId).execute(),
    db.selectFrom('person_emails').selectAll().where('person_id', '=', personId).orderBy('position').execute(),
    db.selectFrom('person_phones').selectAll().where('person_id', '=', personId).orderBy('position').execute(),
    db.selectFrom('consent_records').selectAll().where('person_id', '=', personId).orderBy('recorded_at').execute(),
    db.selectFrom('activities').selectAll().where('person_id', '=', personId).orderBy('occurred_at').execute(),
    db.selectFrom('timeline').selectAll().where('person_id', '=', personId).orderBy('at').execute(),
    db.selectFrom('tasks').selectAll().where('person_id', '=', personId).orderBy('created_at').execute(),
    db.selectFrom('promises').selectAll().where('person_id', '=', personId).orderBy('created_at').execute(),
    db.selectFrom('deals').selectAll().where('id', 'in', dealIds).orderBy('created_at').execute(),
    db.selectFrom('deal_people').selectAll().where('person_id', '=', personId).execute(),
    db.selectFrom('cases').selectAll().where('person_id', '=', personId).orderBy('opened_at').execute(),
    db.selectFrom('case_messages').selectAll().where('case_id', 'in', caseIds).orderBy('created_at').execute(),
    db.selectFrom('case_attachments').selectAll().where('case_id', 'in', caseIds).orderBy('created_at').execute(),
    db.selectFrom('case_ratings').selectAll().where('person_id', '=', personId).orderBy('rated_at').execute(),
    db
      .selectFrom('portal_users')
      .select([
        'id',
        'person_id',
        'email',
        'status',
        'company_admin',
        'invited_at',
        'activated_at',
        'last_visit_at',
        'revoked_at',
      ])
      .where('person_id', '=', personId)
      .execute(),
    db
      .selectFrom('portal_visits')
      .selectAll()
      .where((eb) => eb.or([eb('person_id', '=', personId), eb('portal_user_id', 'in', portalUserIds)]))
      .orderBy('started_at')
      .execute(),
    db.selectFrom('lead_form_submissions').selectAll().where('person_id', '=', personId).execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor_label', 'action', 'object', 'record_id', 'changes', 'meta'])
      .where('object', '=', 'people')
      .where('record_id', '=', personId)
      .orderBy('at')
      .execute(),
    emails.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('mail_outbox')
          .select(['id', 'to_address', 'template', 'subject', 'status', 'created_at', 'sent_at'])
          .where('to_address', 'in', emails)
          .orderBy('created_at')
          .execute(),
    db
      .selectFrom('import_changes')
      .innerJoin('imports', 'imports.id', 'import_changes.import_id')
      .select(['imports.id', 'imports.file_name', 'imports.created_at', 'import_changes.action', 'row_number'])
      .where('import_changes.record_id', '=', personId)
      .execute(),
  ]);
  return {
    person,
    emails: personEmails,
    phones: personPhones,
    consents,
    activities,
    timeline,
    tasks,
    promises,
    deals,
    deal_roles: dealRoles,
    cases,
    case_messages: caseMessages,
    case_attachments: caseAttachments,
    csat_ratings: caseRatings,
    portal_users: portalUsers,
    portal_visits: portalVisits,
    lead_form_submissions: leadFormSubmissions,
    audit,
    mail,
    imports,
  };
}

// ---------- identifiers and the structural part of an erasure ----------

export interface PersonIdentifiers {
  id: string;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  portalUserIds: string[];
  /** Records about the person or that they take part in (their cases, deals, activities, tasks, promises). */
  relatedIds: string[];
  erasedAt: string | null;
}

export async function identifiersOf(db: Executor, personId: string): Promise<PersonIdentifiers | undefined> {
  const p = await db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name', 'primary_email', 'primary_phone', 'erased_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p) return undefined;
  const [emails, phones, portal, related] = await Promise.all([
    db.selectFrom('person_emails').select('email').where('person_id', '=', personId).execute(),
    db.selectFrom('person_phones').select('e164').where('person_id', '=', personId).execute(),
    db.selectFrom('portal_users').select(['id', 'email']).where('person_id', '=', personId).execute(),
    db
      .selectFrom('cases')
      .select('id')
      .where('person_id', '=', personId)
      .union(db.selectFrom('deal_people').select('deal_id as id').where('person_id', '=', personId))
      .union(db.selectFrom('activities').select('id').where('person_id', '=', personId))
      .union(db.selectFrom('tasks').select('id').where('person_id', '=', personId))
      .union(db.selectFrom('promises').select('id').where('person_id', '=', personId))
      .execute(),
  ]);
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    id: p.id,
    firstName: p.first_name,
    lastName: p.last_name,
    emails: uniq([p.primary_email, ...emails.map((e) => e.email), ...portal.map((u) => u.email)]).map((e) =>
      e.toLowerCase(),
    ),
    phones: uniq([p.primary_phone, ...phones.map((x) => x.e164)]),
    portalUserIds: portal.map((u) => u.id),
    relatedIds: related.map((r) => r.id),
    erasedAt: p.erased_at,
  };
}

/** The rows an erasure removes outright or closes: contact rows, search document, portal access, pending mail. */
export async function removeContactRows(db: Executor, ids: PersonIdentifiers, at: string): Promise<Row> {
  const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }[]) =>
    Number(r[0]?.numDeletedRows ?? r[0]?.numUpdatedRows ?? 0n);
  const out: Row = {};
  out.person_emails = n(await db.deleteFrom('person_emails').where('person_id', '=', ids.id).execute());
  out.person_phones = n(await db.deleteFrom('person_phones').where('person_id', '=', ids.id).execute());
  out.search_documents = n(
    await db.deleteFrom('search_documents').where('kind', '=', 'people').where('record_id', '=', ids.id).execute(),
  );
  if (ids.portalUserIds.length > 0) {
    await db.deleteFrom('portal_sessions').where('portal_user_id', 'in', ids.portalUserIds).execute();
    await db.deleteFrom('portal_links').where('portal_user_id', 'in', ids.portalUserIds).execute();
    // The address is the portal user's key: it becomes one that names no one and reaches no one.
    for (const pu of ids.portalUserIds) {
      await db
        .updateTable('portal_users')
        .set({ email: `erased-${pu}@invalid`, status: 'revoked', revoked_at: at, updated_at: at })
        .where('id', '=', pu)
        .execute();
    }
    out.portal_users = ids.portalUserIds.length;
  }
  if (ids.emails.length > 0)
    out.mail_outbox_pending = n(
      await db
        .deleteFrom('mail_outbox')
        .where('to_address', 'in', ids.emails)
        .where('status', '=', 'pending')
        .execute(),
    );
  return out;
}

export async function anonymisePerson(
  db: Executor,
  id: string,
  columns: Record<string, string | null>,
  at: string,
): Promise<void> {
  await db
    .updateTable('people')
    .set({ ...columns, erased_at: at, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

// ---------- the catalogue sweep ----------

export interface CatalogueTable {
  name: string;
  textColumns: string[];
}

/** Every base table and its text columns, from the engine's own catalogue (FTS internals excluded on SQLite). */
export async function catalogue(db: Executor, dialect: Dialect): Promise<CatalogueTable[]> {
  const rows =
    dialect === 'sqlite'
      ? (
          await sql<{ table_name: string; column_name: string; data_type: string; virtual: number }>`
            select m.name as table_name, p.name as column_name, upper(p.type) as data_type,
              (m.sql like 'CREATE VIRTUAL%') as virtual
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'
            order by m.name, p.cid`.execute(db)
        ).rows
      : (
          await sql<{ table_name: string; column_name: string; data_type: string; virtual: number }>`
            select c.table_name, c.column_name, c.data_type, 0 as virtual
            from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
            order by c.table_name, c.ordinal_position`.execute(db)
        ).rows;
  const virtual = new Set(rows.filter((r) => Number(r.virtual) === 1).map((r) => r.table_name));
  const isShadow = (t: string) => [...virtual].some((v) => t.startsWith(`${v}_`));
  const isText = (type: string) =>
    dialect === 'sqlite'
      ? type === '' || /TEXT|CHAR|CLOB|JSON/.test(type)
      : ['text', 'character varying', 'character', 'json', 'jsonb'].includes(type);
  const tables = new Map<string, string[]>();
  for (const r of rows) {
    if (virtual.has(r.table_name) || isShadow(r.table_name)) continue;
    const cols = tables.get(r.table_name) ?? [];
    if (isText(r.data_type)) cols.push(r.column_name);
    tables.set(r.table_name, cols);
  }
  return [...tables].filter(([, c]) => c.length > 0).map(([name, textColumns]) => ({ name, textColumns }));
}

const q = (ident: string) => sql.id(ident);
const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Rows of a table with any of `needles` in any text column (case-insensitive), with a key to update them by. */
export async function rowsContaining(
  db: Executor,
  dialect: Dialect,
  table: CatalogueTable,
  needles: string[],
): Promise<{ key: string; values: Record<string, string | null> }[]> {
  if (needles.length === 0) return [];
  const conds = table.textColumns.flatMap((c) =>
    needles.map((n) =>
      dialect === 'sqlite'
        ? sql`${q(c)} like ${`%${escapeLike(n)}%`} escape '\\'`
        : sql`${q(c)}::text ilike ${`%${escapeLike(n)}%`} escape '\\'`,
    ),
  );
  const key = dialect === 'sqlite' ? sql`rowid` : sql`ctid::text`;
  const cols = sql.join(table.textColumns.map((c) => sql`${q(c)}::text as ${q(c)}`));
  const selectCols = dialect === 'sqlite' ? sql.join(table.textColumns.map((c) => q(c))) : cols;
  const res = await sql<Record<string, string | null>>`
    select ${key} as __key, ${selectCols} from ${q(table.name)} where ${sql.join(conds, sql` or `)}`.execute(db);
  return res.rows.map((r) => {
    const { __key, ...values } = r;
    return { key: String(__key), values };
  });
}

/** Writes the changed text columns of one row found by `rowsContaining`. */
export async function updateRow(
  db: Executor,
  dialect: Dialect,
  table: string,
  key: string,
  changes: Record<string, string | null>,
  columnTypes: Record<string, string>,
): Promise<void> {
  const sets = Object.entries(changes).map(([c, v]) => {
    const t = columnTypes[c];
    return t === 'jsonb' || t === 'json' ? sql`${q(c)} = ${v}::${sql.raw(t)}` : sql`${q(c)} = ${v}`;
  });
  if (sets.length === 0) return;
  const where = dialect === 'sqlite' ? sql`rowid = ${Number(key)}` : sql`ctid = ${key}::tid`;
  await sql`update ${q(table)} set ${sql.join(sets)} where ${where}`.execute(db);
}

/** Column data types (PostgreSQL JSON columns are written back with a cast). */
export async function columnTypes(db: Executor, dialect: Dialect, table: string): Promise<Record<string, string>> {
  if (dialect === 'sqlite') return {};
  const rows = (
    await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db)
  ).rows;
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

/** Import files and job results the data folder keeps (paths as stored). */
export async function storedFiles(db: Executor): Promise<string[]> {
  const [imports, jobs] = await Promise.all([
    db.selectFrom('imports').select('file_path').execute(),
    db.selectFrom('jobs').select('result_path').where('result_path', 'is not', null).execute(),
  ]);
  return [...imports.map((r) => r.file_path), ...jobs.map((r) => r.result_path as string)];
}

// ---------- retention ----------

export type PrivacySettingsRow = Selectable<PrivacySettingsTable>;

export function settings(db: Executor): Promise<PrivacySettingsRow | undefined> {
  return db.selectFrom('privacy_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
}

export async function saveSettings(db: Executor, row: PrivacySettingsRow): Promise<void> {
  const { id: _id, ...rest } = row;
  await db
    .insertInto('privacy_settings')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(rest))
    .execute();
}

export interface InactivePerson {
  id: string;
  first_name: string;
  last_name: string;
  last_activity_at: string;
  flags: string;
}

/**
 * People not erased whose last activity (last contact, else creation) and last change are both before `cutoff`,
 * oldest first, at most `limit`.
 */
export function inactivePeople(db: Executor, cutoff: string, limit: number): Promise<InactivePerson[]> {
  return db
    .selectFrom('people')
    .select([
      'id',
      'first_name',
      'last_name',
      'flags',
      sql<string>`coalesce(last_contact_at, created_at)`.as('last_activity_at'),
    ])
    .where('erased_at', 'is', null)
    .where(sql<boolean>`coalesce(last_contact_at, created_at) < ${cutoff}`)
    .where('updated_at', '<', cutoff)
    .orderBy(sql`coalesce(last_contact_at, created_at)`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countInactive(db: Executor, cutoff: string): Promise<number> {
  const r = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('erased_at', 'is', null)
    .where(sql<boolean>`coalesce(last_contact_at, created_at) < ${cutoff}`)
    .where('updated_at', '<', cutoff)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Adds a flag to a person without touching `updated_at` (a flag is not activity: the rule would never see them again). */
export async function addFlag(db: Executor, id: string, flags: string): Promise<void> {
  await db.updateTable('people').set({ flags }).where('id', '=', id).execute();
}
