/** Merging duplicate people and companies, and undoing a merge. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MergeKind } from '../../../shared/merge.ts';
import { errors, IdParams } from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import type { MergeService } from './merge.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });

const MergeBody = Type.Object(
  {
    survivorId: Type.String({ minLength: 1, maxLength: 64, description: 'The record that stays' }),
    mergedIds: Type.Array(Id, {
      minItems: 1,
      maxItems: 10,
      description: 'The records merged into it: they go to the bin and their ids redirect to the survivor',
    }),
    fields: Type.Optional(
      Type.Record(Type.String({ maxLength: 80 }), Id, {
        description:
          'Field key (or `cf.<key>`) → id of the record whose value the survivor keeps. A field left out takes the most ' +
          'recently updated non-empty value. Emails, phones, tags and flags are always kept from every record.',
      }),
    ),
  },
  { title: 'MergeRequest', additionalProperties: false },
);

const MergeView = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(['people', 'companies'] as const),
    survivorId: Type.String(),
    mergedIds: Type.Array(Type.String()),
    merged: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    fields: Type.Record(Type.String(), Type.String(), { description: 'The record each field’s value came from' }),
    status: StringEnum(['merged', 'undone'] as const),
    createdAt: Type.String(),
    createdBy: Type.Union([Type.String(), Type.Null()]),
    undoneAt: Type.Union([Type.String(), Type.Null()]),
    undoableUntil: Type.String(),
    canUndo: Type.Boolean({ description: 'Whether undo would be accepted now' }),
    moved: Type.Record(Type.String(), Type.Integer(), { description: 'Links moved to the survivor, per table' }),
  },
  { title: 'Merge' },
);

export const mergeRoutes: FastifyPluginAsyncTypebox<{ merges: MergeService }> = async (app, { merges }) => {
  for (const [kind, tag, singular] of [
    ['people', 'people', 'Person'],
    ['companies', 'companies', 'Company'],
  ] as const) {
    app.post(
      `/${kind}/merge`,
      {
        // Update on the kind here; the service also checks delete (the merged records go to the bin).
        config: { access: { object: kind, action: 'update' } },
        schema: {
          tags: [tag],
          operationId: `merge${kind === 'people' ? 'People' : 'Companies'}`,
          summary: `Merge duplicates into one ${singular.toLowerCase()}: fields chosen one by one, every link moved, undoable`,
          body: MergeBody,
          response: { 201: MergeView, ...errors(400, 401, 403, 404, 412, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await merges.merge(request.ctx(), kind, request.body)),
    );
  }

  app.get(
    '/merges',
    {
      // The object is the query's kind: the service checks the role's read permission on it.
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'listMerges',
        summary: 'Merges into a record, newest first ("Merged from …" on its page)',
        querystring: Type.Object({ kind: StringEnum(['people', 'companies'] as const), survivorId: Id }),
        response: { 200: Type.Object({ data: Type.Array(MergeView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      data: await merges.listFor(request.ctx(), request.query.kind as MergeKind, request.query.survivorId),
    }),
  );

  app.get(
    '/merges/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'getMerge',
        summary: 'A merge: who survived, what was merged into it, what moved, whether it can still be undone',
        params: IdParams,
        response: { 200: MergeView, ...errors(401, 403, 404) },
      },
    },
    async (request) => merges.get(request.ctx(), request.params.id),
  );

  app.post(
    '/merges/:id/undo',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'undoMerge',
        summary: 'Undo a merge (within 30 days, while the survivor is unchanged since): every link moved back',
        params: IdParams,
        response: { 200: MergeView, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => merges.undo(request.ctx(), request.params.id),
  );
};
