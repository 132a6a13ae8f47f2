/**
 * What a customer does to their own request besides replying: close it themself (a request they no longer need, or
 * one their own reading solved), and rate it once resolved (CSAT, the same rating the emailed link gives). Both go
 * through the portal's ownership check first, so another customer's request is 404.
 */
import type { Database } from '../../db/database.ts';
import type { EventBus } from '../../platform/events.ts';
import type { CaseMessagesService, CaseRating, CasesService, CsatService } from '../service/index.ts';
import { portalError } from './portal.errors.ts';
import type { PortalRequestDetail } from './portal.schemas.ts';
import type { PortalService } from './portal.service.ts';
import type { PortalCustomer } from './portal-auth.service.ts';

type Req = { requestId: string; ip: string | null };

export interface PortalRequestsDeps {
  database: Database;
  events: EventBus;
  portal: PortalService;
  cases: CasesService;
  messages: CaseMessagesService;
  csat: CsatService;
}

export class PortalRequestsService {
  readonly #d: PortalRequestsDeps;

  constructor(deps: PortalRequestsDeps) {
    this.#d = deps;
  }

  /**
   * Closes the customer's request (already closed: nothing changes). `portal.request_closed` says whether an agent
   * had replied before: closed with no agent reply is the request a customer solved themself (self-service share).
   */
  async close(c: PortalCustomer, req: Req, id: string): Promise<PortalRequestDetail> {
    const { ctx, request: k } = await this.#d.portal.own(c, req, id);
    if (k.status !== 'closed') {
      const thread = await this.#d.messages.thread(id, { publicOnly: true });
      const agentReplied = thread.some((m) => m.direction === 'out');
      await this.#d.cases.update(ctx, id, { status: 'closed' });
      await this.#d.database.db.transaction().execute((trx) =>
        this.#d.events.publish(trx, ctx, {
          type: 'portal.request_closed',
          object: 'cases',
          recordId: id,
          payload: {
            caseId: id,
            personId: c.personId,
            companyId: k.companyId,
            fromStatus: k.status,
            agentReplied,
            channel: k.channel,
            caseTypeId: k.caseTypeId,
          },
        }),
      );
    }
    return this.#d.portal.getRequest(c, req, id);
  }

  async rating(c: PortalCustomer, req: Req, id: string): Promise<{ rating: CaseRating | null; canRate: boolean }> {
    const { request: k } = await this.#d.portal.own(c, req, id);
    return { rating: await this.#d.csat.rating(id), canRate: k.status === 'resolved' || k.status === 'closed' };
  }

  async rate(
    c: PortalCustomer,
    req: Req,
    id: string,
    input: { score: number; comment?: string | null },
  ): Promise<{ rating: CaseRating | null; canRate: boolean }> {
    const { ctx, request: k } = await this.#d.portal.own(c, req, id);
    if (k.status !== 'resolved' && k.status !== 'closed') {
      throw portalError('portal.not_resolved', 'Not resolved yet', 'A request can be rated once it is resolved.', [
        { pointer: '/score', detail: 'the request is not resolved yet', in: 'body' },
      ]);
    }
    return { rating: await this.#d.csat.rateFromPortal(ctx, id, input), canRate: true };
  }
}
