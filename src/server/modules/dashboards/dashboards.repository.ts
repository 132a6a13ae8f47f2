/** The only file with SQL for dashboards, their widgets and their share links. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DashboardSharesTable, DashboardsTable, DashboardWidgetsTable } from '../../db/schema.ts';

export type DashboardRow = Selectable<DashboardsTable>;
export type WidgetRow = Selectable<DashboardWidgetsTable>;
export type ShareRow = Selectable<DashboardSharesTable>;

export const find = (db: Executor, id: string): Promise<DashboardRow | undefined> =>
  db.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst();

/** The dashboards a user may open: their own, their teams', everyone's. */
export const listVisible = (db: Executor, userId: string, teamIds: string[]): Promise<DashboardRow[]> =>
  db
    .selectFrom('dashboards')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('owner_id', '=', userId),
        eb('visibility', '=', 'everyone'),
        ...(teamIds.length > 0 ? [eb.and([eb('visibility', '=', 'team'), eb('team_id', 'in', teamIds)])] : []),
      ]),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();

export const widgets = (db: Executor, ids: string[]): Promise<WidgetRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('dashboard_widgets')
        .selectAll()
        .where('dashboard_id', 'in', ids)
        .orderBy('dashboard_id')
        .orderBy('position')
        .execute();

export async function insert(db: Executor, row: DashboardRow): Promise<void> {
  await db.insertInto('dashboards').values(row).execute();
}

/** Applies a change when the version is still `version`; false when another writer was first. */
export async function update(db: Executor, id: string, version: number, set: Partial<DashboardRow>): Promise<boolean> {
  const r = await db
    .updateTable('dashboards')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function replaceWidgets(db: Executor, dashboardId: string, rows: WidgetRow[]): Promise<void> {
  await db.deleteFrom('dashboard_widgets').where('dashboard_id', '=', dashboardId).execute();
  if (rows.length > 0) await db.insertInto('dashboard_widgets').values(rows).execute();
}

export async function remove(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('dashboard_shares').where('dashboard_id', '=', id).execute();
  await db.deleteFrom('dashboard_widgets').where('dashboard_id', '=', id).execute();
  await db.deleteFrom('dashboards').where('id', '=', id).execute();
}

export const names = async (db: Executor, table: 'users' | 'teams', ids: string[]): Promise<Map<string, string>> =>
  ids.length === 0
    ? new Map()
    : new Map(
        (await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]),
      );

export const exists = async (db: Executor, table: 'users' | 'teams', id: string): Promise<boolean> =>
  (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const shares = (db: Executor, dashboardId: string): Promise<ShareRow[]> =>
  db
    .selectFrom('dashboard_shares')
    .selectAll()
    .where('dashboard_id', '=', dashboardId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

export const shareByHash = (db: Executor, hash: string): Promise<ShareRow | undefined> =>
  db
    .selectFrom('dashboard_shares')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export async function insertShare(db: Executor, row: ShareRow): Promise<void> {
  await db.insertInto('dashboard_shares').values(row).execute();
}

export async function revokeShare(db: Executor, dashboardId: string, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('dashboard_shares')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('dashboard_id', '=', dashboardId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
