/**
 * The reminder job: turns due task reminders, due promise reminders and newly overdue promises into notifications
 * for their assignee or owner. Each item is claimed with a conditional UPDATE (… WHERE reminded_at IS NULL) in the
 * same transaction that writes its notification, so running twice, or on several app instances at once, notifies once.
 */
import type { Database } from '../../db/database.ts';
import type { PromisesService } from '../promises/index.ts';
import { shortDate, type TasksService } from '../tasks/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { NewNotification, NotificationsService } from './notifications.service.ts';

export interface RemindersDeps {
  database: Database;
  workspace: WorkspaceService;
  tasks: TasksService;
  promises: PromisesService;
  notifications: NotificationsService;
}

export interface RemindersResult {
  taskReminders: number;
  promiseReminders: number;
  overduePromises: number;
}

export class RemindersJob {
  readonly #d: RemindersDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RemindersResult> | undefined;

  constructor(deps: RemindersDeps) {
    this.#d = deps;
  }

  /** One pass at `at` (default now). Concurrent calls in this process share the pass in flight. */
  run(at: Date = new Date()): Promise<RemindersResult> {
    this.#running ??= this.#runOnce(at.toISOString()).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runOnce(at: string): Promise<RemindersResult> {
    const { tasks, promises, notifications } = this.#d;
    return this.#d.database.db.transaction().execute(async (trx) => {
      const tz = (await this.#d.workspace.get(trx)).timezone;
      const out: NewNotification[] = [];
      const taskReminders = await tasks.claimReminders(trx, at);
      for (const t of taskReminders) {
        if (!t.assigneeId) continue;
        out.push({
          userId: t.assigneeId,
          kind: 'task_reminder',
          title: `Reminder: ${t.title}`,
          body: t.dueAt ? `Due ${shortDate(t.dueAt, tz)}` : null,
          link: `/tasks/${t.id}`,
          record: { object: 'tasks', id: t.id },
        });
      }
      // A promise already past due gets the overdue prompt below instead of a "due soon" reminder.
      const promiseReminders = (await promises.claimReminders(trx, at)).filter((p) => p.dueAt >= at);
      for (const p of promiseReminders) {
        out.push({
          userId: p.ownerId,
          kind: 'promise_reminder',
          title: `Promise due ${shortDate(p.dueAt, tz)}: ${p.description}`,
          body: `To ${p.customerName}`,
          link: `/promises/${p.id}`,
          record: { object: 'promises', id: p.id },
        });
      }
      const overdue = await promises.claimOverdue(trx, at);
      for (const p of overdue) {
        out.push({
          userId: p.ownerId,
          kind: 'promise_overdue',
          title: `Missed promise to ${p.customerName}: tell the customer`,
          body: `${p.description} (was due ${shortDate(p.dueAt, tz)})`,
          link: `/promises/${p.id}`,
          record: { object: 'promises', id: p.id },
        });
      }
      await notifications.notify(trx, out);
      return {
        taskReminders: taskReminders.filter((t) => t.assigneeId).length,
        promiseReminders: promiseReminders.length,
        overduePromises: overdue.length,
      };
    });
  }

  /** Runs in the background every `intervalMs` (default a minute) until stop(); the timer does not hold the process. */
  start(intervalMs = 60_000): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.run().catch(() => {});
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }
}
