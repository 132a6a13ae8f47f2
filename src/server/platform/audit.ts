/**
 * The audit trail: every create, update, delete, restore, login, failed login, permission change and export is
 * recorded with who, when, what (before/after per field) and the request id. Written inside the caller's transaction.
 */
import { insertRows } from '../db/bulk.ts';
import type { Dialect, Executor } from '../db/database.ts';
import { type Actor, type Ctx, type RecordObject, redactChanges } from './access/policy.ts';
import { newId, now } from './ids.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'restore'
  | 'login'
  | 'login_failed'
  | 'login_blocked'
  | 'logout'
  | 'logout_all'
  | 'permission_change'
  | 'export'
  | 'token_create'
  | 'token_revoke'
  | 'password_change'
  | 'password_change_failed'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_reset_forced'
  | 'invite'
  | 'invitation_accepted'
  | 'import'
  | 'import_undo'
  | 'review'
  | 'owner_change'
  | 'merge'
  | 'merge_undo'
  | 'consent'
  | 'privacy_export'
  | 'erase'
  | 'retention';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface AuditEntry {
  action: AuditAction;
  object: string;
  recordId?: string | null;
  changes?: Changes;
  meta?: Record<string, unknown>;
}

export async function recordAudit(db: Executor, ctx: Ctx | null, entry: AuditEntry): Promise<void> {
  await recordAudits(db, ctx, [entry]);
}

/** Many entries by the same actor at once (a sync batch): the rows `recordAudit` writes, in multi-row inserts. */
export async function recordAudits(
  db: Executor,
  ctx: Ctx | null,
  entries: readonly AuditEntry[],
  dialect?: Dialect,
): Promise<void> {
  const rows = entries.map((entry) => ({
    id: newId(),
    at: now(),
    actor_id: ctx?.actor.id ?? null,
    actor_label: ctx ? `${ctx.actor.name} <${ctx.actor.email}>` : null,
    action: entry.action,
    object: entry.object,
    record_id: entry.recordId ?? null,
    changes: JSON.stringify(entry.changes ?? {}),
    meta: JSON.stringify(
      ctx?.clientRequestId ? { ...entry.meta, clientRequestId: ctx.clientRequestId } : (entry.meta ?? {}),
    ),
    request_id: ctx?.requestId ?? null,
    ip: ctx?.ip ?? null,
  }));
  // With the dialect: statements compiled once per shape (a sync batch); else built by Kysely, 1,000 rows at a time.
  if (dialect) return insertRows(db, dialect, 'audit_log', rows);
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** The per-field difference between two flat DTO snapshots (deep-compared by JSON). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields?: string[]): Changes {
  const out: Changes = {};
  const keys = fields ?? [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const k of keys) {
    const a = before[k] ?? null;
    const b = after[k] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a, to: b };
  }
  return out;
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  actor: { id: string; name: string } | null;
  changes: Changes;
}

/**
 * The field history of one record, newest first, from the audit trail, without the fields the reader's role hides
 * (custom fields are named `cf.<key>` in both the rules and the recorded changes).
 */
export async function fieldHistory(
  db: Executor,
  reader: Actor,
  object: RecordObject,
  recordId: string,
  limit = 500,
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'action', 'actor_id', 'actor_label', 'changes'])
    .where('object', '=', object)
    .where('record_id', '=', recordId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const changes = redactChanges(reader, object, JSON.parse(r.changes) as Changes);
    // The label keeps the name the actor had when they acted: "Name <email>".
    const name = r.actor_label?.replace(/\s*<[^>]*>$/, '') ?? 'Unknown';
    return { id: r.id, at: r.at, action: r.action, actor: r.actor_id ? { id: r.actor_id, name } : null, changes };
  });
}
