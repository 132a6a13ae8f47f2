/**
 * The public rating page's API (no sign-in: the signed token in the link is the authority), in the portal's OpenAPI
 * section under `/api/portal/v1/ratings`. Part of the service module: it answers even when the portal is switched off.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { RateByLink, RatingLink, RatingLinkQuery } from './csat.schemas.ts';
import type { CsatService } from './csat.service.ts';

const open = { access: 'public', module: 'service' } as const;

export const csatPublicRoutes: FastifyPluginAsyncTypebox<{ csat: CsatService }> = async (app, { csat }) => {
  app.get(
    '/ratings',
    {
      config: open,
      schema: {
        operationId: 'portalRatingLink',
        tags: ['portal'],
        security: [],
        summary: 'What a signed rating link is about (the case reference and subject) and its rating so far',
        querystring: RatingLinkQuery,
        response: { 200: RatingLink, ...errors(400, 404, 410) },
      },
    },
    async (request) => csat.link(request.query.token),
  );

  app.post(
    '/ratings',
    {
      config: open,
      schema: {
        operationId: 'portalRateByLink',
        tags: ['portal'],
        security: [],
        summary:
          'Rate a resolved case 1 to 5 (and optionally comment) with the signed link from the email; again to change it',
        body: RateByLink,
        response: { 200: RatingLink, ...errors(400, 404, 409, 410) },
      },
    },
    async (request) => {
      const { token, ...input } = request.body;
      return csat.rateByLink(token, input);
    },
  );
};
