/** HTTP for the metric registry: the list of metrics, and one metric's value, series and groups for a period. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors } from '../http.ts';
import { StringEnum } from '../schema.ts';
import type { MetricsService } from './metrics.service.ts';
import { METRIC_UNITS } from './registry.ts';

export const MetricInfoSchema = Type.Object(
  {
    id: Type.String({ description: '`<module>.<name>`, e.g. `sales.win_rate`' }),
    name: Type.String(),
    definition: Type.String({ description: 'What it counts, in words' }),
    unit: StringEnum(METRIC_UNITS, { description: '`ratio` is 0 to 1; `money` is in minor units' }),
    direction: StringEnum(['up', 'down'] as const, { description: 'Which way is good' }),
    dimensions: Type.Array(Type.String(), { description: 'What `by` may split it by' }),
  },
  { $id: 'Metric' },
);

const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (YYYY-MM-DD, UTC)` });

export const MetricValueQuery = Type.Object({
  from: Day('First day counted'),
  to: Day('Last day counted'),
  interval: Type.Optional(
    StringEnum(['day', 'week', 'month'] as const, {
      description: 'Series period: a day, a week (keyed by its Monday) or a month (YYYY-MM); default month',
    }),
  ),
  by: Type.Optional(
    Type.String({
      pattern: '^[a-zA-Z_]+$',
      maxLength: 40,
      description: "Split the value into groups: `team`, `user`, or another of the metric's `dimensions`",
    }),
  ),
});

const Value = Type.Union([Type.Number(), Type.Null()], { description: 'null: nothing to compute a ratio from' });

export const MetricValueSchema = Type.Object(
  {
    value: Value,
    series: Type.Array(Type.Object({ period: Type.String(), value: Value })),
    groups: Type.Array(
      Type.Object({
        key: Type.Union([Type.String(), Type.Null()], {
          description: 'Team or user id, or the dimension value (e.g. a channel); null: none',
        }),
        label: Type.String(),
        value: Value,
      }),
    ),
  },
  { $id: 'MetricValue' },
);

export const metricsRoutes: FastifyPluginAsyncTypebox<{ metrics: MetricsService }> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listMetrics',
        tags: ['metrics'],
        summary: 'Every registered metric with its definition',
        response: { 200: DataEnvelope(MetricInfoSchema), ...errors(401) },
      },
    },
    async () => ({ data: metrics.list() }),
  );

  app.get(
    '/metrics/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getMetricValue',
        tags: ['metrics'],
        summary: "A metric's value over a period, its series and its groups, counting only what you may see",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: MetricValueQuery,
        response: { 200: MetricValueSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => metrics.value(request.ctx().actor, request.params.id, request.query),
  );
};
