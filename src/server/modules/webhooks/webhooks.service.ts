/**
 * Outgoing webhooks. Admins register endpoints; the `webhooks` outbox consumer turns every event an endpoint subscribed
 * to into a delivery row (once per event and endpoint: the outbox is at-least-once), and the dispatcher sends due
 * deliveries signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retrying failures
 * on a schedule that spans more than 24 hours. A delivery that fails its last attempt switches its endpoint off and
 * tells the admins; an admin re-enables it with PATCH and can replay any delivery.
 */
import { randomBytes } from 'node:crypto';
import { Webhook as Signer } from 'standardwebhooks';
import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { assertCan, redactEventPayload } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { notFound, validation } from '../../platform/errors.ts';
import type { DeliveredEvent, EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../my-day/index.ts';
import * as repo from './webhooks.repository.ts';
import type { CreatedWebhook, CreateWebhook, Delivery, UpdateWebhook, Webhook } from './webhooks.schemas.ts';
import { type AttemptResult, deliver, urlProblem } from './webhooks.send.ts';

/**
 * Delay before each retry (after attempt 1, 2, …): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. Eight attempts in all;
 * the last one about 27.6 hours after the first.
 */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export interface WebhooksDeps {
  database: Database;
  events: EventBus;
  identity: IdentityService;
  notifications: NotificationsService;
  allowPrivate: boolean;
  retryScheduleMs?: number[];
  timeoutMs?: number;
}

const endpointDto = (r: repo.EndpointRow): Webhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: JSON.parse(r.events) as string[],
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();

export class WebhooksService {
  readonly #d: WebhooksDeps;
  readonly #schedule: number[];
  #draining: Promise<number> | undefined;

  constructor(deps: WebhooksDeps) {
    this.#d = deps;
    this.#schedule = deps.retryScheduleMs ?? RETRY_SCHEDULE_MS;
    deps.events.subscribe('webhooks', '*', (event) => this.#enqueue(event));
  }

  get #db() {
    return this.#d.database.db;
  }

  #checkUrl(url: string, pointer: string): void {
    const problem = urlProblem(url, this.#d.allowPrivate);
    if (problem) throw validation([{ pointer, detail: problem, in: 'body' }]);
  }

  // ---------- endpoints ----------

  async list(ctx: Ctx): Promise<{ data: Webhook[] }> {
    assertCan(ctx.actor, 'settings', 'update');
    return { data: (await repo.listEndpoints(this.#db)).map(endpointDto) };
  }

  async get(ctx: Ctx, id: string): Promise<Webhook> {
    assertCan(ctx.actor, 'settings', 'update');
    const row = await repo.findEndpoint(this.#db, id);
    if (!row) throw notFound('webhooks');
    return endpointDto(row);
  }

  async create(ctx: Ctx, input: CreateWebhook): Promise<CreatedWebhook> {
    assertCan(ctx.actor, 'settings', 'update');
    this.#checkUrl(input.url, '/url');
    const t = now();
    const row: repo.EndpointRow = {
      id: newId(),
      url: input.url,
      description: input.description ?? null,
      events: JSON.stringify(input.events),
      secret: `whsec_${randomBytes(24).toString('base64')}`,
      enabled: 1,
      disabled_reason: null,
      created_by: ctx.actor.id,
      created_at: t,
      updated_at: t,
    };
    await this.#db.transaction().execute(async (trx) => {
      await repo.insertEndpoint(trx, row);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'webhooks',
        recordId: row.id,
        meta: { url: row.url, events: input.events },
      });
    });
    return { ...endpointDto(row), secret: row.secret };
  }

  async update(ctx: Ctx, id: string, input: UpdateWebhook): Promise<Webhook> {
    assertCan(ctx.actor, 'settings', 'update');
    if (input.url !== undefined) this.#checkUrl(input.url, '/url');
    return this.#db.transaction().execute(async (trx) => {
      const row = await repo.findEndpoint(trx, id);
      if (!row) throw notFound('webhooks');
      const set: Partial<repo.EndpointRow> = { updated_at: now() };
      if (input.url !== undefined) set.url = input.url;
      if (input.events !== undefined) set.events = JSON.stringify(input.events);
      if (input.description !== undefined) set.description = input.description;
      if (input.enabled !== undefined) {
        set.enabled = input.enabled ? 1 : 0;
        set.disabled_reason = input.enabled ? null : 'Switched off by an admin';
      }
      await repo.updateEndpoint(trx, id, set);
      await recordAudit(trx, ctx, { action: 'update', object: 'webhooks', recordId: id, meta: { ...input } });
      return endpointDto((await repo.findEndpoint(trx, id))!);
    });
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'settings', 'update');
    await this.#db.transaction().execute(async (trx) => {
      if (!(await repo.findEndpoint(trx, id))) throw notFound('webhooks');
      await repo.deleteEndpoint(trx, id);
      await recordAudit(trx, ctx, { action: 'delete', object: 'webhooks', recordId: id });
    });
  }

  // ---------- deliveries ----------

  async deliveries(ctx: Ctx, id: string, limit = 50): Promise<{ data: Delivery[] }> {
    assertCan(ctx.actor, 'settings', 'update');
    if (!(await repo.findEndpoint(this.#db, id))) throw notFound('webhooks');
    const rows = await repo.listDeliveries(this.#db, id, Math.min(Math.max(limit, 1), 200));
    return { data: await this.#deliveryDtos(rows) };
  }

  async #deliveryDtos(rows: repo.DeliveryRow[]): Promise<Delivery[]> {
    const attempts = await repo.attemptsOf(
      this.#db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      type: r.event_type,
      status: r.status as Delivery['status'],
      attempts: r.attempts,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      replayOf: r.replay_of,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      log: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({ at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
    }));
  }

  /** Queues the same event again for the endpoint, as a new delivery sent at the next drain. */
  async replay(ctx: Ctx, id: string, deliveryId: string): Promise<Delivery> {
    assertCan(ctx.actor, 'settings', 'update');
    const row = await this.#db.transaction().execute(async (trx) => {
      if (!(await repo.findEndpoint(trx, id))) throw notFound('webhooks');
      const original = await repo.findDelivery(trx, id, deliveryId);
      if (!original) throw notFound('webhook_deliveries');
      const t = now();
      const copy = {
        id: newId(),
        endpoint_id: id,
        event_id: original.event_id,
        event_type: original.event_type,
        body: original.body,
        status: 'pending',
        next_attempt_at: t,
        lease_until: null,
        last_status_code: null,
        last_error: null,
        replay_of: original.id,
        created_at: t,
        delivered_at: null,
      };
      await repo.insertDelivery(trx, copy);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'webhooks',
        recordId: id,
        meta: { deliveryId: original.id, replayId: copy.id },
      });
      return (await repo.findDelivery(trx, id, copy.id))!;
    });
    return (await this.#deliveryDtos([row]))[0]!;
  }

  /**
   * The outbox consumer: one pending delivery per subscribed endpoint, once per event. Field rules apply as the event
   * leaves: each endpoint gets the payload as the user who registered it may read it now (hidden fields and their
   * before/after values removed), and nothing about an object that user's role may not read.
   */
  async #enqueue(event: DeliveredEvent): Promise<void> {
    // Readers resolved before the transaction (SQLite has one connection: no reads beside an open transaction).
    const subscribed = await repo.endpointsFor(this.#db, event.type);
    if (subscribed.length === 0) return;
    const bodies = new Map<string, string | undefined>();
    for (const e of subscribed) {
      const reader = e.created_by ? await this.#d.identity.actorFor(e.created_by).catch(() => undefined) : undefined;
      const data = reader ? redactEventPayload(reader, event.payload.object, event.payload) : undefined;
      bodies.set(e.id, data && JSON.stringify({ type: event.type, timestamp: event.payload.at, data }));
    }
    await this.#db.transaction().execute(async (trx) => {
      const endpoints = await repo.endpointsFor(trx, event.type);
      if (endpoints.length === 0) return;
      const already = await repo.queuedFor(trx, event.eventId);
      const t = now();
      for (const e of endpoints) {
        const body = bodies.get(e.id);
        if (already.has(e.id) || body === undefined) continue;
        await repo.insertDelivery(trx, {
          id: `msg_${newId()}`,
          endpoint_id: e.id,
          event_id: event.eventId,
          event_type: event.type,
          body,
          status: 'pending',
          next_attempt_at: t,
          lease_until: null,
          last_status_code: null,
          last_error: null,
          replay_of: null,
          created_at: t,
          delivered_at: null,
        });
      }
    });
  }

  /**
   * Sends every due delivery once (claimed with a lease, so instances share them). Returns how many succeeded. The job
   * runner's recurring `webhooks.deliver` calls it every second.
   */
  drain(): Promise<number> {
    this.#draining ??= this.#drainOnce().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drainOnce(): Promise<number> {
    let succeeded = 0;
    for (;;) {
      const claimed = await repo.claimDue(this.#d.database, now(), isoIn(60_000), 20);
      if (claimed.length === 0) return succeeded;
      for (const d of claimed) if (await this.#attempt(d)) succeeded++;
    }
  }

  async #attempt(d: repo.DeliveryRow): Promise<boolean> {
    const endpoint = await repo.findEndpoint(this.#db, d.endpoint_id);
    if (!endpoint) return false;
    const at = new Date();
    const signature = new Signer(endpoint.secret).sign(d.id, at, d.body);
    const result: AttemptResult = await deliver(
      endpoint.url,
      d.body,
      {
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      { allowPrivate: this.#d.allowPrivate, timeoutMs: this.#d.timeoutMs },
    );
    const attempts = d.attempts + 1;
    const ok = result.error === null;
    const last = !ok && attempts > this.#schedule.length;
    const admins = last && endpoint.enabled === 1 ? await this.#adminIds(endpoint) : [];
    await this.#db.transaction().execute(async (trx) => {
      await repo.recordAttempt(trx, {
        id: newId(),
        delivery_id: d.id,
        at: at.toISOString(),
        status_code: result.statusCode,
        error: result.error,
        duration_ms: result.durationMs,
      });
      await repo.updateDelivery(trx, d.id, {
        attempts,
        last_status_code: result.statusCode,
        last_error: result.error,
        lease_until: null,
        status: ok ? 'succeeded' : last ? 'failed' : 'pending',
        delivered_at: ok ? now() : null,
        next_attempt_at: ok || last ? now() : isoIn(this.#schedule[attempts - 1]!),
      });
      if (last && endpoint.enabled === 1) {
        const reason = `Switched off after a delivery failed ${attempts} times over more than a day (last: ${result.error})`;
        await repo.updateEndpoint(trx, endpoint.id, { enabled: 0, disabled_reason: reason, updated_at: now() });
        await this.#notifyAdmins(trx, endpoint, admins, reason);
      }
    });
    return ok;
  }

  /** Active admins, read before the transaction (SQLite has one connection: no reads beside an open transaction). */
  async #adminIds(endpoint: repo.EndpointRow): Promise<string[]> {
    const creator = endpoint.created_by
      ? await this.#d.identity.actorFor(endpoint.created_by).catch(() => undefined)
      : undefined;
    const users = creator
      ? await this.#d.identity.listUsers({ actor: creator, requestId: 'webhooks', ip: null }).catch(() => [])
      : [];
    return users.filter((u) => u.active && u.role.key === 'admin').map((u) => u.id);
  }

  async #notifyAdmins(
    trx: Parameters<NotificationsService['notify']>[0],
    endpoint: repo.EndpointRow,
    admins: string[],
    reason: string,
  ) {
    if (admins.length === 0) return;
    await this.#d.notifications.notify(
      trx,
      admins.map((userId) => ({
        userId,
        kind: 'webhook_disabled' as const,
        title: `Webhook to ${new URL(endpoint.url).host} switched off`,
        body: reason,
        link: '/settings/webhooks',
      })),
    );
  }
}
