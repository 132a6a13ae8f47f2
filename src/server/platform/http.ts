/** Small HTTP helpers shared by routes: ETags, If-Match, common response schemas. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError } from './errors.ts';

export const etagOf = (version: number): string => `"${version}"`;

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', etagOf(version));
}

/** The version named by If-Match (`"3"`, `W/"3"`), undefined when absent; 400 when unreadable. */
export function ifMatch(request: FastifyRequest): number | undefined {
  const h = request.headers['if-match'];
  if (h === undefined || h === '*') return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(h).trim());
  if (!m) {
    throw new AppError(
      'request.invalid_if_match',
      400,
      'Bad Request',
      'If-Match must be an ETag this server issued, like "3".',
      [{ pointer: '/if-match', detail: 'is not an ETag this server issued', in: 'headers' }],
    );
  }
  return Number(m[1]);
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.String(),
    code: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String(), in: Type.Optional(Type.String()) })),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

const problemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });

/** Standard error responses for a route's schema. */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((c) => [c, problemRef]));
}

/** A successful answer that is a file or a stream rather than JSON (CSV, XLSX, server-sent events), for the document. */
export const fileResponse = (description: string, ...mediaTypes: string[]) =>
  Type.Unsafe<unknown>({
    description,
    content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: { type: 'string' } }])),
  });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer(),
    totalCapped: Type.Boolean(),
  });

export const DataEnvelope = <T extends TSchema>(item: T) => Type.Object({ data: Type.Array(item) });

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Quick search by name, email or phone' })),
  filter: Type.Optional(
    Type.Union([Type.String({ maxLength: 600 }), Type.Array(Type.String({ maxLength: 600 }), { maxItems: 20 })], {
      description:
        'field:op:value, repeatable. Ops: eq, ne, contains, startsWith, gt, gte, lt, lte, in (a|b), empty, notEmpty',
    }),
  ),
  sort: Type.Optional(Type.String({ maxLength: 64, description: 'Field key, prefixed with - for descending' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  includeDeleted: Type.Optional(Type.Boolean()),
});

/**
 * The kernel's list parameters for a kind whose list has parameters of its own (and no bin): quick search, filter,
 * sort, limit and cursor, to spread into its list query.
 */
export function kernelQuery(q: string) {
  const { filter, sort, limit, cursor } = ListQuery.properties;
  return { q: Type.Optional(Type.String({ maxLength: 200, description: q })), filter, sort, limit, cursor };
}

export const HistoryEntrySchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String(),
    action: Type.String(),
    actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    changes: Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })),
  },
  { title: 'HistoryEntry' },
);

export const ExportQuery = Type.Intersect([
  ListQuery,
  Type.Object({ columns: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated column keys' })) }),
]);
