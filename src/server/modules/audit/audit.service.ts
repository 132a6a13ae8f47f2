/** The audit log search for admins: newest first, keyset-paged, with the reader's field rules applied to the changes. */
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx, RECORD_OBJECTS, type RecordObject, redactChanges } from '../../platform/access/policy.ts';
import { clampLimit, encodeCursor } from '../../platform/lists.ts';
import { userBriefs } from '../identity/index.ts';
import { AUDIT_COUNT_CAP, configHistory, searchAuditLog } from './audit.repository.ts';
import type { AuditQuery, AuditRow } from './audit.schemas.ts';

export interface AuditPage {
  data: AuditRow[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

/** One change to a piece of configuration: when, what was done, by whom, and which fields changed. */
export interface ConfigChange {
  at: string;
  action: string;
  actor: { id: string; name: string } | null;
  fields: string[];
}

/** Objects whose audit entries are configuration (not customer records): their history may be shown to all staff. */
export const CONFIG_OBJECTS = ['pipelines', 'case_types', 'sla_policies', 'lead_forms', 'workspace'] as const;
export type ConfigObject = (typeof CONFIG_OBJECTS)[number];

export class AuditService {
  readonly #database: Database;
  constructor(database: Database) {
    this.#database = database;
  }

  /**
   * The change history of configuration records (a pipeline, a case type...), newest first, by record id: for pages
   * every staff member reads (the process handbook). Only configuration objects, and only which fields changed, not
   * their values, so it needs no audit permission.
   */
  async configHistory(object: ConfigObject, recordIds: string[], limit = 20): Promise<Map<string, ConfigChange[]>> {
    const db = this.#database.db;
    const rows = await configHistory(db, object, recordIds);
    const actors = await userBriefs(
      db,
      rows.map((r) => r.actor_id),
    );
    const out = new Map<string, ConfigChange[]>();
    for (const r of rows) {
      const list = out.get(r.record_id ?? '') ?? [];
      if (list.length >= limit) continue;
      const a = r.actor_id ? actors.get(r.actor_id) : undefined;
      list.push({
        at: r.at,
        action: r.action,
        actor: a ? { id: a.id, name: a.name } : null,
        fields: Object.keys(JSON.parse(r.changes) as Record<string, unknown>),
      });
      out.set(r.record_id ?? '', list);
    }
    return out;
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
