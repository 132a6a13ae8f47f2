/**
 * The reminder job: turns due task reminders, due promise reminders and newly overdue promises into notifications
 * for their assignee or owner. Each item is claimed with a conditional UPDATE (… WHERE reminded_at IS NULL) in the
 * same transaction that writes its notification, so running twice, or on several app instances at once, notifies once.
 *
 * Bounded whatever the date: a pass claims at most `batchSize` items of each kind, each kind in its own short
 * transaction, so a backlog (a server that was down for a week, a dataset whose dates lie far behind the clock) is
 * worked off in small steps (the next pass follows at once while a batch came back full) instead of one
 * transaction holding thousands of rows while requests wait. The claims read partial indexes of the unclaimed items.
 */
import type { Database } from '../../db/database.ts';
import type { JobContext, JobResult } from '../../platform/jobs/index.ts';
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
  /** The job's idea of now (default the wall clock); the benchmark gives it the dataset's clock. */
  clock?: () => Date;
  /** Most items of each kind one pass claims (default 100). */
  batchSize?: number;
}

export interface RemindersResult {
  taskReminders: number;
  promiseReminders: number;
  overduePromises: number;
}

export class RemindersJob {
  readonly #d: RemindersDeps;
  readonly #clock: () => Date;
  readonly #batch: number;
  #running: Promise<RemindersResult> | undefined;
  /** The last pass filled a batch of some kind: more may be waiting. */
  #backlog = false;

  constructor(deps: RemindersDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? (() => new Date());
    this.#batch = deps.batchSize ?? 100;
  }

  /** One pass at `at` (default the job's clock). Concurrent calls in this process share the pass in flight. */
  run(at: Date = this.#clock()): Promise<RemindersResult> {
    this.#running ??= this.#runOnce(at.toISOString()).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runOnce(at: string): Promise<RemindersResult> {
    const { tasks, promises, notifications } = this.#d;
    const db = this.#d.database.db;
    const tz = (await this.#d.workspace.get(db)).timezone;
    const limit = this.#batch;
    // One short transaction per kind: the claim and its notifications commit together.
    const taskPass = await db.transaction().execute(async (trx) => {
      const out: NewNotification[] = [];
      const taskReminders = await tasks.claimReminders(trx, at, limit);
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
      await notifications.notify(trx, out);
      return { claimed: taskReminders.length, notified: out.length };
    });
    const promisePass = await db.transaction().execute(async (trx) => {
      const out: NewNotification[] = [];
      // A promise already past due gets the overdue prompt below instead of a "due soon" reminder.
      const claimed = await promises.claimReminders(trx, at, limit);
      const promiseReminders = claimed.filter((p) => p.dueAt >= at);
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
      await notifications.notify(trx, out);
      return { claimed: claimed.length, notified: out.length };
    });
    const overduePass = await db.transaction().execute(async (trx) => {
      const out: NewNotification[] = [];
      const overdue = await promises.claimOverdue(trx, at, limit);
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
      return { claimed: overdue.length, notified: out.length };
    });
    this.#backlog = [taskPass, promisePass, overduePass].some((p) => p.claimed >= limit);
    return {
      taskReminders: taskPass.notified,
      promiseReminders: promisePass.notified,
      overduePromises: overduePass.notified,
    };
  }

  /**
   * The recurring job's handler (scheduled every minute on the job runner, so one instance runs each pass): passes
   * follow each other while the last one filled a batch, so a backlog is worked off in small transactions, reporting
   * progress between them (which keeps the runner's lease) and stopping when the runner does.
   */
  async runJob(job: Pick<JobContext, 'progress' | 'signal'>, maxPasses = 100): Promise<JobResult> {
    let notified = 0;
    let passes = 0;
    do {
      const r = await this.run();
      notified += r.taskReminders + r.promiseReminders + r.overduePromises;
      passes++;
      await job.progress(passes, null, `${notified} notifications`);
    } while (this.#backlog && passes < maxPasses && !job.signal.aborted);
    return { message: `${notified} notifications in ${passes} passes` };
  }
}
