/** HTTP for passwords and invitations (account.service.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { errors, IdParams } from '../../platform/http.ts';
import {
  Accepted,
  ChangePasswordBody,
  ForgotPasswordBody,
  InviteUserBody,
  PasswordLink,
  PasswordLinkQuery,
  ResetPasswordBody,
} from './account.schemas.ts';
import type { AccountService } from './account.service.ts';
import { User } from './identity.schemas.ts';

export interface AccountRoutesOptions {
  accounts: AccountService;
  config: Pick<Config, 'loginRateLimit'>;
}

const FORGOT_ANSWER =
  'If that address belongs to an account, a link to reset the password is on its way. It works once, for 15 minutes.';

export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (app, { accounts, config }) => {
  const perIp = { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } };
  const meta = (request: { ip?: string; id: unknown }) => ({ ip: request.ip ?? null, requestId: String(request.id) });

  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        operationId: 'changePassword',
        summary: 'Change your own password (needs the current one); every other session of yours ends',
        body: ChangePasswordBody,
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => accounts.changePassword(request.ctx(), request.body),
  );

  app.post(
    '/auth/forgot-password',
    {
      config: { access: 'public', ...perIp },
      schema: {
        tags: ['auth'],
        operationId: 'forgotPassword',
        summary: 'Mail a single-use reset link; answers the same whether or not the address has an account',
        body: ForgotPasswordBody,
        response: { 202: Accepted, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(request.body.email, meta(request));
      return reply.status(202).send({ message: FORGOT_ANSWER });
    },
  );

  app.get(
    '/auth/password-link',
    {
      config: { access: 'public', ...perIp },
      schema: {
        tags: ['auth'],
        operationId: 'checkPasswordLink',
        summary: 'Whether a reset or invitation link can still be used, and for whom',
        querystring: PasswordLinkQuery,
        response: { 200: PasswordLink, ...errors(400, 422, 429) },
      },
    },
    async (request) => accounts.checkLink(request.query.token),
  );

  app.post(
    '/auth/reset-password',
    {
      config: { access: 'public', ...perIp },
      schema: {
        tags: ['auth'],
        operationId: 'resetPassword',
        summary: 'Set a password through a reset or invitation link; the link is spent and every session ends',
        body: ResetPasswordBody,
        response: { 204: Type.Null(), ...errors(400, 422, 429) },
      },
    },
    async (request, reply) => {
      await accounts.resetPassword(request.body.token, request.body.password, meta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/invitations',
    {
      config: { access: { object: 'users', action: 'create' } },
      schema: {
        tags: ['users'],
        operationId: 'inviteUser',
        summary: 'Invite a user by email: they set their own password through the mailed link (valid 7 days)',
        body: InviteUserBody,
        response: { 201: User, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.inviteUser(request.ctx(), request.body)),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { access: { object: 'users', action: 'update' } },
      schema: {
        tags: ['users'],
        operationId: 'forceResetPassword',
        summary: "Force a password reset: the user's password stops working, their sessions end, a link is mailed",
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await accounts.forceReset(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
