/** The audit log search for admins: newest first, keyset-paged, with the reader's field rules applied to the changes. */
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx, RECORD_OBJECTS, type RecordObject, redactChanges } from '../../platform/access/policy.ts';
import { clampLimit, encodeCursor } from '../../platform/lists.ts';
import { userBriefs } from '../identity/index.ts';
import { AUDIT_COUNT_CAP, searchAuditLog } from './audit.repository.ts';
import type { AuditQuery, AuditRow } from './audit.schemas.ts';

export interface AuditPage {
  data: AuditRow[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

export class AuditService {
  readonly #database: Database;
  constructor(database: Database) {
    this.#database = database;
  }

  async search(ctx: Ctx, q: AuditQuery): Promise<AuditPage> {
    assertCan(ctx.actor, 'audit', 'read');
    const db = this.#database.db;
    const limit = clampLimit(q.limit);
    const { rows, total } = await searchAuditLog(db, q, limit);
    const data = rows.slice(0, limit);
    const actors = await userBriefs(
      db,
      data.map((r) => r.actor_id),
    );
    const last = data[data.length - 1];
    return {
      data: data.map((r) => {
        const a = r.actor_id ? actors.get(r.actor_id) : undefined;
        return {
          id: r.id,
          at: r.at,
          action: r.action,
          object: r.object,
          recordId: r.record_id,
          actor: a ? { id: a.id, name: a.name } : null,
          actorLabel: r.actor_label,
          changes: (RECORD_OBJECTS as readonly string[]).includes(r.object)
            ? redactChanges(ctx.actor, r.object as RecordObject, JSON.parse(r.changes))
            : JSON.parse(r.changes),
          meta: JSON.parse(r.meta),
          requestId: r.request_id,
          ip: r.ip,
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
      total: Math.min(total, AUDIT_COUNT_CAP),
      totalCapped: total > AUDIT_COUNT_CAP,
    };
  }
}
