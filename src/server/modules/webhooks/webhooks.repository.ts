/** All SQL for the webhook tables. */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';

export type EndpointRow = WebhookEndpointsTable;
export type DeliveryRow = Omit<WebhookDeliveriesTable, 'attempts'> & { attempts: number };

export const listEndpoints = (db: Executor) =>
  db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').limit(500).execute();

export const findEndpoint = (db: Executor, id: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();

export const insertEndpoint = (db: Executor, row: EndpointRow) =>
  db.insertInto('webhook_endpoints').values(row).execute();

export const updateEndpoint = (db: Executor, id: string, set: Partial<EndpointRow>) =>
  db.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();

export async function deleteEndpoint(db: Executor, id: string): Promise<void> {
  const deliveries = db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id);
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
  await db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** Enabled endpoints subscribed to `type` (or to everything). */
export async function endpointsFor(db: Executor, type: string): Promise<EndpointRow[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('enabled', '=', 1).execute();
  return rows.filter((r) => {
    const events = JSON.parse(r.events) as string[];
    return events.includes('*') || events.includes(type);
  });
}

/** First deliveries of an event (not replays) already queued, so a redelivered outbox row does not queue twice. */
export async function queuedFor(db: Executor, eventId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('endpoint_id')
    .where('event_id', '=', eventId)
    .where('replay_of', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.endpoint_id));
}

export const insertDelivery = (db: Executor, row: Omit<WebhookDeliveriesTable, 'attempts'>) =>
  db.insertInto('webhook_deliveries').values(row).execute();

export const findDelivery = (db: Executor, endpointId: string, id: string) =>
  db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<DeliveryRow | undefined>;

export const listDeliveries = (db: Executor, endpointId: string, limit: number) =>
  db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute() as Promise<DeliveryRow[]>;

export const attemptsOf = (db: Executor, deliveryIds: string[]) =>
  deliveryIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', 'in', deliveryIds)
        .orderBy('at')
        .orderBy('id')
        .execute();

/** Claims due deliveries of enabled endpoints with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL). */
export async function claimDue(database: Database, now: string, leaseUntil: string, limit: number) {
  const pick =
    database.dialect === 'postgres'
      ? sql`select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.status = 'pending' and d.next_attempt_at <= ${now} and e.enabled = 1
          order by d.next_attempt_at limit ${limit} for update of d skip locked`
      : sql`select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.status = 'pending' and d.next_attempt_at <= ${now} and e.enabled = 1
          order by d.next_attempt_at limit ${limit}`;
  const res = await sql<DeliveryRow>`update webhook_deliveries set next_attempt_at = ${leaseUntil},
      lease_until = ${leaseUntil} where id in (${pick}) returning *`.execute(database.db);
  return res.rows;
}

export const recordAttempt = (
  db: Executor,
  row: {
    id: string;
    delivery_id: string;
    at: string;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  },
) => db.insertInto('webhook_attempts').values(row).execute();

export const updateDelivery = (db: Executor, id: string, set: Partial<DeliveryRow>) =>
  db.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
