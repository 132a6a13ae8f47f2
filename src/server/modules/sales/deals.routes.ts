import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
} from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import { Board, CreateDeal, DealView, Forecast, StageChange, UpdateDeal } from './deals.schemas.ts';
import type { DealsService } from './deals.service.ts';

const rule = (action: 'read' | 'create' | 'update' | 'delete' | 'export') =>
  ({ access: { object: 'deals', action }, module: 'sales' }) as const;

export const dealsRoutes: FastifyPluginAsyncTypebox<{ deals: DealsService }> = async (app, { deals }) => {
  app.get(
    '/deals',
    {
      config: rule('read'),
      schema: {
        operationId: 'listDeals',
        tags: ['sales'],
        summary: 'List deals',
        querystring: ListQuery,
        response: { 200: ListEnvelope(DealView), ...errors(400, 401, 403) },
      },
    },
    async (request) => deals.list(request.ctx(), request.query),
  );

  app.get(
    '/deals/export.csv',
    {
      config: rule('export'),
      schema: {
        operationId: 'exportDealsCsv',
        tags: ['sales'],
        summary: 'Export matching deals as CSV (only fields you may read)',
        querystring: ExportQuery,
        response: { 200: fileResponse('The matching deals, one CSV row each', 'text/csv'), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const columns = request.query.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { csv } = await deals.exportCsv(request.ctx(), request.query, columns);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="deals-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/deals/:id',
    {
      config: rule('read'),
      schema: {
        operationId: 'getDeal',
        summary: 'Get a deal',
        tags: ['sales'],
        params: IdParams,
        response: { 200: DealView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const d = await deals.get(request.ctx(), request.params.id);
      setEtag(reply, d.version);
      return d;
    },
  );

  app.get(
    '/deals/:id/history',
    {
      config: rule('read'),
      schema: {
        operationId: 'getDealHistory',
        tags: ['sales'],
        summary: 'Field history from the audit trail',
        params: IdParams,
        response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await deals.history(request.ctx(), request.params.id) }),
  );

  app.get(
    '/deals/:id/stage-history',
    {
      config: rule('read'),
      schema: {
        operationId: 'getDealStageHistory',
        tags: ['sales'],
        summary: 'Every stage change of a deal: who, when, from, to and the days spent in the stage it left',
        params: IdParams,
        response: { 200: DataEnvelope(StageChange), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await deals.stageHistory(request.ctx(), request.params.id) }),
  );

  app.post(
    '/deals',
    {
      config: rule('create'),
      schema: {
        operationId: 'createDeal',
        summary: "Open a deal (in its pipeline's first open stage unless a stage is given)",
        tags: ['sales'],
        body: CreateDeal,
        response: { 201: DealView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const d = await deals.create(request.ctx(), request.body);
      setEtag(reply, d.version);
      return reply.status(201).header('location', `/api/v1/deals/${d.id}`).send(d);
    },
  );

  app.patch(
    '/deals/:id',
    {
      config: rule('update'),
      schema: {
        operationId: 'updateDeal',
        tags: ['sales'],
        summary:
          'Update or move a deal ({"stageId"}); entering a stage needs its required fields and a lost stage a lostReasonId (400 naming each)',
        params: IdParams,
        body: UpdateDeal,
        response: { 200: DealView, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const d = await deals.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, d.version);
      return d;
    },
  );

  app.delete(
    '/deals/:id',
    {
      config: rule('delete'),
      schema: {
        operationId: 'deleteDeal',
        tags: ['sales'],
        summary: 'Move to the bin (restorable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await deals.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/deals/:id/restore',
    {
      config: rule('delete'),
      schema: {
        operationId: 'restoreDeal',
        summary: 'Restore a deal from the bin',
        tags: ['sales'],
        params: IdParams,
        response: { 200: DealView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const d = await deals.restore(request.ctx(), request.params.id);
      setEtag(reply, d.version);
      return d;
    },
  );

  app.get(
    '/pipelines/:id/board',
    {
      config: rule('read'),
      schema: {
        operationId: 'getPipelineBoard',
        tags: ['sales'],
        summary:
          "A pipeline's board: per stage the count, amount and weighted amount of the deals you may see, and the first deals",
        params: IdParams,
        querystring: Type.Object({ filter: ListQuery.properties.filter }, { additionalProperties: false }),
        response: { 200: Board, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => deals.board(request.ctx(), request.params.id, request.query.filter),
  );

  app.get(
    '/forecast',
    {
      config: rule('read'),
      schema: {
        operationId: 'getForecast',
        tags: ['sales'],
        summary: 'Weighted pipeline, best case, commit and closed won for a period, by owner or team',
        querystring: Type.Object(
          {
            period: Type.String({
              maxLength: 10,
              description: 'A quarter (2027-Q1), a month (2027-03) or a year (2027)',
            }),
            by: Type.Optional(StringEnum(['owner', 'team'] as const, { description: 'Default owner' })),
            pipelineId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Forecast, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      deals.forecast(request.ctx(), {
        period: request.query.period,
        by: request.query.by ?? 'owner',
        ...(request.query.pipelineId ? { pipelineId: request.query.pipelineId } : {}),
      }),
  );
};
