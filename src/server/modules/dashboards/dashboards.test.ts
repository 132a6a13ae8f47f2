/**
 * Custom dashboards: create, read, change and delete with problems naming the field; every widget's data equals what
 * the metric service (or the deals and record lists) answers the viewer; a rep's numbers count only what they may see,
 * a team lead's their team's; a share link's viewer gets their own access; a private dashboard is 404 for others.
 * Today is fixed (Wednesday 2027-03-31), so "last 30 days" is 2027-03-01 … 2027-03-30.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../platform/access/policy.ts';
import { newId } from '../../platform/ids.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { periodRange } from './dashboards.service.ts';

const TODAY = '2027-03-31';
let t: TestContext;
let admin: TestUser;
let rep: TestUser;
let mate: TestUser;
let lead: TestUser;
let south: TestUser;
const s: Record<string, Session> = {};
let pipelineId: string;

/** `n` activities logged by `userId` on `day`, through the rollup consumer. */
async function logged(userId: string, day: string, n: number) {
  for (let i = 0; i < n; i++) {
    const id = newId();
    const at = `${day}T10:00:00.000Z`;
    await t.db.database.db
      .insertInto('events')
      .values({ id, at, type: 'activity.logged', actor_id: userId, object: 'activities', record_id: id, payload: '{}' })
      .execute();
    await t.services.metricRollups.apply({
      id: newId(),
      eventId: id,
      type: 'activity.logged',
      payload: { object: 'activities', recordId: id, actorId: userId, at },
      attempts: 1,
    });
  }
}

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: s[who]!.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp({}, { clock: () => new Date(`${TODAY}T12:00:00Z`) });
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  // A rep who sees only their own records; a team lead who sees their team's.
  const sales = BUILTIN_ROLES.find((r) => r.key === 'sales')!.policy;
  await t.services.identity.createRole(admin.ctx, {
    key: 'rep-own',
    name: 'Rep (own records)',
    policy: {
      ...sales,
      visibility: { people: 'own', companies: 'own', deals: 'own', cases: 'own', tasks: 'own', promises: 'own' },
    },
  });
  rep = await createUser(t.services, 'rep-own', 'North', 'rep');
  mate = await createUser(t.services, 'rep-own', 'North', 'mate');
  lead = await createUser(t.services, 'sales', 'North', 'lead');
  south = await createUser(t.services, 'sales', 'South', 'south');
  for (const [k, u] of Object.entries({ admin, rep, mate, lead, south })) s[k] = await login(t.app, u.email);
  // Last 30 days: the rep 3, their mate 5 (both North), the south rep 7; the 30 days before: the rep 1.
  await logged(rep.id, '2027-03-10', 3);
  await logged(mate.id, '2027-03-12', 5);
  await logged(south.id, '2027-03-20', 7);
  await logged(rep.id, '2027-02-10', 1);
  const p = await call('admin', 'POST', '/pipelines', {
    name: 'Funnel',
    stages: [
      { name: 'Qualify', probability: 20 },
      { name: 'Propose', probability: 60 },
      { name: 'Won', outcome: 'won' },
      { name: 'Lost', outcome: 'lost' },
    ],
  });
  pipelineId = json<{ id: string }>(p).id;
  // One deal each for the rep and the south rep, in the first stage.
  for (const who of ['rep', 'south']) {
    const d = await call(who, 'POST', '/deals', { name: `${who} deal`, pipelineId });
    expect(d.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const WIDGETS = [
  { kind: 'metric', title: 'Activities', metricId: 'activities.logged', period: 'last_30_days' },
  { kind: 'trend', title: 'Activities by week', metricId: 'activities.logged', period: 'last_90_days', size: 'large' },
  { kind: 'bar', title: 'By person', metricId: 'activities.logged', by: 'user', period: 'last_30_days' },
  {
    kind: 'funnel',
    title: 'Sequence',
    metricIds: ['activities.logged', 'customers.new'],
    period: 'last_30_days',
  },
  { kind: 'funnel', title: 'Pipeline', pipelineId: '' },
  { kind: 'records', title: 'Deals', object: 'deals', size: 'medium' },
];
const widgets = () => WIDGETS.map((w) => (w.kind === 'funnel' && 'pipelineId' in w ? { ...w, pipelineId } : w));

interface WidgetData {
  widgetId: string;
  kind: string;
  from: string;
  to: string;
  value?: number | null;
  previous?: { from: string; to: string; value: number | null };
  series?: { period: string; value: number | null; target?: number | null }[];
  groups?: { key: string | null; label: string; value: number | null }[];
  steps?: { key: string; label: string; value: number | null }[];
  records?: { total: number; rows: { id: string; name: string }[]; columns: string[] };
  error?: { code: string };
}
const dataOf = async (who: string, id: string) => {
  const res = await call(who, 'GET', `/dashboards/${id}/data`);
  expect(res.statusCode).toBe(200);
  return json<{ widgets: WidgetData[] }>(res).widgets;
};

describe('periods', () => {
  it('reads each period as of today, with the period before of the same length', () => {
    expect(periodRange('last_7_days', TODAY)).toMatchObject({
      from: '2027-03-24',
      to: '2027-03-30',
      interval: 'day',
      previous: { from: '2027-03-17', to: '2027-03-23' },
    });
    expect(periodRange('last_30_days', TODAY)).toMatchObject({ from: '2027-03-01', to: '2027-03-30' });
    expect(periodRange('this_month', TODAY)).toMatchObject({
      from: '2027-03-01',
      to: '2027-03-31',
      previous: { from: '2027-01-29', to: '2027-02-28' },
    });
    expect(periodRange('this_quarter', '2027-05-15')).toMatchObject({ from: '2027-04-01', interval: 'week' });
    expect(periodRange('this_year', TODAY)).toMatchObject({ from: '2027-01-01', to: TODAY, interval: 'month' });
  });
});

describe('CRUD and validation', () => {
  it('creates, reads, lists, changes (with a version guard), reorders widgets and deletes, audited', async () => {
    const created = await call('rep', 'POST', '/dashboards', {
      name: 'My week',
      description: 'What I did',
      widgets: widgets().slice(0, 2),
    });
    expect(created.statusCode).toBe(201);
    const d = json<{ id: string; version: number; widgets: { id: string; title: string; size: string }[] }>(created);
    expect(d).toMatchObject({
      name: 'My week',
      visibility: 'private',
      team: null,
      owner: { id: rep.id },
      canEdit: true,
      layout: { columns: 4 },
      widgets: [
        { kind: 'metric', title: 'Activities', size: 'small', period: 'last_30_days' },
        { kind: 'trend', title: 'Activities by week', size: 'large', period: 'last_90_days' },
      ],
    });
    expect(created.headers.etag).toBe('"1"');
    const list = json<{ data: { id: string; widgetCount: number }[] }>(await call('rep', 'GET', '/dashboards'));
    expect(list.data.find((x) => x.id === d.id)?.widgetCount).toBe(2);

    // Move the trend up: the widgets are sent in their new order and keep their ids.
    const [a, b] = d.widgets;
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/dashboards/${d.id}`,
      headers: { ...s.rep!.headers, 'if-match': '"1"' },
      payload: {
        name: 'My month',
        widgets: [b, a],
      },
    });
    expect(moved.statusCode).toBe(200);
    expect(json(moved)).toMatchObject({ name: 'My month', version: 2, widgets: [{ id: b!.id }, { id: a!.id }] });
    // A widget copied from this dashboard into another becomes a widget of its own there.
    const copy = await call('rep', 'POST', '/dashboards', { name: 'Copy', widgets: [b] });
    expect(copy.statusCode).toBe(201);
    expect(json<{ widgets: { id: string }[] }>(copy).widgets[0]!.id).not.toBe(b!.id);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/dashboards/${d.id}`,
      headers: { ...s.rep!.headers, 'if-match': '"1"' },
      payload: { name: 'Late' },
    });
    expect(stale.statusCode).toBe(412);

    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('object', '=', 'dashboards')
      .where('record_id', '=', d.id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'create', actor_id: rep.id },
      { action: 'update', actor_id: rep.id },
    ]);
    expect((await call('rep', 'DELETE', `/dashboards/${d.id}`)).statusCode).toBe(204);
    expect((await call('rep', 'GET', `/dashboards/${d.id}`)).statusCode).toBe(404);
  });

  it('refuses bad widgets and settings with problems naming the field', async () => {
    const res = await call('rep', 'POST', '/dashboards', {
      name: 'Broken',
      visibility: 'team',
      widgets: [
        { kind: 'metric', title: 'Nothing', metricId: 'no.such_metric' },
        { kind: 'bar', title: 'Split', metricId: 'activities.logged' },
        { kind: 'bar', title: 'Split', metricId: 'activities.logged', by: 'channel' },
        { kind: 'funnel', title: 'Empty' },
        { kind: 'records', title: 'Bad filter', object: 'deals', filters: ['nope:eq:1'] },
        { kind: 'records', title: 'Unknown', object: 'spaceships' },
        { kind: 'trend', title: 'Other objective', metricId: 'activities.logged', objectiveId: 'missing' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const pointers = json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    expect(pointers).toEqual([
      '/teamId',
      '/widgets/0/metricId',
      '/widgets/1/by',
      '/widgets/2/by',
      '/widgets/3/pipelineId',
      '/widgets/4/filters',
      '/widgets/5/object',
      '/widgets/6/objectiveId',
    ]);
    const schema = await call('rep', 'POST', '/dashboards', { name: 'X', widgets: [{ kind: 'pie', title: 'X' }] });
    expect(schema.statusCode).toBe(400);
    const blank = await call('rep', 'POST', '/dashboards', { name: '' });
    expect(blank.statusCode).toBe(400);
  });
});

describe('data: each widget as the metric service answers the viewer', () => {
  let id: string;
  beforeAll(async () => {
    const res = await call('admin', 'POST', '/dashboards', {
      name: 'Everyone',
      visibility: 'everyone',
      widgets: widgets(),
    });
    expect(res.statusCode).toBe(201);
    id = json<{ id: string }>(res).id;
  });

  it('computes every widget in one call, equal to the metric service, deals and lists per viewer', async () => {
    for (const [who, user] of [
      ['admin', admin],
      ['rep', rep],
      ['lead', lead],
      ['south', south],
    ] as const) {
      const data = await dataOf(who, id);
      expect(data.map((w) => w.kind)).toEqual(['metric', 'trend', 'bar', 'funnel', 'funnel', 'records']);
      const r30 = periodRange('last_30_days', TODAY);
      const r90 = periodRange('last_90_days', TODAY);
      const m = (q: object) => t.services.metrics.value(user.actor, 'activities.logged', q as never);
      const cur = await m({ from: r30.from, to: r30.to, interval: 'day' });
      const prev = await m({ ...r30.previous, interval: 'day' });
      expect(data[0]).toMatchObject({ from: r30.from, to: r30.to, value: cur.value, series: cur.series });
      expect(data[0]!.previous).toEqual({ ...r30.previous, value: prev.value });
      const trend = await m({ from: r90.from, to: r90.to, interval: 'week' });
      expect(data[1]!.series).toEqual(trend.series);
      expect(data[2]!.groups).toEqual((await m({ from: r30.from, to: r30.to, interval: 'day', by: 'user' })).groups);
      const newCustomers = await t.services.metrics.value(user.actor, 'customers.new', {
        from: r30.from,
        to: r30.to,
        interval: 'day',
      });
      expect(data[3]!.steps!.map((x) => x.value)).toEqual([cur.value, newCustomers.value]);
      const stages = await t.services.deals.stageTotals(user.ctx, pipelineId);
      expect(data[4]!.steps!.map((x) => x.value)).toEqual(
        stages.filter((x) => x.outcome !== 'lost').map((x) => x.count),
      );
      const deals = await t.services.deals.records.list(user.ctx, { limit: 10 });
      expect(data[5]!.records!.total).toBe(deals.total);
      expect(data[5]!.records!.rows.map((r) => r.id)).toEqual(deals.data.map((d: { id: string }) => d.id));
    }
  });

  it("counts a rep's own, a team lead's team and everything for an admin", async () => {
    const value = async (who: string) => (await dataOf(who, id))[0];
    expect(await value('rep')).toMatchObject({ value: 3, previous: { value: 1 } });
    expect(await value('lead')).toMatchObject({ value: 8 });
    expect(await value('south')).toMatchObject({ value: 7 });
    expect(await value('admin')).toMatchObject({ value: 15 });
    const repData = await dataOf('rep', id);
    expect(repData[2]!.groups).toEqual([{ key: rep.id, label: rep.actor.name, value: 3 }]);
    expect(repData[4]!.steps!.map((x) => x.value)).toEqual([1, 0, 0]);
    expect(repData[5]!.records!.rows.map((r) => r.name)).toEqual(['rep deal']);
    expect((await dataOf('admin', id))[4]!.steps!.map((x) => x.value)).toEqual([2, 0, 0]);
  });

  it("draws an objective's target on the trend, per period on the metric's weekly scale", async () => {
    const o = await t.services.objectives.create(admin.ctx, {
      name: 'Log 70 a week',
      metricId: 'activities.logged',
      baselineFrom: '2027-01-01',
      baselineTo: '2027-01-31',
      target: { value: 70 },
      startDate: '2027-02-01',
      endDate: '2027-06-30',
      ownerId: admin.id,
    });
    const res = await call('admin', 'POST', '/dashboards', {
      name: 'Target',
      widgets: [
        { kind: 'trend', title: 'Weekly', metricId: 'activities.logged', period: 'last_90_days', objectiveId: o.id },
        { kind: 'trend', title: 'Daily', metricId: 'activities.logged', period: 'last_7_days', objectiveId: o.id },
      ],
    });
    const [weekly, daily] = await dataOf('admin', json<{ id: string }>(res).id);
    // A whole week's target is the objective's 70; a week cut by the period's start counts its days only.
    expect(weekly!.series!.at(-2)).toMatchObject({ target: 70 });
    expect(daily!.series!.every((p) => p.target === 10)).toBe(true);
  });
});

describe('who may open a dashboard', () => {
  it('keeps a private dashboard to its owner (404 for others), a team one to the team', async () => {
    const mine = json<{ id: string }>(await call('lead', 'POST', '/dashboards', { name: 'Private' }));
    expect((await call('rep', 'GET', `/dashboards/${mine.id}`)).statusCode).toBe(404);
    expect((await call('rep', 'GET', `/dashboards/${mine.id}/data`)).statusCode).toBe(404);
    const team = await call('lead', 'POST', '/dashboards', {
      name: 'North',
      visibility: 'team',
      teamId: lead.actor.teamIds[0],
    });
    const teamId = json<{ id: string }>(team).id;
    expect((await call('rep', 'GET', `/dashboards/${teamId}`)).statusCode).toBe(200);
    expect(json(await call('rep', 'GET', `/dashboards/${teamId}`))).toMatchObject({ canEdit: false });
    expect((await call('south', 'GET', `/dashboards/${teamId}`)).statusCode).toBe(404);
    const edit = await call('rep', 'PATCH', `/dashboards/${teamId}`, { name: 'Mine now' });
    expect(edit.statusCode).toBe(403);
    expect(json(edit)).toMatchObject({ code: 'dashboards.read_only' });
    const list = json<{ data: { id: string }[] }>(await call('south', 'GET', '/dashboards')).data.map((d) => d.id);
    expect(list).not.toContain(mine.id);
    expect(list).not.toContain(teamId);
    const other = await call('south', 'POST', '/dashboards', {
      name: 'Elsewhere',
      visibility: 'team',
      teamId: lead.actor.teamIds[0],
    });
    expect(json<{ errors: { pointer: string }[] }>(other).errors[0]!.pointer).toBe('/teamId');
  });

  it("opens a share link with the viewer's own access, and not once revoked", async () => {
    const created = await call('admin', 'POST', '/dashboards', {
      name: 'Shared',
      widgets: [WIDGETS[0]],
    });
    const id = json<{ id: string }>(created).id;
    expect((await call('rep', 'GET', `/dashboards/${id}`)).statusCode).toBe(404);
    expect((await call('rep', 'POST', `/dashboards/${id}/share`)).statusCode).toBe(404);
    const shared = await call('admin', 'POST', `/dashboards/${id}/share`);
    expect(shared.statusCode).toBe(201);
    const link = json<{ id: string; token: string; url: string }>(shared);
    expect(link.url).toContain(`/dashboards/shared/${link.token}`);
    const opened = await call('rep', 'GET', `/dashboards/shared/${link.token}`);
    expect(opened.statusCode).toBe(200);
    expect(json(opened)).toMatchObject({ id, name: 'Shared', canEdit: false });
    const repData = json<{ widgets: WidgetData[] }>(await call('rep', 'GET', `/dashboards/shared/${link.token}/data`));
    expect(repData.widgets[0]!.value).toBe(3);
    const southData = json<{ widgets: WidgetData[] }>(
      await call('south', 'GET', `/dashboards/shared/${link.token}/data`),
    );
    expect(southData.widgets[0]!.value).toBe(7);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/dashboards/shared/${link.token}` })).statusCode).toBe(
      401,
    );
    const links = json<{ data: { id: string; revokedAt: string | null; token?: string }[] }>(
      await call('admin', 'GET', `/dashboards/${id}/shares`),
    );
    expect(links.data).toEqual([expect.objectContaining({ id: link.id, revokedAt: null })]);
    expect(links.data[0]!.token).toBeUndefined();
    expect((await call('admin', 'DELETE', `/dashboards/${id}/shares/${link.id}`)).statusCode).toBe(204);
    const gone = await call('rep', 'GET', `/dashboards/shared/${link.token}/data`);
    expect(gone.statusCode).toBe(404);
    expect(json(gone)).toMatchObject({ code: 'dashboards.share_not_found' });
    expect((await call('admin', 'DELETE', `/dashboards/${id}/shares/${link.id}`)).statusCode).toBe(404);
  });

  it('tells a viewer whose role cannot read a widget’s records why, and still computes the rest', async () => {
    await t.services.identity.createRole(admin.ctx, {
      key: 'no-deals',
      name: 'No deals',
      policy: { objects: { people: ['read'] }, visibility: { people: 'own' }, fields: {} },
    });
    const viewer = await createUser(t.services, 'no-deals', 'North', 'viewer');
    s.viewer = await login(t.app, viewer.email);
    const created = await call('admin', 'POST', '/dashboards', {
      name: 'Mixed',
      visibility: 'everyone',
      widgets: widgets(),
    });
    const data = await dataOf('viewer', json<{ id: string }>(created).id);
    expect(data[0]!.value).toBe(0);
    expect(data[4]!.error?.code).toBe('access.forbidden');
    expect(data[5]!.error?.code).toBe('access.forbidden');
  });
});
