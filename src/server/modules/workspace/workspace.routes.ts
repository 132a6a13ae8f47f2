import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, ifMatch, setEtag } from '../../platform/http.ts';
import { UpdateWorkspace, Workspace } from './workspace.schemas.ts';
import type { WorkspaceService } from './workspace.service.ts';

export const workspaceRoutes: FastifyPluginAsyncTypebox<{ workspace: WorkspaceService }> = async (
  app,
  { workspace },
) => {
  app.get(
    '/workspace',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getWorkspace',
        tags: ['settings'],
        summary: 'Workspace settings and module switches',
        response: { 200: Workspace, ...errors(401) },
      },
    },
    async (_request, reply) => {
      const w = await workspace.get();
      setEtag(reply, w.version);
      return w;
    },
  );
  app.patch(
    '/workspace',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        operationId: 'updateWorkspace',
        summary: 'Change workspace settings and module switches',
        tags: ['settings'],
        body: UpdateWorkspace,
        response: { 200: Workspace, ...errors(400, 401, 403, 412, 422) },
      },
    },
    async (request, reply) => {
      const w = await workspace.update(request.ctx(), request.body, ifMatch(request));
      setEtag(reply, w.version);
      return w;
    },
  );
};
