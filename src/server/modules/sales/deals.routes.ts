import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ListQuery } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { StringEnum } from '../../platform/schema.ts';
import { Board, CreateDeal, DealView, Forecast, StageChange, UpdateDeal } from './deals.schemas.ts';
import type { DealsService } from './deals.service.ts';

const rule = (action: 'read' | 'create' | 'update' | 'delete' | 'export') =>
  ({ access: { object: 'deals', action }, module: 'sales' }) as const;

export const dealsRoutes: FastifyPluginAsyncTypebox<{ deals: DealsService }> = async (app, { deals }) => {
  recordRoutes(app, {
    path: 'deals',
    object: 'deals',
    module: 'sales',
    tag: 'sales',
    names: { one: 'Deal', many: 'Deals' },
    view: DealView,
    create: CreateDeal,
    update: UpdateDeal,
    service: deals,
    summaries: {
      list: 'List deals',
      export: 'Export matching deals as CSV (only fields you may read)',
      get: 'Get a deal',
      history: 'Field history from the audit trail',
      create: "Open a deal (in its pipeline's first open stage unless a stage is given)",
      update:
        'Update or move a deal ({"stageId"}); entering a stage needs its required fields and a lost stage a lostReasonId (400 naming each)',
      delete: 'Move to the bin (restorable)',
      restore: 'Restore a deal from the bin',
    },
  });

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
