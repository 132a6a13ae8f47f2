/** HTTP for custom dashboards: schemas in, one service call, schema out. Any staff login; the service decides who sees what. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import {
  CreateDashboard,
  Dashboard,
  DashboardData,
  DashboardSummary,
  Share,
  ShareParams,
  TokenParams,
  UpdateDashboard,
} from './dashboards.schemas.ts';
import type { DashboardsService } from './dashboards.service.ts';

export const dashboardsRoutes: FastifyPluginAsyncTypebox<{ dashboards: DashboardsService }> = async (
  app,
  { dashboards },
) => {
  const config = { access: 'authenticated' } as const;
  const tags = ['dashboards'];

  app.get(
    '/dashboards',
    {
      config,
      schema: {
        operationId: 'listDashboards',
        tags,
        summary: 'The custom dashboards you may open: yours, your teams’ and everyone’s',
        response: { 200: DataEnvelope(DashboardSummary), ...errors(401) },
      },
    },
    async (request) => dashboards.list(request.ctx()),
  );

  app.post(
    '/dashboards',
    {
      config,
      schema: {
        operationId: 'createDashboard',
        tags,
        summary: 'Create a dashboard from widgets',
        body: CreateDashboard,
        response: { 201: Dashboard, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const d = await dashboards.create(request.ctx(), request.body);
      setEtag(reply, d.version);
      return reply.status(201).header('location', `/api/v1/dashboards/${d.id}`).send(d);
    },
  );

  app.get(
    '/dashboards/shared/:token',
    {
      config,
      schema: {
        operationId: 'getSharedDashboard',
        tags,
        summary: 'The dashboard behind a share link (its numbers count what you may see)',
        params: TokenParams,
        response: { 200: Dashboard, ...errors(401, 404) },
      },
    },
    async (request) => dashboards.getShared(request.ctx(), request.params.token),
  );

  app.get(
    '/dashboards/shared/:token/data',
    {
      config,
      schema: {
        operationId: 'getSharedDashboardData',
        tags,
        summary: 'Every widget’s numbers of a shared dashboard, counting only what you may see',
        params: TokenParams,
        response: { 200: DashboardData, ...errors(401, 404) },
      },
    },
    async (request) => dashboards.dataShared(request.ctx(), request.params.token),
  );

  app.get(
    '/dashboards/:id',
    {
      config,
      schema: {
        operationId: 'getDashboard',
        tags,
        summary: 'A dashboard with its widgets',
        params: IdParams,
        response: { 200: Dashboard, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const d = await dashboards.get(request.ctx(), request.params.id);
      setEtag(reply, d.version);
      return d;
    },
  );

  app.patch(
    '/dashboards/:id',
    {
      config,
      schema: {
        operationId: 'updateDashboard',
        tags,
        summary: 'Change a dashboard: its name, who sees it, its widgets (replaced as a whole, in order)',
        params: IdParams,
        body: UpdateDashboard,
        response: { 200: Dashboard, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const d = await dashboards.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, d.version);
      return d;
    },
  );

  app.delete(
    '/dashboards/:id',
    {
      config,
      schema: {
        operationId: 'deleteDashboard',
        tags,
        summary: 'Delete a dashboard, its widgets and its share links',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await dashboards.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/dashboards/:id/data',
    {
      config,
      schema: {
        operationId: 'getDashboardData',
        tags,
        summary: 'Every widget’s numbers in one call, counting only what you may see',
        params: IdParams,
        response: { 200: DashboardData, ...errors(401, 404) },
      },
    },
    async (request) => dashboards.data(request.ctx(), request.params.id),
  );

  app.post(
    '/dashboards/:id/share',
    {
      config,
      schema: {
        operationId: 'shareDashboard',
        tags,
        summary: 'Create a share link (shown once); whoever opens it logs in and sees their own numbers',
        params: IdParams,
        response: { 201: Share, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await dashboards.share(request.ctx(), request.params.id)),
  );

  app.get(
    '/dashboards/:id/shares',
    {
      config,
      schema: {
        operationId: 'listDashboardShares',
        tags,
        summary: 'The share links of a dashboard, live and revoked',
        params: IdParams,
        response: { 200: DataEnvelope(Share), ...errors(401, 403, 404) },
      },
    },
    async (request) => dashboards.shares(request.ctx(), request.params.id),
  );

  app.delete(
    '/dashboards/:id/shares/:shareId',
    {
      config,
      schema: {
        operationId: 'revokeDashboardShare',
        tags,
        summary: 'Revoke a share link: it opens nothing any more',
        params: ShareParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await dashboards.revokeShare(request.ctx(), request.params.id, request.params.shareId);
      return reply.status(204).send(null);
    },
  );
};
