/**
 * Likely duplicates of a record before it is saved: the new-person and new-company forms ask as the user types. Only
 * records the asker may see are considered, and only values their role shows are matched on.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { Job } from '../../platform/jobs/jobs.schemas.ts';
import { StringEnum } from '../../platform/schema.ts';
import { CompanyView } from '../companies/index.ts';
import { PersonView } from '../people/index.ts';
import { type DuplicatesService, SCAN_KINDS } from './duplicates.service.ts';

const DuplicatePair = Type.Object(
  {
    id: Type.String(),
    score: Type.Number({ minimum: 0, maximum: 1 }),
    reasons: Type.Array(Type.String(), { description: 'e.g. "same phone", "similar name 0.93"' }),
    status: StringEnum(['open', 'dismissed'] as const),
    records: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: 'The two records as you may see them: a Person or a Company, as the kind’s GET answers it',
    }),
  },
  { title: 'DuplicatePair' },
);

const Likely = <T extends TSchema>(record: T, title: string) =>
  Type.Object(
    {
      data: Type.Array(
        Type.Object({
          id: Type.String(),
          score: Type.Number({ minimum: 0, maximum: 1, description: 'How likely the record is the same (0-1)' }),
          reasons: Type.Array(Type.String(), { description: 'e.g. "same email", "similar name 0.93"' }),
          record,
        }),
      ),
    },
    { title },
  );

const text = (max: number, description: string) => Type.Optional(Type.String({ maxLength: max, description }));

export const duplicatesRoutes: FastifyPluginAsyncTypebox<{ duplicates: DuplicatesService }> = async (
  app,
  { duplicates },
) => {
  app.get(
    '/people/duplicates-of',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        tags: ['people'],
        operationId: 'findPersonDuplicates',
        summary: 'People you may see who are likely the person described (before creating or saving them), best first',
        querystring: Type.Object({
          email: text(254, 'An email address, any case'),
          phone: text(40, 'A phone number in any format'),
          firstName: text(100, 'First name'),
          lastName: text(100, 'Last name'),
          excludeId: text(64, 'The person being edited'),
        }),
        response: { 200: Likely(PersonView, 'PersonDuplicates'), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await duplicates.peopleLike(request.ctx(), request.query) }),
  );

  app.post(
    '/duplicates/scan',
    {
      // The object is the body's kind: the service checks the role's update permission on it.
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'scanDuplicates',
        summary: 'Scan every record of a kind you may see for likely duplicates, as a background job',
        body: Type.Object({ kind: StringEnum(SCAN_KINDS) }, { additionalProperties: false }),
        response: { 202: Job, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await duplicates.startScan(request.ctx(), request.body.kind)),
  );

  app.post(
    '/duplicates/merge',
    {
      // The object is the body's kind: the service checks update and delete on it.
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'bulkMergeDuplicates',
        summary: 'Merge every open pair of the review queue scoring at least minScore, as a background job',
        body: Type.Object(
          {
            kind: StringEnum(SCAN_KINDS),
            minScore: Type.Number({
              minimum: 0.5,
              maximum: 1,
              description: 'Pairs scoring at least this (0.5-1) are merged with the default choices',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Job, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await duplicates.startBulkMerge(request.ctx(), request.body.kind, request.body.minScore)),
  );

  app.get(
    '/duplicates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'listDuplicates',
        summary: 'The review queue: likely duplicate pairs found by the last scan, highest score first',
        querystring: Type.Object({
          kind: StringEnum(SCAN_KINDS),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: {
          200: Type.Object({ data: Type.Array(DuplicatePair), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => duplicates.list(request.ctx(), request.query.kind, request.query),
  );

  app.post(
    '/duplicates/:id/dismiss',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['duplicates'],
        operationId: 'dismissDuplicate',
        summary: 'Not a duplicate: the pair leaves the queue and later scans do not propose it again',
        params: IdParams,
        response: { 200: DuplicatePair, ...errors(401, 403, 404) },
      },
    },
    async (request) => duplicates.dismiss(request.ctx(), request.params.id),
  );

  app.get(
    '/companies/duplicates-of',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        tags: ['companies'],
        operationId: 'findCompanyDuplicates',
        summary: 'Companies you may see that are likely the company described (same domain or name), best first',
        querystring: Type.Object({
          domain: text(253, 'A domain or website address'),
          name: text(200, 'The company name'),
          excludeId: text(64, 'The company being edited'),
        }),
        response: { 200: Likely(CompanyView, 'CompanyDuplicates'), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await duplicates.companiesLike(request.ctx(), request.query) }),
  );
};
