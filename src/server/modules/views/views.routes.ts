/**
 * Saved list views (personal and shared) and the field catalogue each list offers the current user.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { type Ctx, can, canWriteField, type RecordObject } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { newId, now } from '../../platform/ids.ts';
import { FIELD_TYPES, type FieldSpec } from '../../platform/lists.ts';
import { StringEnum } from '../../platform/schema.ts';
import { recordKinds } from '../kinds.ts';

/** Every kind of record has a list, hence saved views and a field catalogue (from the registry of kinds). */
const ListObject = StringEnum(recordKinds.names());

const Field = Type.Object(
  {
    key: Type.String(),
    label: Type.String(),
    type: StringEnum(FIELD_TYPES),
    filterable: Type.Boolean(),
    sortable: Type.Boolean(),
    custom: Type.Boolean(),
    readOnly: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'FieldMeta' },
);

const ViewState = Type.Object(
  {
    filters: Type.Array(Type.String({ maxLength: 600 }), { maxItems: 20 }),
    sort: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    columns: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 60 }),
    q: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  },
  { title: 'SavedViewState', additionalProperties: false },
);

const View = Type.Object(
  {
    id: Type.String(),
    object: ListObject,
    name: Type.String(),
    shared: Type.Boolean(),
    mine: Type.Boolean(),
    state: ViewState,
  },
  { title: 'SavedView' },
);
const CreateView = Type.Object(
  {
    object: ListObject,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    shared: Type.Optional(Type.Boolean()),
    state: ViewState,
  },
  { additionalProperties: false },
);

const UpdateView = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    shared: Type.Optional(Type.Boolean()),
    state: Type.Optional(ViewState),
  },
  { additionalProperties: false, minProperties: 1 },
);

export interface FieldCatalogue {
  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]>;
}

export const viewsRoutes: FastifyPluginAsyncTypebox<{
  database: Database;
  catalogues: Readonly<Record<RecordObject, FieldCatalogue>>;
}> = async (app, { database, catalogues }) => {
  const db = database.db;

  app.get(
    '/meta/fields',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listFields',
        tags: ['meta'],
        summary: 'Fields of a list the current user may see (for columns, filters and sorts)',
        querystring: Type.Object({ object: ListObject }),
        response: { 200: DataEnvelope(Field), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const object = request.query.object;
      if (!can(ctx.actor, object, 'read')) return { data: [] };
      const specs = (await catalogues[object]?.fieldSpecs(ctx)) ?? [];
      return {
        data: specs.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          filterable: f.filterable,
          sortable: f.sortable,
          custom: f.custom,
          readOnly: !canWriteField(ctx.actor, object, f.key),
          ...(f.options ? { options: f.options } : {}),
        })),
      };
    },
  );

  app.get(
    '/views',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listViews',
        summary: 'List your saved views and those shared with you',
        tags: ['meta'],
        querystring: Type.Object({ object: ListObject }),
        response: { 200: DataEnvelope(View), ...errors(400, 401) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const rows = await db
        .selectFrom('saved_views')
        .selectAll()
        .where('object', '=', request.query.object)
        .where((eb) => eb.or([eb('user_id', '=', ctx.actor.id), eb('shared', '=', 1)]))
        .orderBy('name')
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          object: r.object,
          name: r.name,
          shared: r.shared === 1,
          mine: r.user_id === ctx.actor.id,
          state: JSON.parse(r.state),
        })),
      };
    },
  );

  app.post(
    '/views',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'createView',
        summary: 'Save a view of a list (filters, sort, columns, search)',
        tags: ['meta'],
        body: CreateView,
        response: { 201: View, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const row = {
        id: newId(),
        user_id: ctx.actor.id,
        object: request.body.object,
        name: request.body.name.trim(),
        shared: request.body.shared ? 1 : 0,
        state: JSON.stringify(request.body.state),
        created_at: now(),
      };
      await db.insertInto('saved_views').values(row).execute();
      return reply.status(201).send({
        id: row.id,
        object: request.body.object,
        name: row.name,
        shared: row.shared === 1,
        mine: true,
        state: request.body.state,
      });
    },
  );

  app.patch(
    '/views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'updateView',
        tags: ['meta'],
        summary:
          'Rename, share or unshare one of your views, or replace what it keeps (filters, sort, columns, search)',
        params: IdParams,
        body: UpdateView,
        response: { 200: View, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const { name, shared, state } = request.body;
      const r = await db
        .updateTable('saved_views')
        .set({
          ...(name !== undefined ? { name: name.trim() } : {}),
          ...(shared !== undefined ? { shared: shared ? 1 : 0 } : {}),
          ...(state !== undefined ? { state: JSON.stringify(state) } : {}),
        })
        .where('id', '=', request.params.id)
        .where('user_id', '=', ctx.actor.id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('views');
      const row = await db
        .selectFrom('saved_views')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirstOrThrow();
      return {
        id: row.id,
        object: row.object,
        name: row.name,
        shared: row.shared === 1,
        mine: true,
        state: JSON.parse(row.state),
      };
    },
  );

  app.delete(
    '/views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'deleteView',
        summary: 'Delete one of your saved views',
        tags: ['meta'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const r = await db
        .deleteFrom('saved_views')
        .where('id', '=', request.params.id)
        .where('user_id', '=', ctx.actor.id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound('views');
      return reply.status(204).send(null);
    },
  );
};
