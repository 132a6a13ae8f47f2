/**
 * The metric registry on daily rollups: rollups kept by the consumer (redeliveries counted once) and rebuilt from the
 * event log always equal a direct computation from the events (property-tested), and the HTTP answers count only what
 * the reader may see.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import type { Actor } from '../access/policy.ts';
import type { DeliveredEvent } from '../events.ts';
import { newId } from '../ids.ts';
import { addDays } from './metrics.service.ts';
import { ROLLUP_CONSUMER } from './rollups.ts';

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let south: TestUser;
let sAdmin: Session;
let sNorth: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  south = await createUser(t.services, 'sales', 'South', 'south');
  sAdmin = await login(t.app, admin.email);
  sNorth = await login(t.app, north.email);
});
afterAll(() => t.close());

interface Ev {
  type: string;
  day: string;
  actor: number;
  payload: Record<string, unknown>;
}

const users = () => [admin.id, north.id, south.id];
const teamOf = (id: string) =>
  id === south.id ? south.actor.teamIds[0] : id === north.id || id === admin.id ? north.actor.teamIds[0] : '';

const dayArb = fc
  .integer({ min: 0, max: 89 })
  .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
const userArb = fc.integer({ min: 0, max: 2 });
const evArb: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({
    type: fc.constant('deal.stage_changed'),
    day: dayArb,
    actor: userArb,
    payload: fc.record({
      outcome: fc.constantFrom('won', 'lost', 'open'),
      amountMinor: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1_000_000 })),
      owner: userArb,
    }),
  }),
  fc.record({ type: fc.constant('activity.logged'), day: dayArb, actor: userArb, payload: fc.constant({}) }),
  fc.record({
    type: fc.constant('person.created'),
    day: dayArb,
    actor: userArb,
    payload: fc.record({ lifecycleStage: fc.constantFrom('lead', 'customer') }),
  }),
  fc.record({
    type: fc.constant('person.updated'),
    day: dayArb,
    actor: userArb,
    payload: fc.record({ from: fc.constantFrom('lead', 'customer'), to: fc.constantFrom('prospect', 'customer') }),
  }),
  fc.record({
    type: fc.constantFrom('promise.kept', 'promise.broken'),
    day: dayArb,
    actor: userArb,
    payload: fc.record({ owner: userArb }),
  }),
);

/** The event as published (payload shapes of the modules' events). */
function published(e: Ev): { type: string; actorId: string; at: string; payload: Record<string, unknown> } {
  const u = users();
  const p = e.payload as Record<string, unknown>;
  const payload =
    e.type === 'deal.stage_changed'
      ? {
          outcome: p.outcome,
          amountMinor: p.amountMinor,
          ownerId: u[p.owner as number],
          teamId: teamOf(u[p.owner as number]!),
        }
      : e.type === 'person.updated'
        ? { changes: { lifecycleStage: { from: p.from, to: p.to } } }
        : e.type.startsWith('promise.')
          ? { ownerId: u[p.owner as number] }
          : p;
  return { type: e.type, actorId: u[e.actor]!, at: `${e.day}T12:00:00.000Z`, payload };
}

/** Each metric computed straight from the events, per user, without rollups. */
function direct(events: Ev[], metricId: string, from: string, to: string): Map<string, number | null> {
  const sums = new Map<string, [number, number]>();
  const add = (user: string, n: number, d: number) => {
    const s = sums.get(user) ?? [0, 0];
    sums.set(user, [s[0] + n, s[1] + d]);
  };
  for (const raw of events) {
    if (raw.day < from || raw.day > to) continue;
    const e = published(raw);
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'deal.stage_changed' && p.outcome !== 'open') {
      const won = p.outcome === 'won';
      if (metricId === 'sales.won_count' && won) add(p.ownerId as string, 1, 0);
      if (metricId === 'sales.won_amount' && won) add(p.ownerId as string, (p.amountMinor as number | null) ?? 0, 0);
      if (metricId === 'sales.win_rate') add(p.ownerId as string, won ? 1 : 0, 1);
    }
    if (metricId === 'activities.logged' && e.type === 'activity.logged') add(e.actorId, 1, 0);
    if (metricId === 'customers.new') {
      const became =
        e.type === 'person.created'
          ? p.lifecycleStage === 'customer'
          : e.type === 'person.updated' &&
            (p.changes as { lifecycleStage: { from: string; to: string } }).lifecycleStage.to === 'customer' &&
            (p.changes as { lifecycleStage: { from: string; to: string } }).lifecycleStage.from !== 'customer';
      if (became) add(e.actorId, 1, 0);
    }
    if (metricId === 'promises.kept_rate' && e.type.startsWith('promise.'))
      add(p.ownerId as string, e.type === 'promise.kept' ? 1 : 0, 1);
  }
  const ratio = metricId === 'sales.win_rate' || metricId === 'promises.kept_rate';
  return new Map([...sums].map(([k, [n, d]]) => [k, ratio ? (d === 0 ? null : n / d) : n]));
}

const METRICS = [
  'sales.won_amount',
  'sales.won_count',
  'sales.win_rate',
  'activities.logged',
  'customers.new',
  'promises.kept_rate',
];

async function reset() {
  await t.db.database.db.deleteFrom('metric_rollups').execute();
  await t.db.database.db.deleteFrom('metric_rollup_events').execute();
  await t.db.database.db.deleteFrom('events').execute();
}

async function store(events: Ev[]): Promise<DeliveredEvent[]> {
  return storePublished(events.map(published));
}

async function storePublished(
  events: { type: string; actorId: string; at: string; payload: Record<string, unknown> }[],
): Promise<DeliveredEvent[]> {
  const delivered: DeliveredEvent[] = [];
  for (const e of events) {
    const id = newId();
    await t.db.database.db
      .insertInto('events')
      .values({
        id,
        at: e.at,
        type: e.type,
        actor_id: e.actorId,
        object: 'test',
        record_id: id,
        payload: JSON.stringify(e.payload),
      })
      .execute();
    delivered.push({
      id: newId(),
      eventId: id,
      type: e.type,
      payload: { ...e.payload, object: 'test', recordId: id, actorId: e.actorId, at: e.at },
      attempts: 1,
    });
  }
  return delivered;
}

async function expectAgrees(events: Ev[], from: string, to: string) {
  for (const id of METRICS) {
    const got = await t.services.metrics.value(admin.actor, id, { from, to, by: 'user' });
    const want = direct(events, id, from, to);
    const gotByUser = new Map(got.groups.map((g) => [g.key ?? '', g.value]));
    for (const [user, v] of want) {
      expect(gotByUser.get(user), `${id} for ${user}`).toBeCloseTo(v ?? Number.NaN, 6);
    }
    expect([...gotByUser.keys()].sort(), id).toEqual([...want.keys()].sort());
  }
}

describe('rollups equal a direct computation', () => {
  it('for random event sequences, delivered out of order and more than once, and after a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(evArb, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        dayArb,
        dayArb,
        async (events, repeats, a, b) => {
          await reset();
          const delivered = await store(events);
          // Every event once, in reverse, then some again (at-least-once delivery).
          for (const d of [...delivered].reverse()) await t.services.metricRollups.apply(d);
          for (const r of repeats)
            if (delivered.length > 0) await t.services.metricRollups.apply(delivered[r % delivered.length]!);
          const [from, to] = a <= b ? [a, b] : [b, a];
          await expectAgrees(events, from, to);
          await t.services.metricRollups.rebuild();
          await expectAgrees(events, from, to);
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** One case's life for the backlog property: opened on a day by an owner, then moves, each some days after the last. */
interface CaseLife {
  open: number;
  owner: number;
  channel: string;
  status: 'new' | 'resolved';
  moves: { after: number; kind: 'status' | 'assign' | 'both' | 'delete' | 'restore'; to: string; owner: number }[];
}

const STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'];
const lifeArb: fc.Arbitrary<CaseLife> = fc.record({
  open: fc.integer({ min: 0, max: 60 }),
  owner: userArb,
  channel: fc.constantFrom('phone', 'email'),
  status: fc.constantFrom('new', 'new', 'resolved'),
  moves: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: 12 }),
      kind: fc.constantFrom('status', 'status', 'assign', 'both', 'delete', 'restore'),
      to: fc.constantFrom(...STATUSES),
      owner: userArb,
    }),
    { maxLength: 6 },
  ),
});

/** The case events a life publishes (as cases.service and the kernel publish them), and its state at each day's end. */
function caseEvents(lives: CaseLife[]) {
  const u = users();
  const out: { type: string; actorId: string; at: string; payload: Record<string, unknown> }[] = [];
  /** Per case, its (day, open, owner, channel) after each change, in order. */
  const states: { day: number; open: boolean; owner: string; channel: string }[][] = [];
  const dayOf = (n: number) => addDays('2027-01-01', n);
  for (const life of lives) {
    let status = life.status as string;
    let owner = u[life.owner]!;
    let deleted = false;
    let day = life.open;
    const at = () => `${dayOf(day)}T12:00:00.000Z`;
    const base = () => ({ status, ownerId: owner, teamId: null, channel: life.channel, caseTypeId: null });
    const isOpen = () => !deleted && ['new', 'open', 'pending_customer'].includes(status);
    out.push({ type: 'case.created', actorId: owner, at: at(), payload: { ...base(), openedAt: at(), changes: {} } });
    const history = [{ day, open: isOpen(), owner, channel: life.channel }];
    for (const m of life.moves) {
      day += m.after;
      if (m.kind === 'delete' || m.kind === 'restore') {
        if (deleted === (m.kind === 'delete')) continue;
        deleted = m.kind === 'delete';
        out.push({ type: `case.${m.kind}d`, actorId: owner, at: at(), payload: { ...base(), changes: {} } });
      } else if (!deleted) {
        const from = status;
        const fromOwner = owner;
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (m.kind !== 'assign' && m.to !== status) {
          status = m.to;
          changes.status = { from, to: status };
        }
        if (m.kind !== 'status' && u[m.owner] !== owner) {
          owner = u[m.owner]!;
          changes.ownerId = { from: fromOwner, to: owner };
        }
        if (Object.keys(changes).length === 0) continue;
        if (changes.status)
          out.push({
            type: 'case.status_changed',
            actorId: owner,
            at: at(),
            payload: { ...base(), fromStatus: from, toStatus: status },
          });
        out.push({ type: 'case.updated', actorId: owner, at: at(), payload: { ...base(), changes } });
      }
      history.push({ day, open: isOpen(), owner, channel: life.channel });
    }
    states.push(history);
  }
  /** Open cases at the end of a day, by owner and by channel. */
  const at = (d: string) => {
    const byOwner = new Map<string, number>();
    const byChannel = new Map<string, number>();
    let total = 0;
    for (const h of states) {
      const last = h.filter((s) => dayOf(s.day) <= d).at(-1);
      if (!last?.open) continue;
      total += 1;
      byOwner.set(last.owner, (byOwner.get(last.owner) ?? 0) + 1);
      byChannel.set(last.channel, (byChannel.get(last.channel) ?? 0) + 1);
    }
    return { total, byOwner, byChannel };
  };
  return { events: out, at };
}

describe('a level (the backlog) equals the state computed case by case', () => {
  it('for random case lives: opened, resolved, reopened, reassigned, binned and restored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lifeArb, { maxLength: 12 }), dayArb, dayArb, async (lives, a, b) => {
        await reset();
        const { events, at } = caseEvents(lives);
        const delivered = await storePublished(events);
        for (const d of [...delivered].reverse()) await t.services.metricRollups.apply(d);
        const [from, to] = a <= b ? [a, b] : [b, a];
        const check = async () => {
          const want = at(to);
          const byUser = await t.services.metrics.value(admin.actor, 'service.backlog', {
            from,
            to,
            by: 'user',
            interval: 'week',
          });
          expect(byUser.value).toBe(want.total);
          expect(new Map(byUser.groups.map((g) => [g.key, g.value]))).toEqual(want.byOwner);
          for (const p of byUser.series) {
            const end = [addDays(p.period, 6), to].sort()[0]!;
            expect(p.value, `week of ${p.period}`).toBe(at(end).total);
          }
          const byChannel = await t.services.metrics.value(admin.actor, 'service.backlog', { from, to, by: 'channel' });
          expect(new Map(byChannel.groups.map((g) => [g.key, g.value]))).toEqual(want.byChannel);
        };
        await check();
        await t.services.metricRollups.rebuild();
        await check();
      }),
      { numRuns: 12 },
    );
  });
});

describe('GET /api/v1/metrics', () => {
  it('lists every registered metric with its definition', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: sNorth.headers });
    expect(res.statusCode).toBe(200);
    const { data } = json<{ data: { id: string }[] }>(res);
    expect(data.map((m) => m.id)).toEqual(expect.arrayContaining(METRICS));
    expect(data.find((m) => m.id === 'sales.win_rate')).toEqual({
      id: 'sales.win_rate',
      name: 'Win rate',
      definition: expect.stringContaining('share that was won'),
      unit: 'ratio',
      direction: 'up',
      dimensions: ['user', 'team'],
    });
  });
});

describe('GET /api/v1/metrics/{id}', () => {
  const wins = (): Ev[] => [
    {
      type: 'deal.stage_changed',
      day: '2027-01-04',
      actor: 0,
      payload: { outcome: 'won', amountMinor: 100, owner: 1 },
    },
    {
      type: 'deal.stage_changed',
      day: '2027-01-05',
      actor: 0,
      payload: { outcome: 'lost', amountMinor: 50, owner: 1 },
    },
    {
      type: 'deal.stage_changed',
      day: '2027-02-10',
      actor: 0,
      payload: { outcome: 'won', amountMinor: 300, owner: 2 },
    },
  ];

  it('answers the value, the series by month and the groups by team', async () => {
    await reset();
    for (const d of await store(wins())) await t.services.metricRollups.apply(d);
    const url = '/api/v1/metrics/sales.win_rate?from=2027-01-01&to=2027-03-31&interval=month&by=team';
    const res = await t.app.inject({ method: 'GET', url, headers: sAdmin.headers });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      value: 2 / 3,
      series: [
        { period: '2027-01', value: 0.5 },
        { period: '2027-02', value: 1 },
        { period: '2027-03', value: null },
      ],
      groups: [
        { key: north.actor.teamIds[0], label: 'North', value: 0.5 },
        { key: south.actor.teamIds[0], label: 'South', value: 1 },
      ],
    });
    const weekly = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.won_amount?from=2027-01-04&to=2027-01-17&interval=week',
      headers: sAdmin.headers,
    });
    expect(json(weekly)).toEqual({
      value: 100,
      series: [
        { period: '2027-01-04', value: 100 },
        { period: '2027-01-11', value: 0 },
      ],
      groups: [],
    });
  });

  it('counts only what the reader may see: team visibility its teams, own visibility its own user', async () => {
    await reset();
    for (const d of await store(wins())) await t.services.metricRollups.apply(d);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.won_amount?from=2027-01-01&to=2027-03-31&by=team',
      headers: sNorth.headers,
    });
    expect(json(res)).toMatchObject({
      value: 100,
      groups: [{ key: north.actor.teamIds[0], label: 'North', value: 100 }],
    });
    const own: Actor = {
      ...south.actor,
      policy: { ...south.actor.policy, visibility: { ...south.actor.policy.visibility, deals: 'own' } },
    };
    const mine = await t.services.metrics.value(own, 'sales.won_count', {
      from: '2027-01-01',
      to: '2027-03-31',
      by: 'user',
    });
    expect(mine.value).toBe(1);
    expect(mine.groups.map((g) => g.key)).toEqual([south.id]);
  });

  it('keeps the rollups current through the event spine, once per event', async () => {
    await reset();
    await t.db.database.db.deleteFrom('outbox').where('consumer', '=', ROLLUP_CONSUMER).execute();
    const person = await t.services.people.create(north.ctx, {
      firstName: 'Cleo',
      lastName: 'Customer',
      lifecycleStage: 'customer',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    });
    await t.services.activities.log(north.ctx, {
      type: 'call',
      direction: 'out',
      subject: 'Hello',
      personId: person.id!,
    });
    // A lead who becomes a customer counts too; a customer edited otherwise does not count again.
    const lead = await t.services.people.create(north.ctx, {
      firstName: 'Lee',
      lastName: 'Lead',
      lifecycleStage: 'lead',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    });
    await t.services.people.update(north.ctx, lead.id!, { lifecycleStage: 'customer' });
    await t.services.people.update(north.ctx, lead.id!, { lastName: 'Loyal' });
    await t.services.events.drain();
    const today = new Date().toISOString().slice(0, 10);
    const q = { from: addDays(today, -7), to: addDays(today, 7) };
    expect((await t.services.metrics.value(admin.actor, 'activities.logged', q)).value).toBe(1);
    expect((await t.services.metrics.value(admin.actor, 'customers.new', { ...q, by: 'user' })).groups).toEqual([
      { key: north.id, label: north.actor.name, value: 2 },
    ]);
    // A redelivery of an event already counted changes nothing; a rebuild gives the same.
    const [ev] = await t.db.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'activity.logged')
      .execute();
    const again = await t.services.metricRollups.apply({
      id: 'x',
      eventId: ev!.id,
      type: ev!.type,
      payload: {
        ...JSON.parse(ev!.payload),
        actorId: ev!.actor_id,
        at: ev!.at,
        object: 'activities',
        recordId: ev!.record_id,
      },
      attempts: 2,
    });
    expect(again).toBe(false);
    await t.services.metricRollups.rebuild();
    expect((await t.services.metrics.value(admin.actor, 'activities.logged', { from: today, to: today })).value).toBe(
      1,
    );
  });

  it('counts a deal won through the API by its owner, with its amount', async () => {
    await reset();
    const post = (session: Session, url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: session.headers, payload });
    const pipeline = json<{ id: string; stages: { id: string; name: string }[] }>(
      await post(sAdmin, '/api/v1/pipelines', {
        name: 'Metrics pipeline',
        stages: [{ name: 'Open' }, { name: 'Won', outcome: 'won' }, { name: 'Lost', outcome: 'lost' }],
      }),
    );
    const deal = json<{ id: string; version: number }>(
      await post(sNorth, '/api/v1/deals', {
        name: 'Metered deal',
        pipelineId: pipeline.id,
        amount: { amountMinor: 500_000, currency: 'EUR' },
      }),
    );
    const won = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/deals/${deal.id}`,
      headers: { ...sNorth.headers, 'if-match': `"${deal.version}"` },
      payload: { stageId: pipeline.stages.find((s) => s.name === 'Won')!.id },
    });
    expect(won.statusCode).toBe(200);
    await t.services.events.drain();
    const today = new Date().toISOString().slice(0, 10);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/metrics/sales.won_amount?from=${addDays(today, -1)}&to=${addDays(today, 1)}&by=user`,
      headers: sAdmin.headers,
    });
    expect(json(res)).toMatchObject({ value: 500_000, groups: [{ key: north.id, value: 500_000 }] });
  });

  it('refuses bad input with problems naming the field, and an unknown metric with 404', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.win_rate?from=2027-13-01&to=2027-01-01',
      headers: sAdmin.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual(['/from']);
    const backwards = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.win_rate?from=2027-02-01&to=2027-01-01',
      headers: sAdmin.headers,
    });
    expect(json<{ errors: { pointer: string }[] }>(backwards).errors.map((e) => e.pointer)).toEqual(['/to']);
    const interval = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.win_rate?from=2027-01-01&to=2027-01-02&interval=year',
      headers: sAdmin.headers,
    });
    expect(interval.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(interval).errors[0]!.pointer).toBe('/interval');
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/sales.nope?from=2027-01-01&to=2027-01-02',
      headers: sAdmin.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
