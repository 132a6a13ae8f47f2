/** Schemas of the audit log search. */
import { type Static, Type } from 'typebox';

export const AuditRow = Type.Object(
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
export type AuditRow = Static<typeof AuditRow>;

export const AuditQuery = Type.Object({
  object: Type.Optional(Type.String({ maxLength: 40 })),
  recordId: Type.Optional(Type.String({ maxLength: 64 })),
  actorId: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type AuditQuery = Static<typeof AuditQuery>;
