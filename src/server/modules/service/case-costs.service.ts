/**
 * What service costs, so "cut service cost by 40%" can be measured: rates (a cost per case by the channel it came in
 * on, and a cost per agent-minute, in one currency) set in Settings, and each case's cost entries: the channel's cost
 * when the case came in (from `case.created`, by an event consumer, once per event) and the time agents log on it at
 * the rate of the day. Every entry publishes `case.cost_recorded`, which the metrics `service.cost` and
 * `service.cost_per_case` count; a later change of rates never rewrites what was already costed.
 */
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { staleVersion, validation } from '../../platform/errors.ts';
import type { DeliveredEvent, EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import { userNames } from '../identity/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { CaseCosts, CostRates, CostRatesView, LogTime } from './case-costs.schemas.ts';
import type { CasesService } from './cases.service.ts';

const RATES_ID = 'default';
export const CASE_COSTS_CONSUMER = 'service.case_costs';

export interface CaseCostsDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  cases: CasesService;
}

export class CaseCostsService {
  readonly #d: CaseCostsDeps;

  constructor(deps: CaseCostsDeps) {
    this.#d = deps;
  }

  /** Costs each new case at its channel's rate (after the case's transaction commits, once per event). */
  subscribe(events: EventBus): void {
    events.subscribe(CASE_COSTS_CONSUMER, ['case.created'], (e) => this.costNewCase(e));
  }

  async rates(db: Executor = this.#d.database.db): Promise<CostRatesView> {
    const row = await db.selectFrom('service_cost_rates').selectAll().where('id', '=', RATES_ID).executeTakeFirst();
    if (!row) {
      const ws = await this.#d.workspace.get(db);
      return {
        currency: ws.defaultCurrency,
        agentMinuteMinor: 0,
        channels: {},
        configured: false,
        version: 0,
        updatedAt: null,
      };
    }
    return {
      currency: row.currency,
      agentMinuteMinor: row.agent_minute_minor,
      channels: JSON.parse(row.channels) as CostRates['channels'],
      configured: true,
      version: row.version,
      updatedAt: row.updated_at,
    };
  }

  /** Replaces the rates (settings update), audited; If-Match guards a concurrent edit. */
  async setRates(ctx: Ctx, input: CostRates, ifMatch?: number): Promise<CostRatesView> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#d.database.db.transaction().execute(async (trx) => {
      const before = await this.rates(trx);
      if (ifMatch !== undefined && ifMatch !== before.version) throw staleVersion(before.version);
      const values = {
        currency: input.currency.toUpperCase(),
        agent_minute_minor: input.agentMinuteMinor,
        channels: JSON.stringify(input.channels),
        updated_at: now(),
      };
      if (before.configured) {
        await trx
          .updateTable('service_cost_rates')
          .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
          .where('id', '=', RATES_ID)
          .execute();
      } else {
        await trx
          .insertInto('service_cost_rates')
          .values({ id: RATES_ID, ...values })
          .execute();
      }
      const after = await this.rates(trx);
      const strip = ({ configured: _c, version: _v, updatedAt: _u, ...r }: CostRatesView) => r;
      await recordAudit(trx, ctx, {
        action: before.configured ? 'update' : 'create',
        object: 'service_cost_rates',
        recordId: RATES_ID,
        changes: diff(strip(before), strip(after)),
      });
      return after;
    });
  }

  /** A case's cost entries (the reader must be able to see the case), newest first, with their total. */
  async list(ctx: Ctx, caseId: string): Promise<CaseCosts> {
    await this.#d.cases.get(ctx, caseId);
    const db = this.#d.database.db;
    const rows = await db
      .selectFrom('case_costs')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const names = await userNames(
      db,
      rows.map((r) => r.user_id),
    );
    const rates = await this.rates(db);
    return {
      data: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        user: r.user_id ? { id: r.user_id, name: names.get(r.user_id) ?? '' } : null,
        minutes: r.minutes,
        costMinor: r.cost_minor,
        currency: r.currency,
        note: r.note,
        at: r.at,
      })),
      minutes: rows.reduce((n, r) => n + (r.minutes ?? 0), 0),
      totalMinor: rows.reduce((n, r) => n + r.cost_minor, 0),
      currency: rows[0]?.currency ?? rates.currency,
    };
  }

  /** Minutes the actor spent on a case they may update, costed at today's agent-minute rate. */
  async logTime(ctx: Ctx, caseId: string, input: LogTime): Promise<CaseCosts> {
    assertCan(ctx.actor, 'cases', 'update');
    const c = await this.#d.cases.get(ctx, caseId);
    const at = input.at ? new Date(input.at).toISOString() : now();
    if (Date.parse(at) > Date.now() + 5 * 60_000) {
      throw validation([{ pointer: '/at', detail: 'is in the future', in: 'body' }]);
    }
    await this.#d.database.db.transaction().execute(async (trx) => {
      const rates = await this.rates(trx);
      const cost = input.minutes * rates.agentMinuteMinor;
      const note = input.note?.trim() || null;
      await this.#record(trx, ctx, {
        caseId: c.id,
        reference: c.reference,
        channel: c.channel,
        caseTypeId: c.caseTypeId,
        teamId: c.teamId,
        kind: 'time',
        userId: ctx.actor.id,
        minutes: input.minutes,
        cost,
        currency: rates.currency,
        note,
        at,
        sourceEventId: null,
        summary: `Case ${c.reference}: ${input.minutes} min logged${note ? ` (${note})` : ''}`,
      });
    });
    return this.list(ctx, caseId);
  }

  /** The event consumer's handler: a new case costs its channel's rate; a redelivered event adds nothing. */
  async costNewCase(e: DeliveredEvent): Promise<void> {
    const p = e.payload;
    const caseId = typeof p.caseId === 'string' ? p.caseId : e.payload.recordId;
    const channel = typeof p.channel === 'string' ? p.channel : null;
    await this.#d.database.db.transaction().execute(async (trx) => {
      const rates = await this.rates(trx);
      const cost = channel ? (rates.channels[channel as keyof CostRates['channels']] ?? 0) : 0;
      if (cost <= 0) return;
      const seen = await trx
        .selectFrom('case_costs')
        .select('id')
        .where('source_event_id', '=', e.eventId)
        .executeTakeFirst();
      if (seen) return;
      await this.#record(trx, null, {
        caseId,
        reference: typeof p.reference === 'string' ? p.reference : '',
        channel,
        caseTypeId: typeof p.caseTypeId === 'string' ? p.caseTypeId : null,
        teamId: typeof p.teamId === 'string' ? p.teamId : null,
        kind: 'channel',
        userId: typeof p.ownerId === 'string' ? p.ownerId : null,
        minutes: null,
        cost,
        currency: rates.currency,
        note: null,
        at: typeof p.openedAt === 'string' ? p.openedAt : e.payload.at,
        sourceEventId: e.eventId,
        summary: `Case ${p.reference ?? ''}: came in by ${channel}`,
      });
    });
  }

  async #record(
    trx: Executor,
    ctx: Ctx | null,
    x: {
      caseId: string;
      reference: string;
      channel: string | null;
      caseTypeId: string | null;
      teamId: string | null;
      kind: 'channel' | 'time';
      userId: string | null;
      minutes: number | null;
      cost: number;
      currency: string;
      note: string | null;
      at: string;
      sourceEventId: string | null;
      summary: string;
    },
  ): Promise<void> {
    const id = newId();
    await trx
      .insertInto('case_costs')
      .values({
        id,
        case_id: x.caseId,
        kind: x.kind,
        user_id: x.userId,
        minutes: x.minutes,
        cost_minor: x.cost,
        currency: x.currency,
        note: x.note,
        at: x.at,
        source_event_id: x.sourceEventId,
        created_at: now(),
      })
      .execute();
    await this.#d.events.publish(trx, ctx, {
      type: 'case.cost_recorded',
      object: 'cases',
      recordId: x.caseId,
      payload: {
        caseId: x.caseId,
        reference: x.reference,
        costId: id,
        kind: x.kind,
        minutes: x.minutes,
        costMinor: x.cost,
        currency: x.currency,
        channel: x.channel,
        caseTypeId: x.caseTypeId,
        userId: x.userId,
        teamId: x.teamId,
        costAt: x.at,
      },
      // Time logged is the case's own history; the customer's timeline keeps to what the customer saw.
      ...(x.kind === 'time'
        ? {
            timeline: {
              summary: x.summary,
              subjectKind: 'cases',
              subjectId: x.caseId,
              department: 'service' as const,
              at: x.at,
            },
          }
        : {}),
    });
  }
}
