/**
 * Who may use the customer portal and how they sign in. Portal users are a separate kind of actor: one per person the
 * staff invited, signing in by an emailed link (single use, 15 minutes) into a portal session with its own cookie. The
 * link request answers the same whether or not the address is known; it is rate-limited per address (silently: no
 * more mail, the same answer) and per client address (429). Sessions and links are stored as SHA-256 of the token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { assertCan } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { portalError } from './portal.errors.ts';
import * as repo from './portal.repository.ts';
import type { InvitationsRequest, InvitationsResult, PortalAccess } from './portal.schemas.ts';

export const LINK_MINUTES = 15;
export const SESSION_DAYS = 7;
/** Link requests per address in the window: more answer the same and send nothing. */
export const EMAIL_LIMIT = 3;
/** Link requests per client address in the window: more answer 429. */
export const IP_LIMIT = 20;
export const WINDOW_MINUTES = 15;
/** A visit is counted again after this long without a request. */
const VISIT_GAP_MS = 30 * 60_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/** The signed-in customer as portal routes see them. */
export interface PortalCustomer {
  portalUserId: string;
  personId: string;
  email: string;
  companyAdmin: boolean;
  csrfToken: string;
  sessionHash: string;
}

export interface PortalAuthDeps {
  database: Database;
  events: EventBus;
  people: PeopleService;
  workspace: WorkspaceService;
  mailer: Mailer;
  clock?: () => Date;
}

export class PortalAuthService {
  readonly #d: PortalAuthDeps;
  /** The portal's idea of now: links expire and sessions end by it (tests set it). */
  clock: () => Date;

  constructor(deps: PortalAuthDeps) {
    this.#d = deps;
    this.clock = deps.clock ?? (() => new Date());
  }

  get #db() {
    return this.#d.database.db;
  }

  #at(offsetMs = 0): string {
    return new Date(this.clock().getTime() + offsetMs).toISOString();
  }

  // ---------- sign-in ----------

  /**
   * Emails a sign-in link when the address belongs to an invited or active portal user and the address has not asked
   * too often; answers nothing either way (the route always says 202). Too many requests from one client: 429.
   */
  async requestLink(email: string, ip: string | null): Promise<void> {
    const address = email.trim().toLowerCase();
    const at = this.#at();
    const since = this.#at(-WINDOW_MINUTES * 60_000);
    await this.#db.transaction().execute(async (trx) => {
      const [byAddress, byIp] = await repo.countAndRecord(trx, [`email:${address}`, `ip:${ip ?? '-'}`], at, since);
      if (byIp! >= IP_LIMIT) {
        throw portalError(
          'portal.rate_limited',
          'Too many requests',
          `Too many sign-in links were asked for from your network. Try again in ${WINDOW_MINUTES} minutes.`,
        );
      }
      if (byAddress! >= EMAIL_LIMIT) return;
      const user = await repo.findSignInUser(trx, address);
      if (!user) return;
      const [person] = await this.#d.people.getMany(this.#systemCtx(), [user.person_id], trx);
      if (!person) return;
      const t = token();
      await repo.insertLink(trx, sha256(t), user.id, at, this.#at(LINK_MINUTES * 60_000));
      const workspace = await this.#d.workspace.get(trx);
      await this.#d.mailer.send(trx, {
        to: user.email,
        template: 'portal-link',
        data: {
          name: person.firstName ?? '',
          link: this.#d.mailer.link('/portal/auth', { token: t }),
          minutes: LINK_MINUTES,
          workspace: workspace.name,
        },
      });
    });
  }

  /** Exchanges a link's token for a portal session (once); an unknown, used or expired link is refused alike. */
  async verify(linkToken: string): Promise<{ sessionToken: string; csrfToken: string; expiresAt: string }> {
    const at = this.#at();
    return this.#db.transaction().execute(async (trx) => {
      const userId = await repo.consumeLink(trx, sha256(linkToken), at);
      const user = userId ? await repo.findUser(trx, userId) : undefined;
      if (!user || user.status === 'revoked') {
        throw portalError(
          'portal.link_invalid',
          'Link not valid',
          'This sign-in link has expired or was already used. Ask for a new one.',
        );
      }
      await repo.updateUser(trx, user.id, {
        status: 'active',
        activated_at: user.activated_at ?? at,
        last_visit_at: at,
        updated_at: at,
      });
      await this.#active(trx, user, at);
      const sessionToken = token();
      const csrfToken = token();
      const expiresAt = this.#at(SESSION_DAYS * 86_400_000);
      await repo.insertSession(trx, {
        token_hash: sha256(sessionToken),
        portal_user_id: user.id,
        csrf_token: csrfToken,
        expires_at: expiresAt,
        created_at: at,
      });
      return { sessionToken, csrfToken, expiresAt };
    });
  }

  /** The customer behind a portal session cookie, or null (unknown, expired, or access revoked). */
  async authenticate(sessionToken: string): Promise<PortalCustomer | null> {
    const hash = sha256(sessionToken);
    const session = await repo.findSession(this.#db, hash);
    const at = this.#at();
    if (!session || session.expires_at <= at) return null;
    const user = await repo.findUser(this.#db, session.portal_user_id);
    if (user?.status !== 'active') return null;
    const newMonth = user.last_visit_at?.slice(0, 7) !== at.slice(0, 7);
    if (!user.last_visit_at || newMonth || Date.parse(at) - Date.parse(user.last_visit_at) > VISIT_GAP_MS) {
      await this.#db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { last_visit_at: at });
        await this.#active(trx, user, at);
      });
    }
    return {
      portalUserId: user.id,
      personId: user.person_id,
      email: user.email,
      companyAdmin: user.company_admin === 1,
      csrfToken: session.csrf_token,
      sessionHash: hash,
    };
  }

  async signOut(customer: PortalCustomer): Promise<void> {
    await repo.deleteSession(this.#db, customer.sessionHash);
  }

  // ---------- staff: invitations and access ----------

  /** Invites people to the portal (a welcome email each); people without an email, or not visible, are skipped. */
  async invite(ctx: Ctx, input: InvitationsRequest): Promise<InvitationsResult> {
    assertCan(ctx.actor, 'people', 'update');
    const ids = [...new Set(input.personIds)];
    const people = new Map((await this.#d.people.getMany(ctx, ids)).map((p) => [p.id!, p]));
    const result: InvitationsResult = { invited: [], skipped: [] };
    const workspace = await this.#d.workspace.get();
    await this.#db.transaction().execute(async (trx) => {
      for (const personId of ids) {
        const person = people.get(personId);
        const email = person?.emails?.[0]?.email?.toLowerCase();
        if (!person) {
          result.skipped.push({ personId, reason: 'not a person you can see' });
          continue;
        }
        if (!email) {
          result.skipped.push({ personId, reason: 'has no email address' });
          continue;
        }
        const at = this.#at();
        const existing = await repo.findUserByPerson(trx, personId);
        if (existing) {
          await repo.updateUser(trx, existing.id, {
            email,
            status: existing.status === 'active' ? 'active' : 'invited',
            company_admin: input.companyAdmin === undefined ? existing.company_admin : input.companyAdmin ? 1 : 0,
            invited_at: at,
            invited_by: ctx.actor.id,
            revoked_at: null,
            updated_at: at,
          });
        } else {
          await repo.insertUser(trx, {
            id: newId(),
            person_id: personId,
            email,
            status: 'invited',
            company_admin: input.companyAdmin ? 1 : 0,
            invited_at: at,
            invited_by: ctx.actor.id,
            activated_at: null,
            last_visit_at: null,
            revoked_at: null,
            created_at: at,
            updated_at: at,
          });
        }
        await this.#d.mailer.send(trx, {
          to: email,
          template: 'portal-invitation',
          data: {
            name: person.firstName ?? '',
            link: this.#d.mailer.link('/portal/sign-in', { email }),
            by: ctx.actor.name,
            workspace: workspace.name,
          },
        });
        await this.#changed(trx, ctx, personId, 'invited', `Invited to the customer portal (${email})`);
        result.invited.push(toAccess(personId, await repo.findUserByPerson(trx, personId)));
      }
    });
    return result;
  }

  /** A person's portal access as the person page shows it. */
  async access(ctx: Ctx, personId: string): Promise<PortalAccess> {
    assertCan(ctx.actor, 'people', 'read');
    await this.#d.people.get(ctx, personId); // 404 when the reader may not see them
    return toAccess(personId, await repo.findUserByPerson(this.#db, personId));
  }

  /** Sends the welcome email again (and re-opens revoked access). */
  async resend(ctx: Ctx, personId: string): Promise<PortalAccess> {
    const existing = await repo.findUserByPerson(this.#db, personId);
    if (!existing)
      throw portalError('portal.not_invited', 'Not invited', 'This person was never invited to the portal.');
    const result = await this.invite(ctx, { personIds: [personId] });
    if (result.invited.length === 0)
      throw portalError('portal.invitation_invalid', 'Cannot invite', `This person ${result.skipped[0]?.reason}.`);
    return result.invited[0]!;
  }

  /** Ends a person's portal access: their sessions end at once and links stop working. */
  async revoke(ctx: Ctx, personId: string): Promise<PortalAccess> {
    assertCan(ctx.actor, 'people', 'update');
    await this.#d.people.get(ctx, personId);
    const existing = await repo.findUserByPerson(this.#db, personId);
    if (!existing)
      throw portalError('portal.not_invited', 'Not invited', 'This person was never invited to the portal.');
    await this.#db.transaction().execute(async (trx) => {
      const at = this.#at();
      await repo.updateUser(trx, existing.id, { status: 'revoked', revoked_at: at, updated_at: at });
      await repo.deleteUserSessions(trx, existing.id);
      await this.#changed(trx, ctx, personId, 'revoked', 'Customer portal access revoked');
    });
    return toAccess(personId, await repo.findUserByPerson(this.#db, personId));
  }

  async setCompanyAdmin(ctx: Ctx, personId: string, companyAdmin: boolean): Promise<PortalAccess> {
    assertCan(ctx.actor, 'people', 'update');
    await this.#d.people.get(ctx, personId);
    const existing = await repo.findUserByPerson(this.#db, personId);
    if (!existing)
      throw portalError('portal.not_invited', 'Not invited', 'This person was never invited to the portal.');
    await this.#db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, existing.id, { company_admin: companyAdmin ? 1 : 0, updated_at: this.#at() });
      await this.#changed(
        trx,
        ctx,
        personId,
        'company_admin',
        companyAdmin ? 'Made a company administrator in the portal' : 'No longer a company administrator in the portal',
      );
    });
    return toAccess(personId, await repo.findUserByPerson(this.#db, personId));
  }

  /** An access change: audited, and on the person's timeline. */
  async #changed(trx: Executor, ctx: Ctx, personId: string, change: string, summary: string): Promise<void> {
    await recordAudit(trx, ctx, {
      action: 'update',
      object: 'people',
      recordId: personId,
      changes: { portalAccess: { from: null, to: change } },
    });
    await this.#d.events.publish(trx, ctx, {
      type: 'portal.access_changed',
      object: 'people',
      recordId: personId,
      payload: { personId, change },
      timeline: { summary, personId, subjectKind: 'people', subjectId: personId, department: 'service' },
    });
  }

  /**
   * The customer's first signed-in use of the portal in a calendar month (their last visit was in an earlier month,
   * or never): `portal.customer_active`, counted by the self-service metrics.
   */
  async #active(trx: Executor, user: { id: string; person_id: string; last_visit_at: string | null }, at: string) {
    if (user.last_visit_at?.slice(0, 7) === at.slice(0, 7)) return;
    await this.#d.events.publish(trx, null, {
      type: 'portal.customer_active',
      object: 'people',
      recordId: user.person_id,
      payload: { portalUserId: user.id, personId: user.person_id, month: at.slice(0, 7) },
    });
  }

  /** Reads on the portal's behalf: people are looked up as the system (visibility all), never written. */
  #systemCtx(): Ctx {
    return {
      actor: {
        kind: 'user',
        id: 'portal',
        name: 'Customer portal',
        email: 'portal@localhost',
        roleId: 'portal',
        roleKey: 'portal',
        policy: { objects: { people: ['read'] }, visibility: { people: 'all' }, fields: {} },
        teamIds: [],
      },
      requestId: 'portal',
      ip: null,
    };
  }
}

function toAccess(personId: string, u: repo.PortalUserRow | undefined): PortalAccess {
  return {
    personId,
    status: (u?.status ?? 'none') as PortalAccess['status'],
    email: u?.email ?? null,
    companyAdmin: u?.company_admin === 1,
    invitedAt: u?.invited_at ?? null,
    activatedAt: u?.activated_at ?? null,
    lastVisitAt: u?.last_visit_at ?? null,
    revokedAt: u?.revoked_at ?? null,
  };
}
