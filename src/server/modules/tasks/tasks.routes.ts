import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { CreateTask, Task, TaskListQuery, UpdateTask } from './tasks.schemas.ts';
import type { TasksService } from './tasks.service.ts';

export const tasksRoutes: FastifyPluginAsyncTypebox<{ tasks: TasksService }> = async (app, { tasks }) => {
  // The kernel's routes: the list (its own parameters and the kernel's filter, sort and cursor), CSV export, history.
  recordRoutes(app, {
    path: 'tasks',
    object: 'tasks',
    tag: 'tasks',
    names: { one: 'Task', many: 'Tasks' },
    view: Task,
    listQuery: TaskListQuery,
    service: tasks,
    summaries: {
      list: 'List tasks you may see, soonest due first (undated last)',
      export: 'Export matching tasks as CSV (only fields you may read)',
      history: 'Field history of a task (what each change changed, and who)',
    },
  });

  app.post(
    '/tasks',
    {
      config: { access: { object: 'tasks', action: 'create' } },
      schema: {
        operationId: 'createTask',
        summary: 'Create a task',
        tags: ['tasks'],
        body: CreateTask,
        response: { 201: Task, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const task = await tasks.create(request.ctx(), request.body);
      setEtag(reply, task.version);
      return reply.status(201).header('location', `/api/v1/tasks/${task.id}`).send(task);
    },
  );

  app.get(
    '/tasks/:id',
    {
      config: { access: { object: 'tasks', action: 'read' } },
      schema: {
        operationId: 'getTask',
        summary: 'Get a task',
        tags: ['tasks'],
        params: IdParams,
        response: { 200: Task, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const task = await tasks.get(request.ctx(), request.params.id);
      setEtag(reply, task.version);
      return task;
    },
  );

  app.patch(
    '/tasks/:id',
    {
      config: { access: { object: 'tasks', action: 'update' } },
      schema: {
        operationId: 'updateTask',
        tags: ['tasks'],
        summary: 'Update; send If-Match with the ETag to avoid overwriting someone else',
        params: IdParams,
        body: UpdateTask,
        response: { 200: Task, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const task = await tasks.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, task.version);
      return task;
    },
  );

  app.post(
    '/tasks/:id/complete',
    {
      config: { access: { object: 'tasks', action: 'update' } },
      schema: {
        operationId: 'completeTask',
        tags: ['tasks'],
        summary: 'Mark an open task done',
        params: IdParams,
        response: { 200: Task, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const task = await tasks.complete(request.ctx(), request.params.id, ifMatch(request));
      setEtag(reply, task.version);
      return task;
    },
  );

  app.delete(
    '/tasks/:id',
    {
      config: { access: { object: 'tasks', action: 'delete' } },
      schema: {
        operationId: 'deleteTask',
        tags: ['tasks'],
        summary: 'Delete a task for good (audited)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await tasks.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );
};
