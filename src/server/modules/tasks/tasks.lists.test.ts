/**
 * Tasks as a kernel kind: the list's filters, sorts and keyset pages from the field catalogue (beside the list's own
 * parameters), the task visibility in the list and in an export job, the export job's rows (CSV and XLSX), field
 * history after an update, and saved views over tasks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRolePolicy } from '../../platform/access/policy.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let dataDir: string;
let admin: TestUser;
let rep: TestUser;
let mate: TestUser;
let sAdmin: Session;
let sRep: Session;
let sMate: Session;
const ids: Record<string, string> = {};

type TaskBody = { id: string; title: string; priority: string; dueAt: string | null; version: number };
type Page = { data: TaskBody[]; nextCursor: string | null; total: number; totalCapped: boolean };

const base = Date.parse('2031-03-10T09:00:00.000Z');
const day = (d: number) => new Date(base + d * 86_400_000).toISOString();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-task-lists-'));
  t = await testApp({ dataDir });
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  // A rep who sees only their own tasks (assigned to them or created by them) and may export them.
  const policy = newRolePolicy();
  policy.objects.tasks = ['read', 'create', 'update', 'export'];
  policy.visibility = { ...policy.visibility, tasks: 'own' };
  await t.services.identity.createRole(admin.ctx, { key: 'task-rep', name: 'Task rep', policy });
  rep = await createUser(t.services, 'task-rep', 'North', 'rep');
  mate = await createUser(t.services, 'sales', 'North', 'mate');
  [sAdmin, sRep, sMate] = await Promise.all([
    login(t.app, admin.email),
    login(t.app, rep.email),
    login(t.app, mate.email),
  ]);
  const make = async (key: string, who: TestUser, input: Record<string, unknown>) => {
    ids[key] = (await t.services.tasks.create(who.ctx, input as never)).id;
  };
  await make('call', rep, { title: 'Call Ada', dueAt: day(1), priority: 'high' });
  await make('quote', rep, { title: 'Send quote', dueAt: day(3) });
  await make('undated', rep, { title: 'Undated idea', priority: 'low' });
  await make('handed', rep, { title: 'Handed to mate', dueAt: day(2), assigneeId: mate.id });
  await make('mate', mate, { title: 'Mate follow-up', dueAt: day(4), priority: 'high' });
  await make('done', rep, { title: 'Book venue', dueAt: day(-2) });
  await t.services.tasks.complete(rep.ctx, ids.done!);
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (url: string, s: Session) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const titles = async (url: string, s: Session = sAdmin) => {
  const res = await get(url, s);
  expect(res.statusCode, res.body).toBe(200);
  return json<Page>(res).data.map((x) => x.title);
};

async function exportJob(s: Session, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/exports', headers: s.headers, payload: body });
  expect(res.statusCode, res.body).toBe(202);
  const { id } = json<{ id: string }>(res);
  while (await t.services.jobRunner.runOnce()) {
    // run until the queue is empty
  }
  const job = json<{ status: string; resultUrl: string; progress: { done: number } }>(await get(`/jobs/${id}`, s));
  expect(job.status).toBe('succeeded');
  return { job, file: await t.app.inject({ url: job.resultUrl, headers: s.headers }) };
}

describe('GET /api/v1/tasks: the kernel list', () => {
  it('filters on catalogue fields (status, priority, assignee, due date range) beside the list’s own parameters', async () => {
    expect(await titles('/tasks?filter=priority:eq:high')).toEqual(['Call Ada', 'Mate follow-up']);
    expect(await titles(`/tasks?filter=assigneeId:eq:${rep.id}&filter=status:eq:open`)).toEqual([
      'Call Ada',
      'Send quote',
      'Undated idea',
    ]);
    const range = `filter=dueAt:gte:${day(1)}&filter=dueAt:lt:${day(3)}`;
    expect(await titles(`/tasks?${range}`)).toEqual(['Call Ada', 'Handed to mate']);
    expect(await titles('/tasks?filter=dueAt:empty')).toEqual(['Undated idea']);
    // The list's own parameters still work, and combine with the kernel's filters.
    expect(await titles('/tasks?assignee=me&filter=priority:eq:low', sRep)).toEqual(['Undated idea']);
    expect(await titles('/tasks?status=done')).toEqual(['Book venue']);
    expect(await titles('/tasks?q=QUOTE')).toEqual(['Send quote']);
  });

  it('sorts by catalogue fields (undated last ascending) and pages by keyset without repeats', async () => {
    expect(await titles('/tasks')).toEqual([
      'Book venue',
      'Call Ada',
      'Handed to mate',
      'Send quote',
      'Mate follow-up',
      'Undated idea',
    ]);
    // Descending, the undated task (due "never") comes first.
    expect((await titles('/tasks?sort=-dueAt')).slice(0, 3)).toEqual(['Undated idea', 'Mate follow-up', 'Send quote']);
    const byTitle = await titles('/tasks?sort=title');
    expect(byTitle).toEqual([...byTitle].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: Page | undefined;
    do {
      const page: Page = json<Page>(await get(`/tasks?sort=title&limit=4${cursor ? `&cursor=${cursor}` : ''}`, sAdmin));
      first ??= page;
      seen.push(...page.data.map((x) => x.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(byTitle);
    expect(first).toMatchObject({ total: 6, totalCapped: false });
    // The total comes on later pages too, as the list always answered it.
    expect(json<Page>(await get(`/tasks?sort=title&limit=4&cursor=${first!.nextCursor}`, sAdmin)).total).toBe(6);
  });

  it('answers 400 naming the parameter for an unknown filter field or sort', async () => {
    for (const [url, pointer] of [
      ['/tasks?filter=secret:eq:1', '/filter/0'],
      ['/tasks?sort=notes', '/sort'],
    ] as const) {
      const res = await get(url, sAdmin);
      expect(res.statusCode, url).toBe(400);
      expect(json<{ code: string; errors: { pointer: string }[] }>(res)).toMatchObject({
        code: 'list.invalid_query',
        errors: [{ pointer }],
      });
    }
  });

  it('keeps the task visibility: an own-scope rep lists the tasks assigned to or created by them, nothing else', async () => {
    const mine = await titles('/tasks', sRep);
    expect(mine.sort()).toEqual(['Book venue', 'Call Ada', 'Handed to mate', 'Send quote', 'Undated idea']);
    expect(json<Page>(await get('/tasks', sRep)).total).toBe(5);
    // The mate (sales: team visibility) sees the team's tasks, the rep's included.
    expect(await titles('/tasks?filter=priority:eq:high', sMate)).toEqual(['Call Ada', 'Mate follow-up']);
  });
});

describe('exporting tasks', () => {
  it('exports as a CSV job the tasks the rep may see, with names for links', async () => {
    const { job, file } = await exportJob(sRep, {
      kind: 'tasks',
      format: 'csv',
      columns: ['title', 'status', 'assignee', 'dueAt'],
    });
    const rows = parse(file.body) as string[][];
    expect(rows[0]).toEqual(['title', 'status', 'assignee', 'dueAt']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Book venue', 'Call Ada', 'Handed to mate', 'Send quote', 'Undated idea']);
    expect(rows).toContainEqual(['Handed to mate', 'open', mate.actor.name, day(2)]);
    expect(job.progress.done).toBe(5);
  });

  it('exports as an XLSX job with the list filter applied', async () => {
    const { file } = await exportJob(sAdmin, { kind: 'tasks', format: 'xlsx', filter: 'priority:eq:high' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as never);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('title');
    const col = header.indexOf('title') + 1;
    const values: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) values.push(String(row.getCell(col).value));
    });
    expect(values.sort()).toEqual(['Call Ada', 'Mate follow-up']);
  });

  it('refuses an export to a role without export on tasks (403), and an unknown column (400)', async () => {
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: sMate.headers,
      payload: { kind: 'tasks', format: 'csv' },
    });
    expect(denied.statusCode).toBe(403);
    const csv = await get('/tasks/export.csv?columns=title,secret', sAdmin);
    expect(csv.statusCode).toBe(400);
    const ok = await get('/tasks/export.csv?columns=title&filter=priority:eq:low', sRep);
    expect(ok.statusCode).toBe(200);
    expect(parse(ok.body)).toEqual([['title'], ['Undated idea']]);
  });
});

describe('GET /api/v1/tasks/{id}/history', () => {
  it('shows what an update changed and who changed it; a task outside the scope answers 404', async () => {
    const before = json<TaskBody>(await get(`/tasks/${ids.quote}`, sRep));
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/tasks/${ids.quote}`,
      headers: { ...sRep.headers, 'if-match': `"${before.version}"` },
      payload: { title: 'Send revised quote', priority: 'high' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const history = json<{ data: { action: string; actor: { id: string } | null; changes: object }[] }>(
      await get(`/tasks/${ids.quote}/history`, sRep),
    ).data;
    expect(history[0]).toMatchObject({
      action: 'update',
      actor: { id: rep.id },
      changes: {
        title: { from: 'Send quote', to: 'Send revised quote' },
        priority: { from: 'normal', to: 'high' },
      },
    });
    expect(history.at(-1)).toMatchObject({ action: 'create' });
    expect((await get(`/tasks/${ids.mate}/history`, sRep)).statusCode).toBe(404);
  });
});

describe('saved views over tasks', () => {
  it('offers the task catalogue and saves, lists and applies a view of tasks', async () => {
    const fields = json<{ data: { key: string; filterable: boolean }[] }>(await get('/meta/fields?object=tasks', sRep));
    expect(fields.data.map((f) => f.key)).toEqual(expect.arrayContaining(['title', 'status', 'dueAt', 'assigneeId']));
    const state = { filters: ['priority:eq:high'], sort: '-dueAt', columns: ['title', 'dueAt'], q: null };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/views',
      headers: sRep.headers,
      payload: { object: 'tasks', name: 'Urgent', state },
    });
    expect(created.statusCode, created.body).toBe(201);
    const views = json<{ data: { name: string; state: typeof state }[] }>(await get('/views?object=tasks', sRep)).data;
    expect(views).toContainEqual(expect.objectContaining({ name: 'Urgent', state }));
    const applied = `/tasks?sort=${state.sort}&${state.filters.map((f) => `filter=${f}`).join('&')}`;
    expect(await titles(applied, sRep)).toEqual(['Send revised quote', 'Call Ada']);
  });
});

describe('a kind without a bin in the kernel', () => {
  it('removes a task for good through the kernel: the row goes, the audit keeps what it held, task.deleted is published', async () => {
    const task = await t.services.tasks.create(admin.ctx, { title: 'Throwaway', priority: 'low' });
    await t.services.tasks.records.remove(admin.ctx, task.id);
    const db = t.db.database.db;
    expect(await db.selectFrom('tasks').select('id').where('id', '=', task.id).executeTakeFirst()).toBeUndefined();
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('record_id', '=', task.id)
      .where('action', '=', 'delete')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes)).toMatchObject({ title: { from: 'Throwaway', to: null } });
    const events = await db.selectFrom('events').select('type').where('record_id', '=', task.id).execute();
    expect(events.map((e) => e.type)).toContain('task.deleted');
    await expect(t.services.tasks.records.restore(admin.ctx, task.id)).rejects.toThrow(/no bin/);
    // An export asking for the bin gets the same tasks as without: there is none.
    const withBin = await get('/tasks/export.csv?includeDeleted=true&columns=title', sAdmin);
    const without = await get('/tasks/export.csv?columns=title', sAdmin);
    expect(withBin.statusCode).toBe(200);
    expect(withBin.body).toBe(without.body);
    expect(without.body).not.toContain('Throwaway');
  });
});
