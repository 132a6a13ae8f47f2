/**
 * The SQL of merging: every column that references a person or a company, moved from the merged records to the
 * survivor with a log of each row moved (`merge_moves`), so undo moves back exactly those rows; the merge rows and
 * their redirects. The references come from the kind registry (every field declared with `reference: 'people'` or
 * `'companies'` and a column: cases, deals, orders, invoices, payments, people's company, company hierarchy), the typed
 * links and their anchors (tasks, promises, activities, timeline) and the few link tables that are not kinds (a deal's
 * people, portal users, lead-form submissions, portal visits, credit overrides).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { MergeMovesTable, MergesTable } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { LINK_TABLES } from '../../platform/records/links.ts';
import { recordKinds } from '../kinds.ts';

export type MergeRow = MergesTable;
export type MoveRow = MergeMovesTable;

/** A column holding the id of a record of `kind`. */
export interface Reference {
  table: string;
  column: string;
  /** The column that finds the row again (its id; for a composite key, the other half). */
  key: string;
  /** Typed link: only rows whose `subject_kind` is the merged kind. */
  subject?: boolean;
  /** The survivor may already hold this link (a deal's contact, a credit override): the merged one's row is removed. */
  uniqueWithKey?: boolean;
}

/** Link tables that are not kinds of record, per referenced kind. */
const EXTRA: Record<string, Reference[]> = {
  people: [
    { table: 'deal_people', column: 'person_id', key: 'deal_id', uniqueWithKey: true },
    { table: 'portal_users', column: 'person_id', key: 'id' },
    { table: 'lead_form_submissions', column: 'person_id', key: 'id' },
    { table: 'portal_visits', column: 'person_id', key: 'id' },
    // Consent records follow the person (append-only: the survivor's history gains the merged one's).
    { table: 'consent_records', column: 'person_id', key: 'id' },
  ],
  companies: [{ table: 'credit_overrides', column: 'company_id', key: 'company_id', uniqueWithKey: true }],
};

/** Every column that references a record of `kind` (people or companies). */
export function referencesTo(kind: 'people' | 'companies'): Reference[] {
  const out: Reference[] = [];
  const anchor = kind === 'people' ? 'person_id' : 'company_id';
  for (const table of LINK_TABLES) {
    out.push({ table, column: 'subject_id', key: 'id', subject: true });
    out.push({ table, column: anchor, key: 'id' });
  }
  const seen = new Set(out.map((r) => `${r.table}.${r.column}`));
  for (const k of recordKinds.kinds) {
    for (const f of k.fields) {
      if (f.reference !== kind || !f.column) continue;
      const id = `${k.table}.${f.column}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ table: k.table, column: f.column, key: 'id' });
    }
  }
  return [...out, ...(EXTRA[kind] ?? [])];
}

// biome-ignore lint/suspicious/noExplicitAny: references name tables of every module
const anyDb = (db: Executor) => db as unknown as import('kysely').Kysely<any>;

/**
 * Moves every reference to `fromId` onto `toId` (rows of the merged kind's own table among `exclude` stay: the
 * survivor's parent is never itself), logging each row moved or removed under the merge. Returns rows moved per table.
 */
export async function moveReferences(
  db: Executor,
  kind: 'people' | 'companies',
  mergeId: string,
  fromId: string,
  toId: string,
  exclude: string[],
  seqStart: number,
): Promise<{ moved: Record<string, number>; seq: number }> {
  const own = recordKinds.get(kind)!.table;
  const moved: Record<string, number> = {};
  let seq = seqStart;
  for (const ref of referencesTo(kind)) {
    if (!ref.uniqueWithKey) {
      // Set-based: the log written from the rows themselves, then one update; nothing travels to the app.
      const n = await moveAll(db, kind, ref, own, mergeId, fromId, toId, exclude, seq);
      if (n > 0) moved[ref.table] = (moved[ref.table] ?? 0) + n;
      seq += n;
      continue;
    }
    let q = anyDb(db).selectFrom(ref.table).selectAll().where(ref.column, '=', fromId);
    if (ref.subject) q = q.where('subject_kind', '=', kind);
    if (ref.table === own) q = q.where('id', 'not in', exclude);
    const rows = (await q.execute()) as Record<string, unknown>[];
    if (rows.length === 0) continue;
    const logs: MoveRow[] = [];
    const movedKeys: string[] = [];
    for (const row of rows) {
      const keyValue = String(row[ref.key]);
      let removed: string | null = null;
      if (ref.uniqueWithKey) {
        let clash = anyDb(db).selectFrom(ref.table).select(ref.column).where(ref.column, '=', toId);
        if (ref.key !== ref.column) clash = clash.where(ref.key, '=', keyValue);
        if (await clash.executeTakeFirst()) removed = JSON.stringify(row);
      }
      if (removed) {
        let del = anyDb(db).deleteFrom(ref.table).where(ref.column, '=', fromId);
        if (ref.key !== ref.column) del = del.where(ref.key, '=', keyValue);
        await del.execute();
      } else movedKeys.push(keyValue);
      logs.push({
        id: newId(),
        merge_id: mergeId,
        seq: seq++,
        from_id: fromId,
        table_name: ref.table,
        column_name: ref.column,
        key_column: ref.key,
        key_value: keyValue,
        removed_row: removed,
      });
    }
    for (let i = 0; i < movedKeys.length; i += 500) {
      let u = anyDb(db)
        .updateTable(ref.table)
        .set({ [ref.column]: toId })
        .where(ref.column, '=', fromId);
      if (ref.key !== ref.column) u = u.where(ref.key, 'in', movedKeys.slice(i, i + 500));
      if (ref.subject) u = u.where('subject_kind', '=', kind);
      await u.execute();
    }
    for (let i = 0; i < logs.length; i += 200)
      await db
        .insertInto('merge_moves')
        .values(logs.slice(i, i + 200))
        .execute();
    moved[ref.table] = (moved[ref.table] ?? 0) + rows.length;
  }
  return { moved, seq };
}

/**
 * Moves the rows of a reference the survivor cannot already hold (each row has its own id): logs each row in
 * `merge_moves` straight from the table (`insert … select`, numbered from `seq` in key order), then points them all
 * at the survivor in one update. Returns how many rows moved.
 */
async function moveAll(
  db: Executor,
  kind: 'people' | 'companies',
  ref: Reference,
  own: string,
  mergeId: string,
  fromId: string,
  toId: string,
  exclude: string[],
  seq: number,
): Promise<number> {
  type Filterable<Q> = { where(...args: unknown[]): Q };
  const scope = <Q extends Filterable<Q>>(q: Q): Q => {
    let out = q.where(ref.column, '=', fromId);
    if (ref.subject) out = out.where('subject_kind', '=', kind);
    if (ref.table === own) out = out.where('id', 'not in', exclude);
    return out;
  };
  const key = sql.ref(`${ref.table}.${ref.key}`);
  const n = sql<number>`cast(${seq} as integer) + row_number() over (order by ${key}) - 1`;
  const text = (v: string) => sql<string>`cast(${v} as text)`;
  const source = scope(anyDb(db).selectFrom(ref.table)).select([
    sql<string>`cast(${mergeId} as text) || ':' || cast(${n} as text)`.as('id'),
    text(mergeId).as('merge_id'),
    n.as('seq'),
    text(fromId).as('from_id'),
    text(ref.table).as('table_name'),
    text(ref.column).as('column_name'),
    text(ref.key).as('key_column'),
    sql<string>`cast(${key} as text)`.as('key_value'),
    sql<null>`null`.as('removed_row'),
  ]);
  const logged = await anyDb(db)
    .insertInto('merge_moves')
    .columns([
      'id',
      'merge_id',
      'seq',
      'from_id',
      'table_name',
      'column_name',
      'key_column',
      'key_value',
      'removed_row',
    ])
    .expression(source)
    .executeTakeFirst();
  const count = Number(logged.numInsertedOrUpdatedRows ?? 0);
  if (count > 0)
    await scope(
      anyDb(db)
        .updateTable(ref.table)
        .set({ [ref.column]: toId }),
    ).execute();
  return count;
}

/**
 * Undoes the moves of a merge: rows moved go back to the record they pointed at (only while they still point at the
 * survivor: a link changed since stays as it is), rows removed are put back.
 */
export async function moveBack(db: Executor, kind: string, mergeId: string, survivorId: string): Promise<number> {
  const moves = await db.selectFrom('merge_moves').selectAll().where('merge_id', '=', mergeId).orderBy('seq').execute();
  const groups = new Map<string, { m: MoveRow; keys: string[] }>();
  let restored = 0;
  for (const m of moves) {
    if (m.removed_row) continue;
    const g = `${m.table_name}|${m.column_name}|${m.key_column}|${m.from_id}`;
    const group = groups.get(g) ?? { m, keys: [] };
    group.keys.push(m.key_value);
    groups.set(g, group);
  }
  for (const { m, keys } of groups.values()) {
    for (let i = 0; i < keys.length; i += 500) {
      let u = anyDb(db)
        .updateTable(m.table_name)
        .set({ [m.column_name]: m.from_id })
        .where(m.column_name, '=', survivorId);
      if (m.key_column !== m.column_name) u = u.where(m.key_column, 'in', keys.slice(i, i + 500));
      if (m.column_name === 'subject_id') u = u.where('subject_kind', '=', kind);
      const r = await u.executeTakeFirst();
      restored += Number(r.numUpdatedRows ?? 0);
    }
  }
  for (const m of moves) {
    if (!m.removed_row) continue;
    await anyDb(db).insertInto(m.table_name).values(JSON.parse(m.removed_row)).execute();
    restored++;
  }
  return restored;
}

export async function insertMerge(db: Executor, row: MergeRow): Promise<void> {
  await db.insertInto('merges').values(row).execute();
}

export async function findMerge(db: Executor, id: string): Promise<MergeRow | undefined> {
  return db.selectFrom('merges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Merges into a survivor, newest first. */
export async function mergesInto(db: Executor, kind: string, survivorId: string, limit: number): Promise<MergeRow[]> {
  return db
    .selectFrom('merges')
    .selectAll()
    .where('kind', '=', kind)
    .where('survivor_id', '=', survivorId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Rows moved per table by a merge. */
export async function movedCounts(db: Executor, mergeId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('merge_moves')
    .select(['table_name', sql<number>`count(*)`.as('n')])
    .where('merge_id', '=', mergeId)
    .groupBy('table_name')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.n)]));
}

export async function markUndone(db: Executor, id: string, by: string, at: string): Promise<void> {
  await db.updateTable('merges').set({ status: 'undone', undone_at: at, undone_by: by }).where('id', '=', id).execute();
}

/** Open duplicate pairs between the merged records leave the queue (`merged`); undo opens them again. */
export async function setPairsStatus(
  db: Executor,
  kind: string,
  ids: string[],
  from: string,
  to: string,
): Promise<void> {
  await db
    .updateTable('duplicate_pairs')
    .set({ status: to })
    .where('kind', '=', kind)
    .where('status', '=', from)
    .where('a_id', 'in', ids)
    .where('b_id', 'in', ids)
    .execute();
}
