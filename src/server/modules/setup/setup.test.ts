/**
 * The five-question set-up on an empty workspace: where it stands, answers applied in one transaction (modules, the
 * starter of the kind of business, objectives with baselines, watched metrics), bad answers refused naming the field,
 * a failure half-way leaving nothing behind, a second run adding nothing twice, and only admins may apply it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import type { SetupApplied, SetupStatus } from './setup.schemas.ts';

let t: TestContext;
let admin: Session;
let rep: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North', 'setup-admin')).email);
  rep = await login(t.app, (await createUser(t.services, 'sales', 'North', 'setup-rep')).email);
});
afterAll(() => t.close());

const status = async () => json<SetupStatus>(await t.app.inject({ url: '/api/v1/setup', headers: admin.headers }));
const apply = (payload: object, s = admin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: s.headers, payload });
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const fcr = {
  name: 'Raise first-contact resolution by 25%',
  metricId: 'service.fcr_rate',
  target: { relativeChange: 0.25 },
  endDate: inAYear,
};

describe('set-up', () => {
  it('starts not done, with the data there is and a starter per kind of business', async () => {
    const s = await status();
    expect(s).toMatchObject({ completed: false, businessKind: null, watchedMetrics: [] });
    expect(s.has).toMatchObject({ pipelines: 0, caseTypes: 0, slaPolicies: 0, objectives: 0 });
    expect(s.starters.map((x) => x.key)).toEqual(['b2b-services', 'retail', 'manufacturing', 'professional']);
    expect(s.starters[0]!.pipeline.stages).toContain('Won');
  });

  it('refuses bad answers naming the field, and writes nothing', async () => {
    const res = await apply({
      businessKind: 'b2b-services',
      objectives: [{ ...fcr, metricId: 'service.nope' }],
      watchedMetrics: ['sales.win_rate', 'nope.nope'],
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const pointers = json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    expect(pointers).toEqual(['/watchedMetrics/1', '/objectives/0/metricId']);
    const past = await apply({ businessKind: 'retail', objectives: [{ ...fcr, endDate: '2020-01-01' }] });
    expect(json<{ errors: { pointer: string }[] }>(past).errors[0]!.pointer).toBe('/objectives/0/endDate');
    expect((await apply({ businessKind: 'shop' })).statusCode).toBe(400);
    expect((await status()).has).toMatchObject({ pipelines: 0, caseTypes: 0, objectives: 0 });
  });

  it("adds a starter's deal fields only with sales on, and its case fields only with service on", async () => {
    const own = await testApp();
    try {
      const a = await login(own.app, (await createUser(own.services, 'admin', 'North', 'setup-own')).email);
      const res = await own.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        headers: a.headers,
        payload: { businessKind: 'professional', modules: { service: false } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const made = await own.services.customFields.list();
      expect(made.map((f) => `${f.object}.${f.key}`).sort()).toEqual(['deals.engagement', 'people.referredBy']);
    } finally {
      await own.close();
    }
  });

  it('only admins apply it', async () => {
    expect((await apply({ businessKind: 'retail' }, rep)).statusCode).toBe(403);
  });

  it('leaves nothing behind when a write fails half-way', async () => {
    const original = t.services.objectives.insertPrepared.bind(t.services.objectives);
    t.services.objectives.insertPrepared = async () => {
      throw new Error('disk full');
    };
    try {
      expect((await apply({ businessKind: 'b2b-services', objectives: [fcr] })).statusCode).toBe(500);
    } finally {
      t.services.objectives.insertPrepared = original;
    }
    const s = await status();
    expect(s.completed).toBe(false);
    expect(s.has).toMatchObject({ pipelines: 0, caseTypes: 0, slaPolicies: 0, objectives: 0 });
    expect(await t.services.customFields.list()).toEqual([]);
  });

  it('applies the answers: modules, the starter, objectives with baselines, watched metrics; twice adds nothing twice', async () => {
    const res = await apply({
      businessKind: 'b2b-services',
      modules: { portal: false, marketing: false },
      objectives: [fcr],
      watchedMetrics: ['service.fcr_rate', 'sales.win_rate'],
    });
    expect(res.statusCode).toBe(200);
    const body = json<SetupApplied>(res);
    expect(body.created.pipelines).toHaveLength(1);
    expect(body.created.caseTypes).toHaveLength(3);
    expect(body.created.slaPolicies).toHaveLength(4);
    expect(body.created.customFields).toHaveLength(4);
    expect(body.created.objectives).toHaveLength(1);
    // The fields a B2B services business records, on the kinds they belong to, ready for forms, lists and imports.
    const fields = json<{ data: { object: string; key: string; type: string; options: string[] }[] }>(
      await t.app.inject({ url: '/api/v1/custom-fields', headers: admin.headers }),
    ).data;
    expect(fields.map((f) => `${f.object}.${f.key}:${f.type}`).sort()).toEqual([
      'cases.productArea:select',
      'companies.renewalDate:date',
      'companies.seats:number',
      'deals.termMonths:number',
    ]);
    expect(fields.find((f) => f.key === 'productArea')!.options).toContain('Integrations');
    expect(body.status).toMatchObject({
      completed: true,
      businessKind: 'b2b-services',
      watchedMetrics: ['service.fcr_rate', 'sales.win_rate'],
    });
    const ws = json<{ modules: Record<string, boolean> }>(
      await t.app.inject({ url: '/api/v1/workspace', headers: admin.headers }),
    );
    expect(ws.modules).toMatchObject({ portal: false, marketing: false, sales: true, service: true });
    const objective = json<{ metricId: string; baselineFrom: string; baselineTo: string; startDate: string }>(
      await t.app.inject({ url: `/api/v1/objectives/${body.created.objectives[0]}`, headers: admin.headers }),
    );
    expect(objective.metricId).toBe('service.fcr_rate');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(objective.baselineTo).toBe(yesterday);
    const pipelines = json<{ data: { name: string; stages: { name: string; playbook: string | null }[] }[] }>(
      await t.app.inject({ url: '/api/v1/pipelines', headers: admin.headers }),
    );
    expect(pipelines.data.map((p) => p.name)).toEqual(['New business']);
    expect(pipelines.data[0]!.stages[0]!.playbook).toMatch(/Who decides/);

    // Again, as a manufacturer: its own pipeline and case types are added, the SLA priorities already covered are kept.
    const again = json<SetupApplied>(await apply({ businessKind: 'manufacturing' }));
    expect(again.created.pipelines).toHaveLength(1);
    expect(again.created.caseTypes).toHaveLength(3);
    expect(again.created.slaPolicies).toHaveLength(0);
    expect(again.created.customFields).toHaveLength(4);
    const third = json<SetupApplied>(await apply({ businessKind: 'manufacturing' }));
    expect(third.created).toEqual({ pipelines: [], caseTypes: [], slaPolicies: [], customFields: [], objectives: [] });
    expect(third.status.watchedMetrics).toEqual(
      expect.arrayContaining(['sales.won_amount', 'sales.win_rate', 'service.sla_met_rate']),
    );
  });
});
