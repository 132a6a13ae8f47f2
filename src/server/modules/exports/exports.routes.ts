import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { Job } from '../../platform/jobs/jobs.schemas.ts';
import { CreateExport } from './exports.schemas.ts';
import type { ExportsService } from './exports.service.ts';

export const exportsRoutes: FastifyPluginAsyncTypebox<{ exports: ExportsService }> = async (app, { exports }) => {
  app.post(
    '/exports',
    {
      // The object depends on `kind`: the service checks the role's export permission on it (403 otherwise).
      config: { access: 'authenticated' },
      schema: {
        tags: ['exports'],
        operationId: 'createExport',
        summary:
          'Export a people or companies list (CSV or XLSX) as a background job; download it from the job when done',
        body: CreateExport,
        response: { 202: Job, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await exports.start(request.ctx(), request.body)),
  );
};
