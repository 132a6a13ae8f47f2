/**
 * Background jobs over HTTP: a job's state, a live stream of its progress (server-sent events), cancel, and the
 * download of its result. Every route is for any logged-in user; the service shows users only their own jobs (admins
 * everyone's) and answers 404 for the rest.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse, IdParams } from '../http.ts';
import { JobList, Job as JobSchema } from './jobs.schemas.ts';
import type { JobsService } from './jobs.service.ts';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobsService; pollMs?: number }> = async (
  app,
  { jobs, pollMs = 500 },
) => {
  app.get(
    '/jobs',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['jobs'],
        operationId: 'listJobs',
        summary: 'Your most recent background jobs (exports, …), newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
        response: { 200: JobList, ...errors(400, 401) },
      },
    },
    async (request) => jobs.list(request.ctx(), request.query.limit),
  );

  app.get(
    '/jobs/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['jobs'],
        operationId: 'getJob',
        summary: 'A background job: status, progress and, when done, its result link',
        params: IdParams,
        response: { 200: JobSchema, ...errors(401, 404) },
      },
    },
    async (request) => jobs.get(request.ctx(), request.params.id),
  );

  app.post(
    '/jobs/:id/cancel',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['jobs'],
        operationId: 'cancelJob',
        summary: 'Cancel a queued or running job (a running one stops at its next step)',
        params: IdParams,
        response: { 200: JobSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => jobs.cancel(request.ctx(), request.params.id),
  );

  app.get(
    '/jobs/:id/result',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['jobs'],
        operationId: 'downloadJobResult',
        summary: 'Download the file a succeeded job produced (an export)',
        params: IdParams,
        response: {
          200: fileResponse(
            'The result file',
            'text/csv',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...errors(401, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await jobs.result(request.ctx(), request.params.id);
      return reply
        .type(file.contentType)
        .header('cache-control', 'no-store')
        .header('content-length', file.size)
        .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]+/g, '_')}"`)
        .send(file.stream);
    },
  );

  app.get(
    '/jobs/:id/events',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['jobs'],
        operationId: 'streamJobEvents',
        summary:
          'Server-sent events: a `job` event with the job each time its progress or status changes, until it ends',
        params: IdParams,
        response: { 200: fileResponse('`job` events until the job ends', 'text/event-stream'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      let job = await jobs.get(ctx, request.params.id); // 404 before the stream starts
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      let last = '';
      for (;;) {
        const text = JSON.stringify(job);
        if (text !== last) {
          res.write(`event: job\nid: ${job.progress.done}\ndata: ${text}\n\n`);
          last = text;
        }
        if (closed || TERMINAL.has(job.status)) break;
        await new Promise((r) => setTimeout(r, pollMs));
        try {
          job = await jobs.get(ctx, job.id);
        } catch {
          break; // removed meanwhile
        }
      }
      res.end();
    },
  );
};
