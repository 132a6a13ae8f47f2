/** Service configuration: case types, SLA policies, the workspace's holidays and service's settings (Settings). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { CaseType, CreateCaseType, UpdateCaseType } from './case-types.schemas.ts';
import type { CaseTypesService } from './case-types.service.ts';
import { ServiceSettings, type ServiceSettingsService, UpdateServiceSettings } from './service-settings.service.ts';
import { CreateSlaPolicy, Holidays, SlaPolicy, UpdateSlaPolicy } from './sla.schemas.ts';
import type { SlaService } from './sla.service.ts';

const configure = { access: { object: 'settings', action: 'update' }, module: 'service' } as const;
const read = { access: 'authenticated', module: 'service' } as const;

export const serviceSettingsRoutes: FastifyPluginAsyncTypebox<{
  caseTypes: CaseTypesService;
  sla: SlaService;
  settings: ServiceSettingsService;
}> = async (app, { caseTypes, sla, settings }) => {
  app.get(
    '/service-settings',
    {
      config: read,
      schema: {
        operationId: 'getServiceSettings',
        summary: "Service's settings: the first-contact resolution reopen window",
        tags: ['service'],
        response: { 200: ServiceSettings, ...errors(401) },
      },
    },
    async () => settings.get(),
  );
  app.patch(
    '/service-settings',
    {
      config: configure,
      schema: {
        operationId: 'updateServiceSettings',
        summary: "Change service's settings (a new reopen window applies to reopens from now on)",
        tags: ['service'],
        body: UpdateServiceSettings,
        response: { 200: ServiceSettings, ...errors(400, 401, 403) },
      },
    },
    async (request) => settings.update(request.ctx(), request.body),
  );
  app.get(
    '/case-types',
    {
      config: read,
      schema: {
        operationId: 'listCaseTypes',
        summary: 'Case types with their defaults, required fields and process',
        tags: ['service'],
        querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: DataEnvelope(CaseType), ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await caseTypes.list({ includeArchived: request.query.includeArchived ?? false }) }),
  );
  app.get(
    '/case-types/:id',
    {
      config: read,
      schema: {
        operationId: 'getCaseType',
        summary: 'Get a case type',
        tags: ['service'],
        params: IdParams,
        response: { 200: CaseType, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const t = await caseTypes.get(request.params.id);
      setEtag(reply, t.version);
      return t;
    },
  );
  app.post(
    '/case-types',
    {
      config: configure,
      schema: {
        operationId: 'createCaseType',
        summary: 'Define a case type (default priority and queue, required fields, process in markdown)',
        tags: ['service'],
        body: CreateCaseType,
        response: { 201: CaseType, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const t = await caseTypes.create(request.ctx(), request.body);
      setEtag(reply, t.version);
      return reply.status(201).header('location', `/api/v1/case-types/${t.id}`).send(t);
    },
  );
  app.patch(
    '/case-types/:id',
    {
      config: configure,
      schema: {
        operationId: 'updateCaseType',
        summary: 'Change a case type, or archive it ({"archived": true}); its cases keep it',
        tags: ['service'],
        params: IdParams,
        body: UpdateCaseType,
        response: { 200: CaseType, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const t = await caseTypes.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, t.version);
      return t;
    },
  );

  app.get(
    '/sla-policies',
    {
      config: read,
      schema: {
        operationId: 'listSlaPolicies',
        summary: 'SLA policies: first-response and resolution targets in business minutes',
        tags: ['service'],
        response: { 200: DataEnvelope(SlaPolicy), ...errors(401) },
      },
    },
    async () => ({ data: await sla.list() }),
  );
  app.post(
    '/sla-policies',
    {
      config: configure,
      schema: {
        operationId: 'createSlaPolicy',
        summary: 'Add an SLA policy for a priority and/or case type (null: any); one policy per pair',
        tags: ['service'],
        body: CreateSlaPolicy,
        response: { 201: SlaPolicy, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await sla.create(request.ctx(), request.body)),
  );
  app.patch(
    '/sla-policies/:id',
    {
      config: configure,
      schema: {
        operationId: 'updateSlaPolicy',
        summary: 'Change an SLA policy (cases take the new targets when they next change)',
        tags: ['service'],
        params: IdParams,
        body: UpdateSlaPolicy,
        response: { 200: SlaPolicy, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => sla.update(request.ctx(), request.params.id, request.body),
  );
  app.delete(
    '/sla-policies/:id',
    {
      config: configure,
      schema: {
        operationId: 'deleteSlaPolicy',
        summary: 'Remove an SLA policy',
        tags: ['service'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await sla.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/holidays',
    {
      config: read,
      schema: {
        operationId: 'getHolidays',
        summary: "The workspace's holidays: dates on which SLA clocks do not run",
        tags: ['service'],
        response: { 200: Holidays, ...errors(401) },
      },
    },
    async () => ({ holidays: await sla.holidays() }),
  );
  app.put(
    '/holidays',
    {
      config: configure,
      schema: {
        operationId: 'replaceHolidays',
        summary: "Replace the workspace's holidays (a list of dates, YYYY-MM-DD)",
        tags: ['service'],
        body: Holidays,
        response: { 200: Holidays, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => ({ holidays: await sla.replaceHolidays(request.ctx(), request.body.holidays) }),
  );
};
