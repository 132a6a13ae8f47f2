/**
 * A customer's own request: close it, read and give its rating. Registered inside the portal plugin (its session
 * and CSRF hook apply); another customer's request id answers 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { CaseRatingSchema, RateCase } from '../service/index.ts';
import { PortalCaseType, PortalRequestDetail } from './portal.schemas.ts';
import type { PortalService } from './portal.service.ts';
import type { PortalRequestsService } from './portal-requests.service.ts';

const customer = { access: 'public', portal: 'customer', module: 'portal' } as const;
const TAGS = ['portal'];
const signedIn = [{ portalSession: [] }];

const PortalRating = Type.Object(
  {
    rating: Type.Union([CaseRatingSchema, Type.Null()]),
    canRate: Type.Boolean({ description: 'Resolved or closed: it may be rated (again)' }),
  },
  { title: 'PortalRequestRating' },
);

export const portalRequestsRoutes: FastifyPluginAsyncTypebox<{
  requests: PortalRequestsService;
  portal: PortalService;
}> = async (app, { requests, portal }) => {
  const who = (request: FastifyRequest) => request.portalCustomer!;
  const facts = (request: FastifyRequest) => ({ requestId: String(request.id), ip: request.ip ?? null });

  app.get(
    '/case-types',
    {
      config: customer,
      schema: {
        operationId: 'portalCaseTypes',
        tags: TAGS,
        security: signedIn,
        summary: 'What a request may be about (the case types the workspace offers in the portal; empty: not asked)',
        response: { 200: DataEnvelope(PortalCaseType), ...errors(401, 404) },
      },
    },
    async () => ({ data: await portal.caseTypes() }),
  );

  app.post(
    '/requests/:id/close',
    {
      config: customer,
      schema: {
        operationId: 'portalCloseRequest',
        tags: TAGS,
        security: signedIn,
        summary: 'Close your request (you no longer need it, or it is solved); already closed: unchanged',
        params: IdParams,
        response: { 200: PortalRequestDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => requests.close(who(request), facts(request), request.params.id),
  );

  app.get(
    '/requests/:id/rating',
    {
      config: customer,
      schema: {
        operationId: 'portalGetRequestRating',
        tags: TAGS,
        security: signedIn,
        summary: 'Your rating of a request, and whether it may be rated',
        params: IdParams,
        response: { 200: PortalRating, ...errors(401, 404) },
      },
    },
    async (request) => requests.rating(who(request), facts(request), request.params.id),
  );

  app.post(
    '/requests/:id/rating',
    {
      config: customer,
      schema: {
        operationId: 'portalRateRequest',
        tags: TAGS,
        security: signedIn,
        summary: 'Rate a resolved request 1 to 5, with an optional comment (again: changes it)',
        params: IdParams,
        body: RateCase,
        response: { 200: PortalRating, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.rate(who(request), facts(request), request.params.id, request.body),
  );
};
