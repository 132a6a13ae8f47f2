/**
 * The HTTP face of a record kind, written once: list, CSV export, get (with its ETag), field history, create, update
 * (If-Match), move to the bin and restore. A module calls `recordRoutes` with its path, access object, schemas and the
 * summaries of the operations it offers, and adds only the routes that are its own (a pipeline's board, a case's
 * messages). Operation ids follow one pattern (`listDeals`, `getDeal`, `getDealHistory`, `createDeal`, …) so clients
 * generated from the OpenAPI document read the same for every kind.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyContextConfig } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import type { Ctx } from '../access/policy.ts';
import {
  DataEnvelope,
  ExportQuery,
  errors,
  fileResponse,
  HistoryEntrySchema,
  IdParams,
  ifMatch,
  ListEnvelope,
  ListQuery,
  setEtag,
} from '../http.ts';

type Action = 'read' | 'create' | 'update' | 'delete' | 'export';
type App = Parameters<FastifyPluginAsyncTypebox>[0];
type Versioned = { id: string; version: number };
// biome-ignore lint/suspicious/noExplicitAny: a query or body reaches the service after the route's schema validated it
type Validated = any;

/** What a kind's service offers; each operation named in `summaries` must exist. */
export interface RecordEndpoints {
  list?(
    ctx: Ctx,
    query: Validated,
  ): Promise<{ data: unknown[]; nextCursor: string | null; total: number; totalCapped: boolean }>;
  exportCsv?(ctx: Ctx, query: Validated, columns?: string[]): Promise<{ csv: string }>;
  get(ctx: Ctx, id: string): Promise<Versioned>;
  history?(ctx: Ctx, id: string): Promise<Static<typeof HistoryEntrySchema>[]>;
  create?(ctx: Ctx, body: Validated): Promise<Versioned>;
  update?(ctx: Ctx, id: string, body: Validated, ifMatch?: number): Promise<Versioned>;
  remove?(ctx: Ctx, id: string, ifMatch?: number): Promise<void>;
  restore?(ctx: Ctx, id: string): Promise<Versioned>;
}

export type RecordOperation = 'list' | 'export' | 'get' | 'history' | 'create' | 'update' | 'delete' | 'restore';

export interface RecordRoutes {
  /** URL segment and file-name stem: `deals` serves `/deals`, `/deals/{id}`, … */
  path: string;
  /** The access-policy object the routes are checked against (usually the kind's name). */
  object: string;
  /** The module that owns the kind: when it is switched off, every route answers 404. */
  module?: FastifyContextConfig['module'];
  /** OpenAPI tag. */
  tag: string;
  /** For operation ids: `{ one: 'Deal', many: 'Deals' }`. */
  names: { one: string; many: string };
  view: TSchema;
  create?: TSchema;
  update?: TSchema;
  /** The list's query string, when the kind has filters of its own (queues, …); the common list query otherwise. */
  listQuery?: TSchema;
  /** Records of the kind can be merged: a merged id's get answers 308 to the survivor (documented on the route). */
  mergeable?: boolean;
  /** The operations offered, each with its summary in the API reference. */
  summaries: Partial<Record<RecordOperation, string>>;
  service: RecordEndpoints;
}

const today = () => new Date().toISOString().slice(0, 10);

function need<K extends keyof RecordEndpoints>(
  service: RecordEndpoints,
  method: K,
  path: string,
): NonNullable<RecordEndpoints[K]> {
  const fn = service[method];
  if (typeof fn !== 'function') throw new Error(`recordRoutes(${path}): the service has no ${method}()`);
  return fn.bind(service) as NonNullable<RecordEndpoints[K]>;
}

/** Registers the record routes a kind offers (those with a summary) on `app`. */
export function recordRoutes(app: App, kind: RecordRoutes): void {
  const { path, tag, names, view, summaries: s, service } = kind;
  const config = (action: Action) => ({
    access: { object: kind.object, action },
    ...(kind.module ? { module: kind.module } : {}),
  });
  // A switched-off module answers 404 on every route, list included.
  const listErrors = kind.module ? errors(400, 401, 403, 404) : errors(400, 401, 403);

  if (s.list) {
    const list = need(service, 'list', path);
    app.get(
      `/${path}`,
      {
        config: config('read'),
        schema: {
          operationId: `list${names.many}`,
          tags: [tag],
          summary: s.list,
          querystring: kind.listQuery ?? ListQuery,
          response: { 200: ListEnvelope(view), ...listErrors },
        },
      },
      async (request) => list(request.ctx(), request.query),
    );
  }

  if (s.export) {
    const exportCsv = need(service, 'exportCsv', path);
    app.get(
      `/${path}/export.csv`,
      {
        config: config('export'),
        schema: {
          operationId: `export${names.many}Csv`,
          tags: [tag],
          summary: s.export,
          querystring: ExportQuery,
          response: { 200: fileResponse(`The matching ${path}, one CSV row each`, 'text/csv'), ...listErrors },
        },
      },
      async (request, reply) => {
        const query = request.query as { columns?: string };
        const columns = query.columns
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const { csv } = await exportCsv(request.ctx(), query, columns);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${path}-${today()}.csv"`)
          .send(csv);
      },
    );
  }

  if (s.get) {
    const get = need(service, 'get', path);
    app.get(
      `/${path}/:id`,
      {
        config: config('read'),
        schema: {
          operationId: `get${names.one}`,
          tags: [tag],
          summary: s.get,
          params: IdParams,
          response: { 200: view, ...(kind.mergeable ? errors(308, 401, 403, 404) : errors(401, 403, 404)) },
        },
      },
      async (request, reply) => {
        const record = await get(request.ctx(), request.params.id);
        setEtag(reply, record.version);
        return record;
      },
    );
  }

  if (s.history) {
    const history = need(service, 'history', path);
    app.get(
      `/${path}/:id/history`,
      {
        config: config('read'),
        schema: {
          operationId: `get${names.one}History`,
          tags: [tag],
          summary: s.history,
          params: IdParams,
          response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
        },
      },
      async (request) => ({ data: await history(request.ctx(), request.params.id) }),
    );
  }

  if (s.create) {
    const create = need(service, 'create', path);
    if (!kind.create) throw new Error(`recordRoutes(${path}): create needs its body schema`);
    app.post(
      `/${path}`,
      {
        config: config('create'),
        schema: {
          operationId: `create${names.one}`,
          tags: [tag],
          summary: s.create,
          body: kind.create,
          response: { 201: view, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const record = await create(request.ctx(), request.body);
        setEtag(reply, record.version);
        return reply.status(201).header('location', `/api/v1/${path}/${record.id}`).send(record);
      },
    );
  }

  if (s.update) {
    const update = need(service, 'update', path);
    if (!kind.update) throw new Error(`recordRoutes(${path}): update needs its body schema`);
    app.patch(
      `/${path}/:id`,
      {
        config: config('update'),
        schema: {
          operationId: `update${names.one}`,
          tags: [tag],
          summary: s.update,
          params: IdParams,
          body: kind.update,
          response: { 200: view, ...errors(400, 401, 403, 404, 412, 422) },
        },
      },
      async (request, reply) => {
        const record = await update(request.ctx(), request.params.id, request.body, ifMatch(request));
        setEtag(reply, record.version);
        return record;
      },
    );
  }

  if (s.delete) {
    const remove = need(service, 'remove', path);
    app.delete(
      `/${path}/:id`,
      {
        config: config('delete'),
        schema: {
          operationId: `delete${names.one}`,
          tags: [tag],
          summary: s.delete,
          params: IdParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
        },
      },
      async (request, reply) => {
        await remove(request.ctx(), request.params.id, ifMatch(request));
        return reply.status(204).send(null);
      },
    );
  }

  if (s.restore) {
    const restore = need(service, 'restore', path);
    app.post(
      `/${path}/:id/restore`,
      {
        config: config('delete'),
        schema: {
          operationId: `restore${names.one}`,
          tags: [tag],
          summary: s.restore,
          params: IdParams,
          response: { 200: view, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const record = await restore(request.ctx(), request.params.id);
        setEtag(reply, record.version);
        return record;
      },
    );
  }
}
