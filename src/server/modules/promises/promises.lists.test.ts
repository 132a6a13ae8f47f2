/**
 * Promises as a kernel kind: the list's filters and sorts from the field catalogue beside its own parameters, the
 * promise visibility in the list and in an export job, the export job's rows, field history after keeping one, and a
 * saved view over promises.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
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
const ids: Record<string, string> = {};

type Page = { data: { id: string; description: string }[]; nextCursor: string | null; total: number };

const base = Date.parse('2031-03-10T09:00:00.000Z');
const day = (d: number) => new Date(base + d * 86_400_000).toISOString();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-promise-lists-'));
  t = await testApp({ dataDir });
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  const policy = newRolePolicy();
  policy.objects.promises = ['read', 'create', 'update', 'export'];
  policy.visibility = { ...policy.visibility, people: 'all', promises: 'own' };
  await t.services.identity.createRole(admin.ctx, { key: 'promise-rep', name: 'Promise rep', policy });
  rep = await createUser(t.services, 'promise-rep', 'North', 'rep');
  mate = await createUser(t.services, 'sales', 'North', 'mate');
  [sAdmin, sRep] = await Promise.all([login(t.app, admin.email), login(t.app, rep.email)]);
  const personId = (
    await t.services.people.create(admin.ctx, { firstName: 'Ada', lastName: 'Lovelace', ownerId: mate.id })
  ).id!;
  const make = async (key: string, who: TestUser, input: Record<string, unknown>) => {
    ids[key] = (await t.services.promises.create(who.ctx, { personId, ...input } as never)).id;
  };
  await make('quote', rep, { description: 'Send the revised quote', dueAt: day(2), department: 'sales' });
  await make('refund', rep, { description: 'Refund the delivery fee', dueAt: day(1), department: 'accounts' });
  await make('visit', rep, { description: 'Visit the site', dueAt: day(5), department: 'service' });
  await make('mate', mate, { description: 'Call back about pricing', dueAt: day(3), department: 'sales' });
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (url: string, s: Session) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const descriptions = async (url: string, s: Session = sAdmin) => {
  const res = await get(url, s);
  expect(res.statusCode, res.body).toBe(200);
  return json<Page>(res).data.map((x) => x.description);
};

describe('GET /api/v1/promises: the kernel list', () => {
  it('filters on catalogue fields and sorts, beside the list’s own parameters', async () => {
    expect(await descriptions('/promises?filter=department:eq:sales')).toEqual([
      'Send the revised quote',
      'Call back about pricing',
    ]);
    expect(await descriptions(`/promises?filter=dueAt:gte:${day(2)}&filter=dueAt:lte:${day(3)}`)).toEqual([
      'Send the revised quote',
      'Call back about pricing',
    ]);
    expect(await descriptions('/promises?sort=-dueAt&limit=2')).toEqual(['Visit the site', 'Call back about pricing']);
    expect(await descriptions(`/promises?owner=${rep.id}&filter=department:in:sales|accounts`)).toEqual([
      'Refund the delivery fee',
      'Send the revised quote',
    ]);
    expect(await descriptions('/promises?q=refund')).toEqual(['Refund the delivery fee']);
  });

  it('keeps the promise visibility: an own-scope rep lists and exports only their promises', async () => {
    expect((await descriptions('/promises', sRep)).sort()).toEqual([
      'Refund the delivery fee',
      'Send the revised quote',
      'Visit the site',
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: sRep.headers,
      payload: { kind: 'promises', format: 'csv', columns: ['description', 'department', 'owner', 'person'] },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);
    while (await t.services.jobRunner.runOnce()) {
      // run until the queue is empty
    }
    const job = json<{ status: string; resultUrl: string }>(await get(`/jobs/${id}`, sRep));
    expect(job.status).toBe('succeeded');
    const rows = parse((await t.app.inject({ url: job.resultUrl, headers: sRep.headers })).body) as string[][];
    expect(rows[0]).toEqual(['description', 'department', 'owner', 'person']);
    expect(rows.slice(1).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['Refund the delivery fee', 'accounts', rep.actor.name, 'Ada Lovelace'],
      ['Send the revised quote', 'sales', rep.actor.name, 'Ada Lovelace'],
      ['Visit the site', 'service', rep.actor.name, 'Ada Lovelace'],
    ]);
  });
});

describe('GET /api/v1/promises/{id}/history', () => {
  it('shows the status change of a kept promise; a promise outside the scope answers 404', async () => {
    const kept = await t.app.inject({
      method: 'POST',
      url: `/api/v1/promises/${ids.refund}/keep`,
      headers: sRep.headers,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const history = json<{ data: { action: string; actor: { id: string } | null; changes: object }[] }>(
      await get(`/promises/${ids.refund}/history`, sRep),
    ).data;
    expect(history[0]).toMatchObject({
      action: 'update',
      actor: { id: rep.id },
      changes: { status: { from: 'open', to: 'kept' } },
    });
    expect((await get(`/promises/${ids.mate}/history`, sRep)).statusCode).toBe(404);
  });
});

describe('saved views over promises', () => {
  it('saves a view of promises and lists it', async () => {
    const state = { filters: ['status:eq:open'], sort: 'dueAt', columns: ['description', 'owner'], q: null };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/views',
      headers: sRep.headers,
      payload: { object: 'promises', name: 'Open', state },
    });
    expect(created.statusCode, created.body).toBe(201);
    const views = json<{ data: { name: string }[] }>(await get('/views?object=promises', sRep)).data;
    expect(views.map((v) => v.name)).toContain('Open');
  });
});
