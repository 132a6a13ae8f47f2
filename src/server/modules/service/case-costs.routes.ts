/** Service costs: the rates (Settings) and each case's cost entries, with time logged by agents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { CaseCosts, CostRates, CostRatesView, LogTime } from './case-costs.schemas.ts';
import type { CaseCostsService } from './case-costs.service.ts';

export const caseCostsRoutes: FastifyPluginAsyncTypebox<{ costs: CaseCostsService }> = async (app, { costs }) => {
  app.get(
    '/service/cost-rates',
    {
      config: { access: { object: 'cases', action: 'read' }, module: 'service' },
      schema: {
        operationId: 'getServiceCostRates',
        tags: ['service'],
        summary: 'What a case costs: per channel it came in on, and per agent-minute logged (minor units)',
        response: { 200: CostRatesView, ...errors(401, 403, 404) },
      },
    },
    async (_request, reply) => {
      const r = await costs.rates();
      setEtag(reply, r.version);
      return r;
    },
  );

  app.put(
    '/service/cost-rates',
    {
      config: { access: { object: 'settings', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'setServiceCostRates',
        tags: ['service'],
        summary: 'Set the service cost rates (costs already recorded keep the rates of their day)',
        body: CostRates,
        response: { 200: CostRatesView, ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const r = await costs.setRates(request.ctx(), request.body, ifMatch(request));
      setEtag(reply, r.version);
      return r;
    },
  );

  app.get(
    '/cases/:id/costs',
    {
      config: { access: { object: 'cases', action: 'read' }, module: 'service' },
      schema: {
        operationId: 'listCaseCosts',
        tags: ['service'],
        summary: "A case's cost entries (its channel's cost, time logged), newest first, with the total",
        params: IdParams,
        response: { 200: CaseCosts, ...errors(401, 403, 404) },
      },
    },
    async (request) => costs.list(request.ctx(), request.params.id),
  );

  app.post(
    '/cases/:id/time',
    {
      config: { access: { object: 'cases', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'logCaseTime',
        tags: ['service'],
        summary: 'Log minutes spent on a case (costed at the agent-minute rate of the day)',
        params: IdParams,
        body: LogTime,
        response: { 201: CaseCosts, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await costs.logTime(request.ctx(), request.params.id, request.body)),
  );
};
