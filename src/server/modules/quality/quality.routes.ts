/** The data-quality report and one record's quality score. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import { QUALITY_KINDS } from './quality.score.ts';
import type { QualityService } from './quality.service.ts';

const Parts = Type.Object(
  {
    completeness: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the weighted quality fields filled' }),
    validity: Type.Number({ minimum: 0, maximum: 1, description: 'Share without an invalid email, phone or domain' }),
    uniqueness: Type.Number({ minimum: 0, maximum: 1, description: 'Share in no open duplicate pair' }),
    freshness: Type.Number({ minimum: 0, maximum: 1, description: 'Share contacted (or added) within the window' }),
  },
  { title: 'QualityParts' },
);

const StaleMonths = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 60, description: 'Months without contact after which a record is stale (6)' }),
);

const Report = Type.Object(
  {
    score: Type.Number({ minimum: 0, maximum: 100, description: 'Overall score, the mean of every record’s score' }),
    parts: Parts,
    staleMonths: Type.Integer(),
    measuredAt: Type.String(),
    kinds: Type.Array(
      Type.Object({
        kind: StringEnum(QUALITY_KINDS),
        total: Type.Integer(),
        score: Type.Number(),
        parts: Parts,
        problems: Type.Array(
          Type.Object({
            key: Type.String({ description: 'missing.<field>, invalid, duplicate, stale, never' }),
            label: Type.String(),
            count: Type.Integer(),
            list: Type.Union([Type.Object({ path: Type.String(), filter: Type.Array(Type.String()) }), Type.Null()]),
          }),
        ),
      }),
    ),
  },
  { title: 'QualityReport' },
);

export const qualityRoutes: FastifyPluginAsyncTypebox<{ quality: QualityService }> = async (app, { quality }) => {
  app.get(
    '/data-quality/report',
    {
      // Over the kinds the reader may read, within their record visibility.
      config: { access: 'authenticated' },
      schema: {
        tags: ['data-quality'],
        operationId: 'getDataQualityReport',
        summary: 'The data-quality score (0-100) of everything you may see, its parts, and the count of each problem',
        querystring: Type.Object({ staleMonths: StaleMonths }),
        response: { 200: Report, ...errors(400, 401) },
      },
    },
    async (request) => quality.report(request.ctx(), request.query),
  );

  for (const kind of QUALITY_KINDS) {
    app.get(
      `/${kind}/:id/quality`,
      {
        config: { access: { object: kind, action: 'read' } },
        schema: {
          tags: [kind],
          operationId: kind === 'people' ? 'getPersonQuality' : 'getCompanyQuality',
          summary: 'This record’s data-quality score (0-100), its parts and what lowers it',
          params: IdParams,
          querystring: Type.Object({ staleMonths: StaleMonths }),
          response: {
            200: Type.Object(
              {
                kind: StringEnum(QUALITY_KINDS),
                id: Type.String(),
                score: Type.Number({ minimum: 0, maximum: 100 }),
                parts: Parts,
                problems: Type.Array(Type.String()),
              },
              { title: 'RecordQuality' },
            ),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => quality.recordScore(request.ctx(), kind, request.params.id, request.query),
    );
  }
};
