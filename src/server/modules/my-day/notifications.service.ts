/** In-app notifications: what the top bar's bell shows (reminders, missed promises; later mentions, SLA warnings). */
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { Notification, NotificationKind, NotificationList, NotificationQuery } from './my-day.schemas.ts';
import * as repo from './notifications.repository.ts';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  link?: string | null;
  record?: { object: string; id: string } | null;
}

const toDto = (r: repo.NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  record: r.record_object && r.record_id ? { object: r.record_object, id: r.record_id } : null,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export class NotificationsService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  get #db() {
    return this.#database.db;
  }

  /** Writes notifications with the caller's executor, so they commit with the work that caused them. */
  async notify(db: Executor, items: NewNotification[]): Promise<void> {
    const t = now();
    await repo.insertMany(
      db,
      items.map((n) => ({
        id: newId(),
        user_id: n.userId,
        kind: n.kind,
        title: n.title.slice(0, 300),
        body: n.body ?? null,
        link: n.link ?? null,
        record_object: n.record?.object ?? null,
        record_id: n.record?.id ?? null,
        created_at: t,
        read_at: null,
      })),
    );
  }

  async list(ctx: Ctx, query: NotificationQuery = {}): Promise<NotificationList> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const rows = await repo.listForUser(this.#db, ctx.actor.id, limit, query.unreadOnly === true);
    const unread = await repo.unreadCount(this.#db, ctx.actor.id);
    return { data: rows.map(toDto), unread };
  }

  unreadCount(ctx: Ctx): Promise<number> {
    return repo.unreadCount(this.#db, ctx.actor.id);
  }

  /** Marks one of the actor's notifications read (idempotent); someone else's answers 404. */
  async markRead(ctx: Ctx, id: string): Promise<Notification> {
    return this.#db.transaction().execute(async (trx) => {
      if (!(await repo.findForUser(trx, ctx.actor.id, id))) throw notFound('notifications');
      await repo.markRead(trx, ctx.actor.id, id, now());
      return toDto((await repo.findForUser(trx, ctx.actor.id, id))!);
    });
  }

  async readAll(ctx: Ctx): Promise<{ updated: number }> {
    return { updated: await repo.markAllRead(this.#db, ctx.actor.id, now()) };
  }
}
