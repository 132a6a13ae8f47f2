import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { CreateCustomField, CustomFieldDef, CustomFieldObject, UpdateCustomField } from './custom-fields.schemas.ts';
import type { CustomFieldsService } from './custom-fields.service.ts';

export const customFieldsRoutes: FastifyPluginAsyncTypebox<{ customFields: CustomFieldsService }> = async (
  app,
  { customFields },
) => {
  app.get(
    '/custom-fields',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listCustomFields',
        tags: ['settings'],
        summary: 'Custom field definitions',
        querystring: Type.Object({ object: Type.Optional(CustomFieldObject) }),
        response: { 200: DataEnvelope(CustomFieldDef), ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await customFields.list(request.query.object) }),
  );
  app.post(
    '/custom-fields',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        operationId: 'createCustomField',
        summary: 'Define a custom field on people or companies',
        tags: ['settings'],
        body: CreateCustomField,
        response: { 201: CustomFieldDef, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await customFields.create(request.ctx(), request.body)),
  );
  app.patch(
    '/custom-fields/:id',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        operationId: 'updateCustomField',
        summary: "Change a custom field's label, options, whether it is required, help text or position",
        tags: ['settings'],
        params: IdParams,
        body: UpdateCustomField,
        response: { 200: CustomFieldDef, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const def = await customFields.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, def.version);
      return def;
    },
  );
  app.delete(
    '/custom-fields/:id',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        operationId: 'deleteCustomField',
        summary: 'Delete a custom field definition',
        tags: ['settings'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await customFields.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
