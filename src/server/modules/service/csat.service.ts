/**
 * Customer satisfaction (CSAT). When a case is resolved (its `case.status_changed` event with `resolution`), the
 * `service.csat` consumer mails the case's person a rating request: five one-click links (1 to 5), each a signed token
 * (HMAC-SHA256 with the server secret over the case id and an expiry 30 days on). The public rating page exchanges the
 * token for the case's reference and subject and records the score, with an optional comment; the portal rates a
 * customer's own resolved request the same way. One rating per case: a later answer updates it. Every rating is on the
 * timeline of the case and its customer (`case.rated`), and `service.csat` averages the scores.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import type { EventBus } from '../../platform/events.ts';
import { now } from '../../platform/ids.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import * as cases from './cases.repository.ts';
import * as repo from './csat.repository.ts';
import type { CaseRating, RatingLink } from './csat.schemas.ts';
import { serviceError } from './service.errors.ts';

/** How long the links in a rating mail work. */
export const CSAT_LINK_DAYS = 30;
export const CSAT_CONSUMER = 'service.csat';
const DAY_MS = 86_400_000;

/** A signed rating token: `<caseId>.<expiry, unix seconds>.<HMAC>`, all URL-safe. */
export function signRatingToken(secret: string, caseId: string, expiresAtMs: number): string {
  const exp = Math.floor(expiresAtMs / 1000).toString();
  return `${caseId}.${exp}.${mac(secret, caseId, exp)}`;
}

const mac = (secret: string, caseId: string, exp: string) =>
  createHmac('sha256', secret).update(`csat:${caseId}:${exp}`).digest('base64url');

/** The case a token names, or why it is refused: `invalid` (not ours, or changed) or `expired`. */
export function verifyRatingToken(
  secret: string,
  token: string,
  atMs: number,
): { ok: true; caseId: string; expiresAt: string } | { ok: false; reason: 'invalid' | 'expired' } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [caseId, exp, sig] = parts as [string, string, string];
  if (!caseId || !/^\d{1,12}$/.test(exp)) return { ok: false, reason: 'invalid' };
  const want = Buffer.from(mac(secret, caseId, exp));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'invalid' };
  const expiresMs = Number(exp) * 1000;
  if (atMs > expiresMs) return { ok: false, reason: 'expired' };
  return { ok: true, caseId, expiresAt: new Date(expiresMs).toISOString() };
}

export interface CsatDeps {
  database: Database;
  events: EventBus;
  mailer: Mailer;
  people: PeopleService;
  workspace: WorkspaceService;
  /** The server secret (RAPPORT_SECRET): it signs the links. */
  secret: string;
}

const linkInvalid = () =>
  serviceError(
    'csat.link_invalid',
    'Link not valid',
    'This rating link is not valid. Use the link from the email exactly as it was sent.',
  );

/** Reads people's addresses on the mail's behalf (visibility all), never writes. */
const readerCtx: Ctx = {
  actor: {
    kind: 'user',
    id: 'service.csat',
    name: 'Customer satisfaction',
    email: 'csat@localhost',
    roleId: 'system',
    roleKey: 'system',
    policy: { objects: { people: ['read'] }, visibility: { people: 'all' }, fields: {} },
    teamIds: [],
  },
  requestId: 'csat',
  ip: null,
};

export class CsatService {
  readonly #d: CsatDeps;

  constructor(deps: CsatDeps) {
    this.#d = deps;
  }

  /** Mails a rating request for every resolution; call once, before events are published. */
  subscribe(events: EventBus): void {
    events.subscribe(CSAT_CONSUMER, ['case.status_changed'], async (e) => {
      if (e.payload.resolution !== true) return;
      await this.requestRating(e.eventId, String(e.payload.recordId));
    });
  }

  /**
   * Mails the rating request of one resolution, once per event (a redelivery finds its row). Nothing is sent when the
   * case has no person with an email, was rated already, or is no longer resolved (reopened before the mail went).
   */
  async requestRating(eventId: string, caseId: string): Promise<boolean> {
    return this.#d.database.db.transaction().execute(async (trx) => {
      const at = now();
      const expiresAt = new Date(Date.parse(at) + CSAT_LINK_DAYS * DAY_MS).toISOString();
      if (!(await repo.claimRequest(trx, { event_id: eventId, case_id: caseId, sent_at: at, expires_at: expiresAt })))
        return false;
      const row = await cases.findRow(trx, caseId);
      if (!row || row.deleted_at || !row.person_id || (row.status !== 'resolved' && row.status !== 'closed'))
        return false;
      if (await repo.findRating(trx, caseId)) return false;
      const [person] = await this.#d.people.getMany(readerCtx, [row.person_id], trx);
      const to = person?.emails?.[0]?.email;
      if (!person || !to) return false;
      const token = signRatingToken(this.#d.secret, caseId, Date.parse(expiresAt));
      const workspace = await this.#d.workspace.get(trx);
      await this.#d.mailer.send(trx, {
        to,
        template: 'case-rating',
        data: {
          name: [person.firstName, person.lastName].filter(Boolean).join(' '),
          reference: row.reference,
          subject: row.subject,
          workspace: workspace.name,
          days: CSAT_LINK_DAYS,
          links: [1, 2, 3, 4, 5].map((score) => this.#d.mailer.link('/portal/rate', { token, score: String(score) })),
        },
      });
      return true;
    });
  }

  /** What the public rating page shows for a token (refused: tampered 400, expired 410, case gone 404). */
  async link(token: string): Promise<RatingLink> {
    const v = this.#verify(token);
    const row = await cases.findRow(this.#d.database.db, v.caseId);
    if (!row || row.deleted_at) throw linkInvalid();
    const rating = await repo.findRating(this.#d.database.db, v.caseId);
    const workspace = await this.#d.workspace.get();
    return {
      reference: row.reference,
      subject: row.subject,
      workspace: workspace.name,
      expiresAt: v.expiresAt,
      rating: rating ? toRating(rating) : null,
    };
  }

  /** Records (or updates) the rating a signed link gives. */
  async rateByLink(token: string, input: { score: number; comment?: string | null }): Promise<RatingLink> {
    const v = this.#verify(token);
    await this.#d.database.db.transaction().execute((trx) => this.#rate(trx, null, v.caseId, input, 'email'));
    return this.link(token);
  }

  /** Records (or updates) a rating from the portal; the caller has checked the case is the customer's. */
  async rateFromPortal(
    ctx: Ctx,
    caseId: string,
    input: { score: number; comment?: string | null },
  ): Promise<CaseRating> {
    return this.#d.database.db.transaction().execute((trx) => this.#rate(trx, ctx, caseId, input, 'portal'));
  }

  async rating(caseId: string, db: Executor = this.#d.database.db): Promise<CaseRating | null> {
    const r = await repo.findRating(db, caseId);
    return r ? toRating(r) : null;
  }

  #verify(token: string) {
    const v = verifyRatingToken(this.#d.secret, token, Date.now());
    if (v.ok) return v;
    if (v.reason === 'expired')
      throw serviceError(
        'csat.link_expired',
        'Link expired',
        `Rating links work for ${CSAT_LINK_DAYS} days. Reply to the email or sign in to the portal to tell us how it went.`,
      );
    throw linkInvalid();
  }

  async #rate(
    trx: Executor,
    ctx: Ctx | null,
    caseId: string,
    input: { score: number; comment?: string | null },
    source: 'email' | 'portal',
  ): Promise<CaseRating> {
    const row = await cases.findRow(trx, caseId);
    if (!row || row.deleted_at) throw linkInvalid();
    if (row.status !== 'resolved' && row.status !== 'closed') {
      throw serviceError(
        'csat.not_resolved',
        'Not resolved yet',
        `${row.reference} is open again, so it cannot be rated until it is resolved.`,
        [{ pointer: '/score', detail: 'the case is not resolved', in: 'body' }],
      );
    }
    const at = now();
    const before = await repo.findRating(trx, caseId);
    const comment =
      input.comment === undefined
        ? (before?.comment ?? null)
        : input.comment === null
          ? null
          : input.comment.trim() || null;
    const saved = before
      ? await repo.updateRating(trx, caseId, { score: input.score, comment, source, updated_at: at })
      : await repo.insertRating(trx, {
          case_id: caseId,
          person_id: row.person_id,
          score: input.score,
          comment,
          source,
          owner_id: row.owner_id,
          team_id: row.team_id,
          channel: row.channel,
          case_type_id: row.case_type_id,
          rated_at: at,
          updated_at: at,
        });
    if (before && before.score === input.score && before.comment === comment) return toRating(saved);
    await this.#d.events.publish(trx, ctx, {
      type: 'case.rated',
      object: 'cases',
      recordId: caseId,
      payload: {
        caseId,
        reference: row.reference,
        score: input.score,
        previousScore: before ? before.score : null,
        firstRatedAt: saved.rated_at,
        hasComment: comment !== null,
        source,
        personId: row.person_id,
        companyId: row.company_id,
        // Counted under the case as it stood when first rated (a change corrects that same rollup).
        ownerId: saved.owner_id,
        teamId: saved.team_id,
        channel: saved.channel,
        caseTypeId: saved.case_type_id,
      },
      timeline: {
        summary: `Case ${row.reference} rated ${input.score}/5${before ? ` (was ${before.score}/5)` : ''}${comment ? `: “${comment.slice(0, 200)}”` : ''}`,
        personId: row.person_id,
        companyId: row.company_id,
        subjectKind: 'cases',
        subjectId: caseId,
        department: 'service',
        at,
      },
    });
    return toRating(saved);
  }
}

function toRating(r: repo.RatingRow): CaseRating {
  return {
    score: Number(r.score),
    comment: r.comment,
    source: r.source as CaseRating['source'],
    ratedAt: r.rated_at,
    updatedAt: r.updated_at,
  };
}
