import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
let sales: Session;

interface StageDto {
  id: string;
  name: string;
  position: number;
  probability: number;
  stalledAfterDays: number | null;
  requiredFields: string[];
  playbook: string | null;
  playbookHtml: string | null;
  outcome: 'open' | 'won' | 'lost';
}
interface PipelineDto {
  id: string;
  name: string;
  archived: boolean;
  version: number;
  stages: StageDto[];
}
interface Problem {
  code: string;
  errors?: { pointer: string; detail: string }[];
}

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  sales = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});
afterAll(() => t.close());

const NEW_BUSINESS = {
  name: 'New business',
  stages: [
    {
      name: 'Qualified',
      probability: 20,
      stalledAfterDays: 14,
      playbook: '## Qualify\n\nAsk about **budget**.<script>x()</script>',
    },
    { name: 'Proposal', probability: 60, requiredFields: ['amount'] },
    { name: 'Won', outcome: 'won' },
    { name: 'Lost', outcome: 'lost' },
  ],
};

const create = (s: Session, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/pipelines', headers: s.headers, payload });
const patch = (id: string, version: number, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/pipelines/${id}`,
    headers: { ...admin.headers, 'if-match': `"${version}"` },
    payload,
  });

/** Puts deals in a stage directly: the deals API arrives with the deals kind. */
async function seedDeals(pipelineId: string, stageId: string, n: number, enteredAt: string): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  for (const id of ids) {
    await t.services.database.db
      .insertInto('deals')
      .values({
        id,
        name: `Deal ${id.slice(-4)}`,
        pipeline_id: pipelineId,
        stage_id: stageId,
        commit_flag: 0,
        stage_entered_at: enteredAt,
        tags: '[]',
        custom_fields: '{}',
        created_at: enteredAt,
        updated_at: enteredAt,
        amount_minor: null,
        currency: null,
        expected_close_date: null,
        company_id: null,
        owner_id: null,
        team_id: null,
        source: null,
        next_step: null,
        next_step_date: null,
        lost_reason_id: null,
        lost_note: null,
        closed_at: null,
        created_by: null,
        deleted_at: null,
      })
      .execute();
  }
  return ids;
}

describe('pipelines', () => {
  it('admins define a pipeline; stages get ids, defaults and a sanitised playbook', async () => {
    const res = await create(admin, NEW_BUSINESS);
    expect(res.statusCode).toBe(201);
    const p = json<PipelineDto>(res);
    expect(res.headers.etag).toBe(`"${p.version}"`);
    expect(p.stages.map((s) => [s.name, s.position, s.probability, s.outcome])).toEqual([
      ['Qualified', 0, 20, 'open'],
      ['Proposal', 1, 60, 'open'],
      ['Won', 2, 100, 'won'],
      ['Lost', 3, 0, 'lost'],
    ]);
    expect(p.stages.every((s) => typeof s.id === 'string' && s.id.length > 0)).toBe(true);
    expect(p.stages[0]).toMatchObject({ stalledAfterDays: 14, requiredFields: [] });
    expect(p.stages[1]?.requiredFields).toEqual(['amount']);
    expect(p.stages[0]?.playbookHtml).toContain('<strong>budget</strong>');
    expect(p.stages[0]?.playbookHtml).not.toContain('script');

    const list = json<{ data: PipelineDto[] }>(
      await t.app.inject({ url: '/api/v1/pipelines', headers: sales.headers }),
    );
    expect(list.data.map((x) => x.id)).toContain(p.id);
    const audit = await t.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object', '=', 'pipelines')
      .where('record_id', '=', p.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('spreads probabilities over open stages that have none', async () => {
    const res = await create(admin, {
      name: 'Renewals',
      stages: [
        { name: 'Due' },
        { name: 'Talking' },
        { name: 'Done', outcome: 'won' },
        { name: 'Churned', outcome: 'lost' },
      ],
    });
    expect(json<PipelineDto>(res).stages.map((s) => s.probability)).toEqual([33, 67, 100, 0]);
  });

  it('refuses a pipeline without won or lost stages, repeated names and bad probabilities, naming each field', async () => {
    const noWon = await create(admin, {
      name: 'Bad',
      stages: [{ name: 'A' }, { name: 'a' }, { name: 'Lost', outcome: 'lost', probability: 10 }],
    });
    expect(noWon.statusCode).toBe(400);
    expect(noWon.headers['content-type']).toContain('application/problem+json');
    const problem = json<Problem>(noWon);
    expect(problem.code).toBe('sales.pipeline_shape');
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual([
      '/stages',
      '/stages/1/name',
      '/stages/2/probability',
    ]);

    const badField = await create(admin, {
      ...NEW_BUSINESS,
      stages: [{ name: 'X', requiredFields: ['nope'] }, ...NEW_BUSINESS.stages.slice(2)],
    });
    expect(badField.statusCode).toBe(400);
    expect(json<Problem>(badField).errors?.[0]?.pointer).toBe('/stages/0/requiredFields/0');
    const count = await t.services.database.db
      .selectFrom('pipelines')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('name', '=', 'Bad')
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });

  it('only admins configure pipelines; every user reads them', async () => {
    expect((await create(sales, NEW_BUSINESS)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/pipelines' })).statusCode).toBe(401);
  });

  it('renames, reorders and adds stages under If-Match; a stale version gets 412', async () => {
    const p = json<PipelineDto>(await create(admin, { ...NEW_BUSINESS, name: 'Partners' }));
    const [qualified, proposal, won, lost] = p.stages;
    const res = await patch(p.id, p.version, {
      name: 'Partner deals',
      stages: [
        { id: proposal!.id, name: 'Proposal sent', probability: 50 },
        { id: qualified!.id, name: 'Qualified', probability: 20 },
        { name: 'Negotiation', probability: 80, requiredFields: ['amount', 'expectedCloseDate'] },
        { id: won!.id, name: 'Won', outcome: 'won' },
        { id: lost!.id, name: 'Lost', outcome: 'lost' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const after = json<PipelineDto>(res);
    expect(after.name).toBe('Partner deals');
    expect(after.stages.map((s) => s.name)).toEqual(['Proposal sent', 'Qualified', 'Negotiation', 'Won', 'Lost']);
    expect(after.stages[0]?.id).toBe(proposal!.id);
    expect(after.version).toBe(p.version + 1);

    const stale = await patch(p.id, p.version, { name: 'Again' });
    expect(stale.statusCode).toBe(412);
    const foreign = await patch(p.id, after.version, {
      stages: [
        { id: newId(), name: 'X' },
        { name: 'W', outcome: 'won' },
        { name: 'L', outcome: 'lost' },
      ],
    });
    expect(foreign.statusCode).toBe(400);
    expect(json<Problem>(foreign).errors?.[0]?.pointer).toBe('/stages/0/id');
  });

  it('removing a stage that holds deals asks where they go, then moves them and records the move', async () => {
    const p = json<PipelineDto>(await create(admin, { ...NEW_BUSINESS, name: 'Merge test' }));
    const [qualified, proposal, won, lost] = p.stages;
    const entered = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const deals = await seedDeals(p.id, qualified!.id, 3, entered);
    const keep = [
      { id: proposal!.id, name: 'Proposal' },
      { id: won!.id, name: 'Won', outcome: 'won' },
      { id: lost!.id, name: 'Lost', outcome: 'lost' },
    ];

    const asked = await patch(p.id, p.version, { stages: keep });
    expect(asked.statusCode).toBe(409);
    const problem = json<Problem>(asked);
    expect(problem.code).toBe('sales.stage_has_deals');
    expect(problem.errors?.[0]?.pointer).toBe(`/stageMoves/${qualified!.id}`);
    expect(problem.errors?.[0]?.detail).toContain('3 deal(s)');
    // Nothing changed.
    expect(
      json<PipelineDto>(await t.app.inject({ url: `/api/v1/pipelines/${p.id}`, headers: admin.headers })).stages,
    ).toHaveLength(4);

    const badTarget = await patch(p.id, p.version, { stages: keep, stageMoves: { [qualified!.id]: qualified!.id } });
    expect(badTarget.statusCode).toBe(409);

    const merged = await patch(p.id, p.version, { stages: keep, stageMoves: { [qualified!.id]: proposal!.id } });
    expect(merged.statusCode).toBe(200);
    expect(json<PipelineDto>(merged).stages.map((s) => s.name)).toEqual(['Proposal', 'Won', 'Lost']);
    const rows = await t.services.database.db
      .selectFrom('deals')
      .select(['stage_id', 'version'])
      .where('id', 'in', deals)
      .execute();
    expect(rows.every((r) => r.stage_id === proposal!.id && r.version === 2)).toBe(true);
    const history = await t.services.database.db
      .selectFrom('deal_stage_history')
      .selectAll()
      .where('deal_id', 'in', deals)
      .execute();
    expect(history).toHaveLength(3);
    expect(history[0]).toMatchObject({ from_stage_id: qualified!.id, to_stage_id: proposal!.id, pipeline_id: p.id });
    expect(Number(history[0]?.days_in_stage)).toBeGreaterThan(2.9);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/pipelines/${p.id}`, headers: admin.headers });
    expect(del.statusCode).toBe(409);
    expect(json<Problem>(del).code).toBe('sales.pipeline_has_deals');
    const archived = await patch(p.id, json<PipelineDto>(merged).version, { archived: true });
    expect(json<PipelineDto>(archived).archived).toBe(true);
    const listed = json<{ data: PipelineDto[] }>(
      await t.app.inject({ url: '/api/v1/pipelines', headers: admin.headers }),
    );
    expect(listed.data.some((x) => x.id === p.id)).toBe(false);
    const all = json<{ data: PipelineDto[] }>(
      await t.app.inject({ url: '/api/v1/pipelines?includeArchived=true', headers: admin.headers }),
    );
    expect(all.data.some((x) => x.id === p.id)).toBe(true);
  });

  it('deletes an empty pipeline; 404 afterwards', async () => {
    const p = json<PipelineDto>(await create(admin, { ...NEW_BUSINESS, name: 'Short-lived' }));
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/pipelines/${p.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    const gone = await t.app.inject({ url: `/api/v1/pipelines/${p.id}`, headers: admin.headers });
    expect(gone.statusCode).toBe(404);
    expect(json<Problem>(gone).code).toBe('pipelines.not_found');
  });

  it('answers 404 while the sales module is switched off', async () => {
    const setSales = (on: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: admin.headers,
        payload: { modules: { sales: on } },
      });
    expect((await setSales(false)).statusCode).toBe(200);
    const off = await t.app.inject({ url: '/api/v1/pipelines', headers: admin.headers });
    expect(off.statusCode).toBe(404);
    expect(json<Problem>(off).code).toBe('module.disabled');
    expect((await setSales(true)).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/pipelines', headers: admin.headers })).statusCode).toBe(200);
  });
});

describe('lost reasons', () => {
  it('admins replace the list; reasons left out are switched off, not deleted', async () => {
    const put = (payload: object, s = admin) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/lost-reasons', headers: s.headers, payload });
    const first = await put({ reasons: [{ label: 'Price' }, { label: 'Timing' }, { label: 'Competitor' }] });
    expect(first.statusCode).toBe(200);
    const reasons = json<{ data: { id: string; label: string; active: boolean }[] }>(first).data;
    expect(reasons.map((r) => r.label)).toEqual(['Price', 'Timing', 'Competitor']);

    const second = await put({
      reasons: [
        { id: reasons[2]!.id, label: 'Went with a competitor' },
        { id: reasons[0]!.id, label: 'Price' },
      ],
    });
    expect(json<{ data: { label: string; active: boolean }[] }>(second).data.map((r) => [r.label, r.active])).toEqual([
      ['Went with a competitor', true],
      ['Price', true],
      ['Timing', false],
    ]);
    const active = json<{ data: { label: string }[] }>(
      await t.app.inject({ url: '/api/v1/lost-reasons', headers: sales.headers }),
    );
    expect(active.data.map((r) => r.label)).toEqual(['Went with a competitor', 'Price']);

    const dup = await put({ reasons: [{ label: 'A' }, { label: 'a' }] });
    expect(dup.statusCode).toBe(400);
    expect(json<Problem>(dup).errors?.[0]?.pointer).toBe('/reasons/1/label');
    expect((await put({ reasons: [{ label: 'X' }] }, sales)).statusCode).toBe(403);
  });
});
