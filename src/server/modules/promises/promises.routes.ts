import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import {
  BreakPromise,
  CreatePromise,
  CustomerPromise,
  MetricsQuery,
  PromiseListQuery,
  PromiseMetrics,
  RenegotiatePromise,
  RenegotiateResult,
  TellCustomer,
  TellCustomerResult,
  UpdatePromise,
} from './promises.schemas.ts';
import type { PromisesService } from './promises.service.ts';

export const promisesRoutes: FastifyPluginAsyncTypebox<{ promises: PromisesService }> = async (app, { promises }) => {
  const read = { access: { object: 'promises', action: 'read' } } as const;
  const update = { access: { object: 'promises', action: 'update' } } as const;

  // The kernel's routes: the list (its own parameters and the kernel's filter, sort and cursor), CSV export, history.
  recordRoutes(app, {
    path: 'promises',
    object: 'promises',
    tag: 'promises',
    names: { one: 'Promise', many: 'Promises' },
    view: CustomerPromise,
    listQuery: PromiseListQuery,
    service: promises,
    summaries: {
      list: 'List promises you may see, soonest due first',
      export: 'Export matching promises as CSV (only fields you may read)',
      history: 'Field history of a promise (what each change changed, and who)',
    },
  });

  app.get(
    '/promises/metrics',
    {
      config: read,
      schema: {
        operationId: 'getPromiseMetrics',
        tags: ['promises'],
        summary: 'Kept-promise rate per owner or team over promises due in a period',
        querystring: MetricsQuery,
        response: { 200: PromiseMetrics, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => promises.metrics(request.ctx(), request.query),
  );

  app.post(
    '/promises',
    {
      config: { access: { object: 'promises', action: 'create' } },
      schema: {
        operationId: 'createPromise',
        summary: 'Record a promise made to a customer',
        tags: ['promises'],
        body: CreatePromise,
        response: { 201: CustomerPromise, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const p = await promises.create(request.ctx(), request.body);
      setEtag(reply, p.version);
      return reply.status(201).header('location', `/api/v1/promises/${p.id}`).send(p);
    },
  );

  app.get(
    '/promises/:id',
    {
      config: read,
      schema: {
        operationId: 'getPromise',
        summary: 'Get a promise',
        tags: ['promises'],
        params: IdParams,
        response: { 200: CustomerPromise, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = await promises.get(request.ctx(), request.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );

  app.patch(
    '/promises/:id',
    {
      config: update,
      schema: {
        operationId: 'updatePromise',
        tags: ['promises'],
        summary: 'Correct an open promise; send If-Match with the ETag. To change the date agreed, renegotiate.',
        params: IdParams,
        body: UpdatePromise,
        response: { 200: CustomerPromise, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const p = await promises.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );

  app.post(
    '/promises/:id/keep',
    {
      config: update,
      schema: {
        operationId: 'keepPromise',
        tags: ['promises'],
        summary: 'Mark an open promise kept',
        params: IdParams,
        response: { 200: CustomerPromise, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const p = await promises.keep(request.ctx(), request.params.id, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );

  app.post(
    '/promises/:id/break',
    {
      config: update,
      // The body is optional: no body is the same as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        operationId: 'breakPromise',
        tags: ['promises'],
        summary: 'Mark an open promise broken (body optional: {reason})',
        params: IdParams,
        body: BreakPromise,
        response: { 200: CustomerPromise, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const p = await promises.break(request.ctx(), request.params.id, request.body ?? {}, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );

  app.post(
    '/promises/:id/reopen',
    {
      config: update,
      schema: {
        operationId: 'reopenPromise',
        tags: ['promises'],
        summary: 'Open a kept or broken promise again (the undo of keep and break)',
        params: IdParams,
        response: { 200: CustomerPromise, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const p = await promises.reopen(request.ctx(), request.params.id, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );

  app.post(
    '/promises/:id/renegotiate',
    {
      config: update,
      schema: {
        operationId: 'renegotiatePromise',
        tags: ['promises'],
        summary: 'Agree a new date: this promise becomes renegotiated and a follow-up promise replaces it',
        params: IdParams,
        body: RenegotiatePromise,
        response: { 201: RenegotiateResult, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const r = await promises.renegotiate(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, r.promise.version);
      return reply.status(201).header('location', `/api/v1/promises/${r.promise.id}`).send(r);
    },
  );

  app.post(
    '/promises/:id/tell-customer',
    {
      config: update,
      schema: {
        operationId: 'tellCustomer',
        tags: ['promises'],
        summary: 'Record that the customer was told about a missed or changed promise (logs an activity)',
        params: IdParams,
        body: TellCustomer,
        response: { 200: TellCustomerResult, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const r = await promises.tellCustomer(request.ctx(), request.params.id, request.body);
      setEtag(reply, r.promise.version);
      return r;
    },
  );
};
