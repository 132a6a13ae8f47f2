import '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { clientRequestId } from '../../platform/request-id.ts';
import { Modules, type WorkspaceService } from '../workspace/index.ts';
import {
  ApiToken,
  CreateRole,
  CreateToken,
  CreateUser,
  LoginBody,
  PolicySchema,
  Role,
  Team,
  TeamBody,
  UpdateRole,
  UpdateUser,
  User,
} from './identity.schemas.ts';
import type { IdentityService } from './identity.service.ts';
import { LoginBackoffError } from './login-backoff.ts';

export const SESSION_COOKIE = 'rapport_session';
export const CSRF_COOKIE = 'rapport_csrf';

export interface IdentityRoutesOptions {
  identity: IdentityService;
  workspace: WorkspaceService;
  config: Pick<Config, 'baseUrl' | 'loginRateLimit' | 'sessionAbsoluteHours'>;
}

const Me = Type.Object(
  {
    user: User,
    policy: PolicySchema,
    csrfToken: Type.Union([Type.String(), Type.Null()]),
    workspace: Type.Object({
      name: Type.String(),
      defaultCountry: Type.String(),
      defaultCurrency: Type.String(),
      timezone: Type.String(),
      modules: Modules,
    }),
  },
  { title: 'Me' },
);

export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (
  app,
  { identity, workspace, config },
) => {
  const secure = config.baseUrl.startsWith('https://');
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure, maxAge: config.sessionAbsoluteHours * 3600 };

  const meBody = async (ctx: Ctx, csrf: string | null) => {
    const w = await workspace.get();
    return {
      user: await identity.me(ctx),
      policy: ctx.actor.policy,
      csrfToken: csrf,
      workspace: {
        name: w.name,
        defaultCountry: w.defaultCountry,
        defaultCurrency: w.defaultCurrency,
        timezone: w.timezone,
        modules: w.modules,
      },
    };
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Log in with email and password; sets the session cookie',
        body: LoginBody,
        response: { 200: Me, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const clientId = clientRequestId(request.raw);
      const { token, csrfToken, actor } = await identity
        .login(request.body.email, request.body.password, {
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: String(request.id),
          ...(clientId ? { clientRequestId: clientId } : {}),
        })
        .catch((err: unknown) => {
          if (err instanceof LoginBackoffError) reply.header('retry-after', String(err.retryAfterSeconds));
          throw err;
        });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieBase, httpOnly: false });
      return meBody({ actor, requestId: String(request.id), ip: request.ip ?? null }, csrfToken);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: 'Who is logged in, their policy and the workspace',
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request) => meBody(request.ctx(), request.csrfToken ?? null),
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End this session',
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await identity.logout(request.ctx());
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-everywhere',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'logoutEverywhere',
        tags: ['auth'],
        summary: 'End every session of this user',
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await identity.logoutEverywhere(request.ctx());
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  // ----- users -----
  app.get(
    '/users',
    {
      config: { access: { object: 'users', action: 'read' } },
      schema: {
        operationId: 'listUsers',
        summary: 'List users with their role and teams',
        tags: ['users'],
        response: { 200: DataEnvelope(User), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await identity.listUsers(request.ctx()) }),
  );
  app.post(
    '/users',
    {
      config: { access: { object: 'users', action: 'create' } },
      schema: {
        operationId: 'createUser',
        summary: 'Create a user with a password',
        tags: ['users'],
        body: CreateUser,
        response: { 201: User, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createUser(request.ctx(), request.body)),
  );
  app.patch(
    '/users/:id',
    {
      config: { access: { object: 'users', action: 'update' } },
      schema: {
        operationId: 'updateUser',
        summary: "Change a user's name, role, teams or password, or switch them on or off",
        tags: ['users'],
        params: IdParams,
        body: UpdateUser,
        response: { 200: User, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const user = await identity.updateUser(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, user.version);
      return user;
    },
  );

  // ----- teams -----
  app.get(
    '/teams',
    {
      config: { access: { object: 'users', action: 'read' } },
      schema: {
        operationId: 'listTeams',
        summary: 'List teams with their member counts',
        tags: ['users'],
        response: { 200: DataEnvelope(Team), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await identity.listTeams(request.ctx()) }),
  );
  app.post(
    '/teams',
    {
      config: { access: { object: 'users', action: 'create' } },
      schema: {
        operationId: 'createTeam',
        summary: 'Create a team',
        tags: ['users'],
        body: TeamBody,
        response: { 201: Team, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createTeam(request.ctx(), request.body.name)),
  );
  app.patch(
    '/teams/:id',
    {
      config: { access: { object: 'users', action: 'update' } },
      schema: {
        operationId: 'updateTeam',
        summary: 'Rename a team',
        tags: ['users'],
        params: IdParams,
        body: TeamBody,
        response: { 200: Team, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => identity.renameTeam(request.ctx(), request.params.id, request.body.name),
  );
  app.delete(
    '/teams/:id',
    {
      config: { access: { object: 'users', action: 'delete' } },
      schema: {
        operationId: 'deleteTeam',
        summary: 'Delete a team',
        tags: ['users'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await identity.deleteTeam(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ----- roles -----
  app.get(
    '/roles',
    {
      config: { access: { object: 'users', action: 'read' } },
      schema: {
        operationId: 'listRoles',
        summary: 'List roles with their policies',
        tags: ['users'],
        response: { 200: DataEnvelope(Role), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await identity.listRoles(request.ctx()) }),
  );
  app.post(
    '/roles',
    {
      config: { access: { object: 'users', action: 'create' } },
      schema: {
        operationId: 'createRole',
        summary: 'Create a custom role',
        tags: ['users'],
        body: CreateRole,
        response: { 201: Role, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createRole(request.ctx(), request.body)),
  );
  app.patch(
    '/roles/:id',
    {
      config: { access: { object: 'users', action: 'update' } },
      schema: {
        operationId: 'updateRole',
        summary: "Change a role's name or policy",
        tags: ['users'],
        params: IdParams,
        body: UpdateRole,
        response: { 200: Role, ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const role = await identity.updateRole(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, role.version);
      return role;
    },
  );

  // ----- API tokens -----
  app.get(
    '/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listTokens',
        summary: 'List your API tokens (without their secrets)',
        tags: ['tokens'],
        response: { 200: DataEnvelope(ApiToken), ...errors(401) },
      },
    },
    async (request) => ({ data: await identity.listTokens(request.ctx()) }),
  );
  app.post(
    '/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'createToken',
        tags: ['tokens'],
        summary: 'Create an API token; the secret is in the response once and never again',
        body: CreateToken,
        response: {
          201: Type.Intersect([ApiToken, Type.Object({ token: Type.String() })]),
          ...errors(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createToken(request.ctx(), request.body)),
  );
  app.delete(
    '/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'revokeToken',
        summary: 'Revoke one of your API tokens',
        tags: ['tokens'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await identity.revokeToken(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
