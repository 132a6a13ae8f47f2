/**
 * Self-service measured honestly. Every portal visit (one browser's activity without a 30-minute gap, signed in or
 * anonymous) records what it did: searches, articles read, "this answered my question" yes/no, a request raised.
 * Once the follow-up window has passed (7 days by default) a visit is judged: it is **deflected** when it searched or
 * read articles, raised no request, was not answered "no" without a later "yes", and — for a signed-in customer — no
 * case was opened for that person on any channel from the visit's start to the end of the window. An anonymous visit
 * cannot be followed to other channels: it is judged on the visit alone, and the docs say so. Each judgement is
 * published (`portal.visit_evaluated`) and counted by the self-service metrics.
 */
import type { Database, Executor } from '../../db/database.ts';
import type { PortalVisitsTable } from '../../db/schema.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { CasesService } from '../service/index.ts';
import type { PortalCustomer } from './portal-auth.service.ts';

/** A visit ends after this long without activity. */
export const VISIT_GAP_MINUTES = 30;
/** Default follow-up window: a case within it on any channel means the visit did not deflect it. */
export const DEFLECTION_DAYS = 7;

export type VisitActivity =
  | { kind: 'search' }
  | { kind: 'view'; articleId: string }
  | { kind: 'feedback'; articleId: string; helpful: boolean }
  | { kind: 'request'; caseId: string };

export interface PortalVisitsDeps {
  database: Database;
  events: EventBus;
  cases: CasesService;
  clock?: () => Date;
  deflectionDays?: number;
}

const SYSTEM: Ctx = {
  actor: {
    kind: 'user',
    id: 'portal',
    name: 'Customer portal',
    email: 'portal@localhost',
    roleId: 'portal',
    roleKey: 'portal',
    policy: { objects: { cases: ['read'] }, visibility: { cases: 'all' }, fields: {} },
    teamIds: [],
  },
  requestId: 'portal',
  ip: null,
};

export class PortalVisitsService {
  readonly #d: PortalVisitsDeps;
  clock: () => Date;
  readonly deflectionDays: number;

  constructor(deps: PortalVisitsDeps) {
    this.#d = deps;
    this.clock = deps.clock ?? (() => new Date());
    this.deflectionDays = deps.deflectionDays ?? DEFLECTION_DAYS;
  }

  get #db() {
    return this.#d.database.db;
  }

  /** Records one thing a visitor did, in their current visit (a new one after a 30-minute gap). */
  async record(visitorId: string, customer: PortalCustomer | null, activity: VisitActivity): Promise<void> {
    const at = this.clock().toISOString();
    const since = new Date(this.clock().getTime() - VISIT_GAP_MINUTES * 60_000).toISOString();
    await this.#db.transaction().execute(async (trx) => {
      let visit = await trx
        .selectFrom('portal_visits')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('last_at', '>=', since)
        .orderBy('last_at', 'desc')
        .executeTakeFirst();
      if (!visit) {
        visit = {
          id: newId(),
          visitor_id: visitorId,
          portal_user_id: null,
          person_id: null,
          started_at: at,
          last_at: at,
          searches: 0,
          article_views: 0,
          helpful_yes: 0,
          helpful_no: 0,
          request_case_id: null,
          evaluated_at: null,
          deflected: null,
        };
        await trx.insertInto('portal_visits').values(visit).execute();
      }
      const patch: Partial<PortalVisitsTable> = { last_at: at };
      if (customer) {
        patch.portal_user_id = customer.portalUserId;
        patch.person_id = customer.personId;
      }
      if (activity.kind === 'search') patch.searches = visit.searches + 1;
      if (activity.kind === 'view') patch.article_views = visit.article_views + 1;
      if (activity.kind === 'feedback') {
        if (activity.helpful) patch.helpful_yes = visit.helpful_yes + 1;
        else patch.helpful_no = visit.helpful_no + 1;
      }
      if (activity.kind === 'request') patch.request_case_id = activity.caseId;
      await trx.updateTable('portal_visits').set(patch).where('id', '=', visit.id).execute();
      if (activity.kind === 'feedback') {
        await this.#d.events.publish(trx, null, {
          type: 'portal.article_feedback',
          object: 'articles',
          recordId: activity.articleId,
          payload: { articleId: activity.articleId, helpful: activity.helpful, personId: customer?.personId ?? null },
        });
      }
    });
  }

  /** Judges every visit whose follow-up window has passed; answers how many were judged. */
  async evaluateDue(limit = 500): Promise<number> {
    const now = this.clock();
    const windowMs = this.deflectionDays * 86_400_000;
    const due = await this.#db
      .selectFrom('portal_visits')
      .selectAll()
      .where('evaluated_at', 'is', null)
      .where('last_at', '<=', new Date(now.getTime() - windowMs).toISOString())
      .orderBy('last_at')
      .limit(limit)
      .execute();
    for (const v of due) {
      const selfServed = v.searches > 0 || v.article_views > 0;
      const end = new Date(Date.parse(v.last_at) + windowMs).toISOString();
      const laterCase = v.person_id ? await this.#caseOpened(v.person_id, v.started_at, end) : false;
      const answered = v.helpful_yes > 0 || v.helpful_no === 0;
      const deflected = selfServed && v.request_case_id === null && answered && !laterCase;
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .updateTable('portal_visits')
          .set({ evaluated_at: now.toISOString(), deflected: deflected ? 1 : 0 })
          .where('id', '=', v.id)
          .where('evaluated_at', 'is', null)
          .execute();
        await this.#publish(trx, v, selfServed, deflected, laterCase);
      });
    }
    return due.length;
  }

  async #caseOpened(personId: string, from: string, to: string): Promise<boolean> {
    const page = await this.#d.cases.list(SYSTEM, {
      filter: [`personId:eq:${personId}`, `openedAt:gte:${from}`, `openedAt:lte:${to}`],
      limit: 1,
    });
    return page.data.length > 0;
  }

  async #publish(
    trx: Executor,
    v: PortalVisitsTable,
    selfServed: boolean,
    deflected: boolean,
    laterCase: boolean,
  ): Promise<void> {
    await this.#d.events.publish(trx, null, {
      type: 'portal.visit_evaluated',
      object: 'portal_visits',
      recordId: v.id,
      payload: {
        visitId: v.id,
        at: v.started_at,
        personId: v.person_id,
        signedIn: v.portal_user_id !== null,
        selfServed,
        deflected,
        requestRaised: v.request_case_id !== null,
        caseWithinWindow: laterCase,
        articleViews: v.article_views,
        searches: v.searches,
      },
    });
  }
}
