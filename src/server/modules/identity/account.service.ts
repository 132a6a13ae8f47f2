/**
 * Passwords and invitations: change your own password, "forgot password" by an emailed single-use link, invite a
 * user by email, and an admin forcing a reset. Links carry a random token; only its SHA-256 is stored
 * (`password_tokens`), it works once, and it expires (reset 15 minutes, forced reset 24 hours, invitation 7 days).
 * Mails are queued with the change in one transaction (platform/mail). Every step is audited.
 */
import { normaliseEmail } from '../../../shared/contact.ts';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.ts';
import { codedError, notFound, validation } from '../../platform/errors.ts';
import { newId, now, randomToken, sha256 } from '../../platform/ids.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import * as accounts from './account.repository.ts';
import type { ChangePasswordBody, InviteUserBody, PasswordLink } from './account.schemas.ts';
import { IDENTITY_ERRORS } from './identity.errors.ts';
import * as repo from './identity.repository.ts';
import type { User } from './identity.schemas.ts';
import type { IdentityService } from './identity.service.ts';

export const RESET_MINUTES = 15;
export const FORCED_RESET_HOURS = 24;
export const INVITE_DAYS = 7;
/** At most this many reset mails per address per RESET_MINUTES; further requests are answered alike but send nothing. */
export const RESETS_PER_WINDOW = 3;

export const RESET_PATH = '/reset-password';

export interface RequestMeta {
  ip: string | null;
  requestId: string;
}

const linkInvalid = () =>
  validation(
    [{ pointer: '/token', detail: 'this link has expired or was already used; ask for a new one', in: 'body' }],
    'This link has expired or was already used. Ask for a new one.',
  );

export class AccountService {
  readonly #database: Database;
  readonly #identity: IdentityService;
  readonly #mailer: Mailer;
  readonly #workspace: WorkspaceService;

  constructor(deps: { database: Database; identity: IdentityService; mailer: Mailer; workspace: WorkspaceService }) {
    this.#database = deps.database;
    this.#identity = deps.identity;
    this.#mailer = deps.mailer;
    this.#workspace = deps.workspace;
  }

  get #db() {
    return this.#database.db;
  }

  /** Issues a link token for a user (spending older ones) and returns the secret for the mail. */
  async #issue(
    trx: Executor,
    userId: string,
    purpose: 'reset' | 'invite',
    ttlMs: number,
    by: string | null,
    ip: string | null,
  ): Promise<string> {
    const t = now();
    await accounts.spendTokensOfUser(trx, userId, t);
    const token = randomToken(32);
    await accounts.insertPasswordToken(trx, {
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: sha256(token),
      expires_at: new Date(Date.now() + ttlMs).toISOString(),
      used_at: null,
      created_by: by,
      ip,
      created_at: t,
    });
    return token;
  }

  #link(token: string, purpose: 'reset' | 'invite'): string {
    return this.#mailer.link(RESET_PATH, purpose === 'invite' ? { token, invite: '1' } : { token });
  }

  /** Changes the caller's password; requires the current one and ends every other session of theirs. */
  async changePassword(ctx: Ctx, input: ChangePasswordBody): Promise<{ sessionsEnded: number }> {
    const user = await repo.findUser(this.#db, ctx.actor.id);
    if (!user) throw notFound('users');
    const ok = user.password_hash ? await verifyPassword(input.currentPassword, user.password_hash) : false;
    if (!ok) {
      await recordAudit(this.#db, ctx, {
        action: 'password_change_failed',
        object: 'users',
        recordId: user.id,
        meta: { reason: 'wrong_current_password' },
      });
      throw validation([{ pointer: '/currentPassword', detail: 'is not your current password', in: 'body' }]);
    }
    const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
    if (problem) throw validation([{ pointer: '/newPassword', detail: problem, in: 'body' }]);
    const hash = await hashPassword(input.newPassword);
    const ended = await this.#db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: now(), version: user.version + 1 });
      const n = await accounts.deleteOtherSessions(trx, user.id, ctx.actor.sessionId);
      await accounts.spendTokensOfUser(trx, user.id, now());
      await recordAudit(trx, ctx, {
        action: 'password_change',
        object: 'users',
        recordId: user.id,
        changes: { password: { from: '(hidden)', to: '(changed)' } },
        meta: { otherSessionsEnded: n },
      });
      return n;
    });
    this.#identity.forgetSessionsOf(user.id);
    return { sessionsEnded: ended };
  }

  /**
   * "Forgot password": mails a reset link when the address belongs to an active user and it has not asked too often.
   * Answers the same way in every case, so it does not tell which addresses have accounts.
   */
  async requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
    const normalised = email.trim().toLowerCase();
    const user = await repo.findUserByEmail(this.#db, normalised);
    await this.#db.transaction().execute(async (trx) => {
      let outcome: 'sent' | 'unknown_email' | 'inactive' | 'throttled' = 'sent';
      if (!user) outcome = 'unknown_email';
      else if (user.active !== 1) outcome = 'inactive';
      else {
        const since = new Date(Date.now() - RESET_MINUTES * 60_000).toISOString();
        if ((await accounts.countTokensSince(trx, user.id, 'reset', since)) >= RESETS_PER_WINDOW) outcome = 'throttled';
      }
      if (user && outcome === 'sent') {
        const token = await this.#issue(trx, user.id, 'reset', RESET_MINUTES * 60_000, null, meta.ip);
        await this.#mailer.send(trx, {
          to: user.email,
          template: 'password-reset',
          data: { name: user.name, link: this.#link(token, 'reset'), minutes: RESET_MINUTES },
        });
      }
      await recordAudit(trx, null, {
        action: 'password_reset_requested',
        object: 'users',
        recordId: user?.id ?? null,
        meta: { email: normalised, outcome, ip: meta.ip, requestId: meta.requestId },
      });
    });
  }

  /** What a link is for (the reset page asks before showing its form); 422 naming /token when it is not usable. */
  async checkLink(token: string): Promise<PasswordLink> {
    const row = await accounts.findPasswordToken(this.#db, sha256(token));
    if (!row || row.used_at || Date.parse(row.expires_at) <= Date.now()) throw linkInvalid();
    const user = await repo.findUser(this.#db, row.user_id);
    if (user?.active !== 1) throw linkInvalid();
    return {
      purpose: row.purpose as 'reset' | 'invite',
      email: user.email,
      name: user.name,
      expiresAt: row.expires_at,
    };
  }

  /** Sets a password through a reset or invitation link; the link is spent and every session of the user ends. */
  async resetPassword(token: string, password: string, meta: RequestMeta): Promise<void> {
    const row = await accounts.findPasswordToken(this.#db, sha256(token));
    if (!row || row.used_at || Date.parse(row.expires_at) <= Date.now()) throw linkInvalid();
    const user = await repo.findUser(this.#db, row.user_id);
    if (user?.active !== 1) throw linkInvalid();
    const problem = passwordProblem(password, { email: user.email, name: user.name });
    if (problem) throw validation([{ pointer: '/password', detail: problem, in: 'body' }]);
    const hash = await hashPassword(password);
    await this.#db.transaction().execute(async (trx) => {
      const t = now();
      if (!(await accounts.useToken(trx, row.id, t))) throw linkInvalid();
      await accounts.spendTokensOfUser(trx, user.id, t);
      await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: t, version: user.version + 1 });
      const ended = await repo.deleteSessionsOfUser(trx, user.id);
      await recordAudit(trx, null, {
        action: row.purpose === 'invite' ? 'invitation_accepted' : 'password_reset',
        object: 'users',
        recordId: user.id,
        changes: { password: { from: '(hidden)', to: '(changed)' } },
        meta: { sessionsEnded: ended, ip: meta.ip, requestId: meta.requestId },
      });
    });
    this.#identity.forgetSessionsOf(user.id);
  }

  /** Invites a user: an account without a password, and a mail with a link to set one (valid INVITE_DAYS). */
  async inviteUser(ctx: Ctx, input: InviteUserBody): Promise<User> {
    assertCan(ctx.actor, 'users', 'create');
    const workspace = await this.#workspace.get();
    return this.#db.transaction().execute(async (trx) => {
      const email = normaliseEmail(input.email);
      const errors = [];
      if (!email.ok) errors.push({ pointer: '/email', detail: email.reason, in: 'body' as const });
      if (input.name.trim() === '') errors.push({ pointer: '/name', detail: 'must not be blank', in: 'body' as const });
      if (!(await repo.findRole(trx, input.roleId)))
        errors.push({ pointer: '/roleId', detail: 'is not a role', in: 'body' as const });
      const teamIds = input.teamIds ?? [];
      const teams = await repo.existingTeamIds(trx, teamIds);
      teamIds.forEach((t, i) => {
        if (!teams.includes(t)) errors.push({ pointer: `/teamIds/${i}`, detail: 'is not a team', in: 'body' as const });
      });
      if (errors.length > 0 || !email.ok) throw validation(errors);
      if (await repo.findUserByEmail(trx, email.email))
        throw codedError(IDENTITY_ERRORS, 'users.email_taken', 'Conflict', 'A user with that email already exists.');
      const id = newId();
      const t = now();
      await repo.insertUser(trx, {
        id,
        email: email.email,
        name: input.name.trim(),
        password_hash: null,
        role_id: input.roleId,
        created_at: t,
        updated_at: t,
      });
      await repo.setUserTeams(trx, id, [...new Set(teamIds)]);
      const token = await this.#issue(trx, id, 'invite', INVITE_DAYS * 86_400_000, ctx.actor.id, ctx.ip);
      await this.#mailer.send(trx, {
        to: email.email,
        template: 'invitation',
        data: {
          name: input.name.trim(),
          link: this.#link(token, 'invite'),
          days: INVITE_DAYS,
          by: ctx.actor.name,
          workspace: workspace.name,
        },
      });
      const dto = await this.#identity.userById(id, trx);
      await recordAudit(trx, ctx, {
        action: 'invite',
        object: 'users',
        recordId: id,
        changes: diff(
          {},
          { email: dto.email, name: dto.name, role: dto.role.key, teams: dto.teams.map((x) => x.name) },
        ),
        meta: { expiresInDays: INVITE_DAYS },
      });
      return dto;
    });
  }

  /**
   * An admin forces a reset: the user's password stops working, their sessions end, and a mail asks them to set a
   * new one through a link (valid FORCED_RESET_HOURS; afterwards "Forgot password?" sends a fresh one).
   */
  async forceReset(ctx: Ctx, userId: string): Promise<void> {
    assertCan(ctx.actor, 'users', 'update');
    await this.#db.transaction().execute(async (trx) => {
      const user = await repo.findUser(trx, userId);
      if (!user) throw notFound('users');
      await repo.updateUser(trx, user.id, { password_hash: null, updated_at: now(), version: user.version + 1 });
      const ended = await repo.deleteSessionsOfUser(trx, user.id);
      const token = await this.#issue(trx, user.id, 'reset', FORCED_RESET_HOURS * 3_600_000, ctx.actor.id, ctx.ip);
      await this.#mailer.send(trx, {
        to: user.email,
        template: 'password-reset-required',
        data: { name: user.name, link: this.#link(token, 'reset'), hours: FORCED_RESET_HOURS, by: ctx.actor.name },
      });
      await recordAudit(trx, ctx, {
        action: 'password_reset_forced',
        object: 'users',
        recordId: user.id,
        changes: { password: { from: '(hidden)', to: '(must be reset)' } },
        meta: { sessionsEnded: ended },
      });
    });
    this.#identity.forgetSessionsOf(userId);
  }
}
