import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { RemindersJob } from './reminders.job.ts';

let t: TestContext;
let owner: TestUser;
let other: TestUser;
let s: Session;
let personId: string;

beforeAll(async () => {
  t = await testApp();
  owner = await createUser(t.services, 'sales', 'North', 'owner');
  other = await createUser(t.services, 'sales', 'North', 'other');
  s = await login(t.app, owner.email);
  personId = (await t.services.people.create(owner.ctx, { firstName: 'Ada', lastName: 'Lovelace' })).id!;
});
afterAll(() => t.close());

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const notificationsOf = (userId: string) =>
  t.db.database.db
    .selectFrom('notifications')
    .select(['kind', 'title', 'body', 'link', 'record_object', 'record_id'])
    .where('user_id', '=', userId)
    .orderBy('title')
    .execute();
const clear = () => t.db.database.db.deleteFrom('notifications').execute();

describe('RemindersJob.run', () => {
  it('notifies due task and promise reminders and overdue promises once, however often it runs', async () => {
    await clear();
    const task = await t.services.tasks.create(owner.ctx, {
      title: 'Chase the signed contract',
      remindAt: inHours(-1),
      dueAt: '2031-12-03T12:00:00Z',
    });
    const later = await t.services.tasks.create(owner.ctx, { title: 'Later', remindAt: inHours(5) });
    await t.services.tasks.create(owner.ctx, { title: 'Handed over', remindAt: inHours(-1), assigneeId: other.id });
    const done = await t.services.tasks.create(owner.ctx, { title: 'Already done', remindAt: inHours(-1) });
    await t.services.tasks.complete(owner.ctx, done.id);
    const dueSoon = await t.services.promises.create(owner.ctx, {
      description: 'send the revised quote',
      personId,
      dueAt: inHours(12), // default reminder 24 h before: already due
    });
    const missed = await t.services.promises.create(owner.ctx, {
      description: 'call back about the refund',
      personId,
      dueAt: inHours(-2),
    });
    const kept = await t.services.promises.create(owner.ctx, { description: 'kept', personId, dueAt: inHours(-3) });
    await t.services.promises.keep(owner.ctx, kept.id);

    const first = await t.services.reminders.run();
    expect(first).toEqual({ taskReminders: 2, promiseReminders: 1, overduePromises: 1 });
    const mine = await notificationsOf(owner.id);
    expect(mine).toEqual([
      {
        kind: 'promise_overdue',
        title: 'Missed promise to Ada Lovelace: tell the customer',
        body: expect.stringMatching(/^call back about the refund \(was due \d{1,2} \w{3}\)$/),
        link: `/promises/${missed.id}`,
        record_object: 'promises',
        record_id: missed.id,
      },
      {
        kind: 'promise_reminder',
        title: expect.stringMatching(/^Promise due \d{1,2} \w{3}: send the revised quote$/),
        body: 'To Ada Lovelace',
        link: `/promises/${dueSoon.id}`,
        record_object: 'promises',
        record_id: dueSoon.id,
      },
      {
        kind: 'task_reminder',
        title: 'Reminder: Chase the signed contract',
        body: 'Due 3 Dec 2031',
        link: `/tasks/${task.id}`,
        record_object: 'tasks',
        record_id: task.id,
      },
    ]);
    expect((await notificationsOf(other.id)).map((n) => n.title)).toEqual(['Reminder: Handed over']);

    // Idempotent: a second run (and a third) creates nothing new.
    expect(await t.services.reminders.run()).toEqual({ taskReminders: 0, promiseReminders: 0, overduePromises: 0 });
    expect(await t.services.reminders.run()).toEqual({ taskReminders: 0, promiseReminders: 0, overduePromises: 0 });
    expect(await notificationsOf(owner.id)).toHaveLength(3);
    expect((await t.services.tasks.get(owner.ctx, task.id)).remindedAt).not.toBeNull();
    expect((await t.services.tasks.get(owner.ctx, later.id)).remindedAt).toBeNull();

    // Time passes: the later task's reminder comes due; the promise due soon becomes overdue and prompts once.
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    expect(await t.services.reminders.run(tomorrow)).toEqual({
      taskReminders: 1,
      promiseReminders: 0,
      overduePromises: 1,
    });
    expect(await t.services.reminders.run(tomorrow)).toEqual({
      taskReminders: 0,
      promiseReminders: 0,
      overduePromises: 0,
    });
  });

  it('gives a promise created past due only the overdue prompt, not a "due" reminder as well', async () => {
    await clear();
    const p = await t.services.promises.create(owner.ctx, {
      description: 'ship the part',
      personId,
      dueAt: inHours(-48),
    });
    await t.services.reminders.run();
    const rows = await notificationsOf(owner.id);
    expect(rows.map((r) => [r.kind, r.record_id])).toEqual([['promise_overdue', p.id]]);
  });

  it('re-arms when the date moves: a renegotiated follow-up is reminded and prompted afresh', async () => {
    await clear();
    const p = await t.services.promises.create(owner.ctx, { description: 'demo', personId, dueAt: inHours(-1) });
    await t.services.reminders.run();
    const { promise: next } = await t.services.promises.renegotiate(owner.ctx, p.id, { newDueAt: inHours(2) });
    await t.services.reminders.run();
    await t.services.reminders.run(new Date(Date.now() + 3 * 3_600_000));
    const rows = await notificationsOf(owner.id);
    expect(rows.map((r) => [r.kind, r.record_id]).sort()).toEqual(
      [
        ['promise_overdue', p.id],
        ['promise_reminder', next.id],
        ['promise_overdue', next.id],
      ].sort(),
    );
  });

  it('notifies once when several app instances run the job at the same moment', async () => {
    await clear();
    for (let i = 0; i < 20; i++) {
      await t.services.tasks.create(owner.ctx, { title: `Parallel ${i}`, remindAt: inHours(-1) });
    }
    const instances = [0, 1, 2].map(
      () =>
        new RemindersJob({
          database: t.services.database,
          workspace: t.services.workspace,
          tasks: t.services.tasks,
          promises: t.services.promises,
          notifications: t.services.notifications,
        }),
    );
    const results = await Promise.all(instances.map((j) => j.run()));
    expect(results.reduce((n, r) => n + r.taskReminders, 0)).toBe(20);
    const titles = (await notificationsOf(owner.id)).map((n) => n.title);
    expect(titles).toHaveLength(20);
    expect(new Set(titles).size).toBe(20);
  });

  it("runs as the job runner's recurring `reminders` schedule, once per due time", async () => {
    await clear();
    const runner = t.services.jobRunner;
    await runner.declareSchedules();
    await t.services.tasks.create(owner.ctx, { title: 'Background', remindAt: inHours(-1) });
    const due = () =>
      t.db.database.db
        .updateTable('job_schedules')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .where('name', '=', 'reminders')
        .execute();
    await due();
    await runner.tick('recurring');
    expect((await notificationsOf(owner.id)).map((n) => n.title)).toEqual(['Reminder: Background']);
    const schedule = await t.db.database.db
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', '=', 'reminders')
      .executeTakeFirstOrThrow();
    expect(Date.parse(schedule.next_run_at)).toBeGreaterThan(Date.now()); // the next minute
    expect(schedule.last_run_at).not.toBeNull();
    const run = await t.db.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('schedule', '=', 'reminders')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', message: '1 notifications in 1 passes' });
    await t.services.tasks.create(owner.ctx, { title: 'Not yet due', remindAt: inHours(-1) });
    await runner.tick('recurring'); // the schedule is not due again yet: nothing runs
    expect(await notificationsOf(owner.id)).toHaveLength(1);
    await due();
    await runner.tick('recurring');
    expect(await notificationsOf(owner.id)).toHaveLength(2);
  });

  it('claims a bounded batch of each kind per pass when the clock is far past a backlog, and catches up in steps', async () => {
    await clear();
    const busy = await createUser(t.services, 'sales', 'North', 'busy');
    for (let i = 0; i < 25; i++) {
      await t.services.tasks.create(busy.ctx, { title: `Backlog ${i}`, remindAt: inHours(-1 - i) });
    }
    for (let i = 0; i < 12; i++) {
      await t.services.promises.create(busy.ctx, { description: `backlog ${i}`, personId, dueAt: inHours(1 + i) });
    }
    // The clock a year and more past every item (a server back after a long stop, or a dataset left behind by time).
    const farAhead = new Date(Date.now() + 400 * 86_400_000);
    const job = new RemindersJob({
      database: t.services.database,
      workspace: t.services.workspace,
      tasks: t.services.tasks,
      promises: t.services.promises,
      notifications: t.services.notifications,
      clock: () => farAhead,
      batchSize: 10,
    });
    const passes = [];
    for (let i = 0; i < 20; i++) {
      const r = await job.run();
      passes.push(r);
      if (r.taskReminders + r.promiseReminders + r.overduePromises === 0) break;
    }
    for (const r of passes) {
      expect(r.taskReminders).toBeLessThanOrEqual(10);
      expect(r.promiseReminders).toBeLessThanOrEqual(10);
      expect(r.overduePromises).toBeLessThanOrEqual(10);
    }
    expect(passes.length).toBeGreaterThanOrEqual(4); // 25 task reminders take three full passes, then an empty one
    const mine = await notificationsOf(busy.id);
    expect(mine.filter((n) => n.kind === 'task_reminder')).toHaveLength(25);
    expect(mine.filter((n) => n.kind === 'promise_overdue')).toHaveLength(12);
    expect(mine.filter((n) => n.kind === 'promise_reminder')).toHaveLength(0); // long past due: the overdue prompt only
    expect(new Set(mine.map((n) => `${n.kind} ${n.record_id}`)).size).toBe(mine.length);
  });

  it('as a job, follows a full batch with the next pass at once instead of a minute later', async () => {
    await clear();
    const lots = await createUser(t.services, 'sales', 'North', 'lots');
    for (let i = 0; i < 12; i++) {
      await t.services.tasks.create(lots.ctx, { title: `Soon ${i}`, remindAt: inHours(-1) });
    }
    const job = new RemindersJob({
      database: t.services.database,
      workspace: t.services.workspace,
      tasks: t.services.tasks,
      promises: t.services.promises,
      notifications: t.services.notifications,
      batchSize: 5,
    });
    const reports: number[] = [];
    const result = await job.runJob({
      progress: async (done) => {
        reports.push(done);
      },
      signal: new AbortController().signal,
    });
    expect(await notificationsOf(lots.id)).toHaveLength(12);
    expect(reports).toEqual([1, 2, 3]); // 5 + 5 + 2: the third batch was not full
    expect(result.message).toBe('12 notifications in 3 passes');
  });
});

describe('notifications routes', () => {
  it('lists mine unread first, marks one read (404 for someone else), then all read', async () => {
    await clear();
    const notify = (userId: string, title: string) =>
      t.services.notifications.notify(t.db.database.db, [{ userId, kind: 'task_reminder', title }]);
    await notify(owner.id, 'first');
    await notify(owner.id, 'second');
    await notify(owner.id, 'third');
    await notify(other.id, 'not yours');
    const list = async () =>
      json<{ data: { id: string; title: string; readAt: string | null }[]; unread: number }>(
        await t.app.inject({ url: '/api/v1/notifications', headers: s.headers }),
      );
    const before = await list();
    expect(before.unread).toBe(3);
    expect(before.data.map((n) => n.title).sort()).toEqual(['first', 'second', 'third']);
    const first = before.data.find((n) => n.title === 'first')!;
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${first.id}/read`,
      headers: s.headers,
    });
    expect(read.statusCode).toBe(200);
    expect(json<{ readAt: string | null }>(read).readAt).not.toBeNull();
    const after = await list();
    expect(after.unread).toBe(2);
    expect(after.data.at(-1)!.title).toBe('first');
    const unreadOnly = json<{ data: unknown[] }>(
      await t.app.inject({ url: '/api/v1/notifications?unreadOnly=true', headers: s.headers }),
    );
    expect(unreadOnly.data).toHaveLength(2);

    const theirs = (await notificationsOf(other.id))[0]!;
    const otherId = (
      await t.db.database.db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', other.id)
        .executeTakeFirstOrThrow()
    ).id;
    expect(theirs.title).toBe('not yours');
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${otherId}/read`,
      headers: s.headers,
    });
    expect(denied.statusCode).toBe(404);

    const all = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: s.headers });
    expect(all.statusCode).toBe(200);
    expect(json(all)).toEqual({ updated: 2 });
    expect((await list()).unread).toBe(0);
    const stillUnread = await t.db.database.db
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', otherId)
      .executeTakeFirstOrThrow();
    expect(stillUnread.read_at).toBeNull();
  });

  it('needs a login (401) and the CSRF header on writes (403)', async () => {
    expect((await t.app.inject({ url: '/api/v1/notifications' })).statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(403);
  });
});
