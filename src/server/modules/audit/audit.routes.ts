import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx, RECORD_OBJECTS, type RecordObject, redactChanges } from '../../platform/access/policy.ts';
import { errors, ListEnvelope } from '../../platform/http.ts';
import { clampLimit, decodeCursor, encodeCursor } from '../../platform/lists.ts';
import { userBriefs } from '../identity/index.ts';

const AuditRow = Type.Object(
  {
    id: Type.String(),
    at: Type.String(),
    action: Type.String(),
    object: Type.String(),
    recordId: Type.Union([Type.String(), Type.Null()]),
    actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    actorLabel: Type.Union([Type.String(), Type.Null()]),
    changes: Type.Record(Type.String(), Type.Unknown()),
    meta: Type.Record(Type.String(), Type.Unknown()),
    requestId: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'AuditEntry' },
);

const AuditQuery = Type.Object({
  object: Type.Optional(Type.String({ maxLength: 40 })),
  recordId: Type.Optional(Type.String({ maxLength: 64 })),
  actorId: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The audit log search for admins: newest first, keyset-paged. */
export class AuditService {
  readonly #database: Database;
  constructor(database: Database) {
    this.#database = database;
  }

  async search(ctx: Ctx, q: Static<typeof AuditQuery>) {
    assertCan(ctx.actor, 'audit', 'read');
    const db = this.#database.db;
    let qb = db.selectFrom('audit_log').selectAll();
    if (q.object) qb = qb.where('object', '=', q.object);
    if (q.recordId) qb = qb.where('record_id', '=', q.recordId);
    if (q.actorId) qb = qb.where('actor_id', '=', q.actorId);
    if (q.action) qb = qb.where('action', '=', q.action);
    if (q.from) qb = qb.where('at', '>=', new Date(q.from).toISOString());
    if (q.to) qb = qb.where('at', '<', new Date(q.to).toISOString());
    let page = qb;
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      page = page.where((eb) =>
        eb.or([eb('at', '<', String(at)), eb.and([eb('at', '=', String(at)), eb('id', '<', id)])]),
      );
    }
    const limit = clampLimit(q.limit);
    const rows = await page
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const total = Number(
      (
        await db
          .selectFrom(qb.clearSelect().select('id').limit(10_001).as('c'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
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
      total: Math.min(total, 10_000),
      totalCapped: total > 10_000,
    };
  }
}

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/audit',
    {
      config: { access: { object: 'audit', action: 'read' } },
      schema: {
        operationId: 'searchAudit',
        tags: ['audit'],
        summary: 'Search the audit log',
        querystring: AuditQuery,
        response: { 200: ListEnvelope(AuditRow), ...errors(400, 401, 403) },
      },
    },
    async (request) => audit.search(request.ctx(), request.query),
  );
};
