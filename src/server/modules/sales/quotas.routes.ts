import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import type { DealsService } from './deals.service.ts';
import type { PerformanceService } from './performance.service.ts';
import { Quota, QuotaProgress, QuotaQuery, SetQuotas } from './quotas.schemas.ts';
import type { QuotasService } from './quotas.service.ts';

const read = { access: { object: 'deals', action: 'read' }, module: 'sales' } as const;
const configure = { access: { object: 'settings', action: 'update' }, module: 'sales' } as const;

const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Values = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]));
const PerformanceRow = Type.Object({
  key: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  values: Values,
});
const Performance = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    by: StringEnum(['owner', 'team'] as const),
    currency: Type.String(),
    metrics: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        definition: Type.String(),
        unit: Type.String(),
        goodDirection: Type.String(),
        dimensions: Type.Array(Type.String()),
      }),
    ),
    rows: Type.Array(PerformanceRow),
    total: PerformanceRow,
    funnel: Type.Union([
      Type.Object({
        pipelineId: Type.String(),
        pipelineName: Type.String(),
        stages: Type.Array(
          Type.Object({
            stageId: Type.String(),
            name: Type.String(),
            entered: Type.Integer(),
            reachedNext: Type.Integer(),
            conversion: Type.Union([Type.Number(), Type.Null()]),
          }),
        ),
      }),
      Type.Null(),
    ]),
  },
  { title: 'SalesPerformance' },
);

export const quotasRoutes: FastifyPluginAsyncTypebox<{
  quotas: QuotasService;
  deals: DealsService;
  performance: PerformanceService;
}> = async (app, { quotas, deals, performance }) => {
  app.get(
    '/quotas',
    {
      config: read,
      schema: {
        operationId: 'listQuotas',
        tags: ['sales'],
        summary: 'Quotas per user or team and period (a period also lists the quotas of its months or quarters)',
        querystring: QuotaQuery,
        response: { 200: DataEnvelope(Quota), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await quotas.list(request.ctx(), request.query) }),
  );
  app.put(
    '/quotas',
    {
      config: configure,
      schema: {
        operationId: 'setQuotas',
        tags: ['sales'],
        summary: 'Set quotas (one per user or team and period; setting one again replaces it); all or nothing',
        body: SetQuotas,
        response: { 200: DataEnvelope(Quota), ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => ({ data: await quotas.set(request.ctx(), request.body) }),
  );
  app.delete(
    '/quotas/:id',
    {
      config: configure,
      schema: {
        operationId: 'deleteQuota',
        tags: ['sales'],
        summary: 'Remove a quota',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await quotas.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/quotas/progress',
    {
      config: read,
      schema: {
        operationId: 'getMyQuotaProgress',
        tags: ['sales'],
        summary: 'Your own progress against your quota in a period (default: this quarter)',
        querystring: Type.Object(
          { period: Type.Optional(QuotaQuery.properties.period) },
          { additionalProperties: false },
        ),
        response: { 200: QuotaProgress, ...errors(400, 401, 403) },
      },
    },
    async (request) => deals.quotaProgress(request.ctx(), request.query.period),
  );
  app.get(
    '/sales/performance',
    {
      config: read,
      schema: {
        operationId: 'getSalesPerformance',
        tags: ['sales'],
        summary:
          'Sales performance per rep or team over a period: won amount and count, win rate, average deal size, sales cycle, activities, deals stalled, and the stage funnel',
        querystring: Type.Object(
          {
            from: DateOnly,
            to: Type.String({ ...DateOnly, description: 'Exclusive: YYYY-MM-DD' }),
            by: Type.Optional(StringEnum(['owner', 'team'] as const)),
            pipelineId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Performance, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      performance.report(request.ctx(), {
        from: request.query.from,
        to: request.query.to,
        by: request.query.by ?? 'owner',
        ...(request.query.pipelineId ? { pipelineId: request.query.pipelineId } : {}),
      }),
  );
};
