/**
 * docs/events.md is the catalogue of events: checked here against the registry of kinds (every kind's lifecycle
 * events), the code that publishes (every literal event type), and what the kernel actually writes (the payload keys of
 * people's and companies' lifecycle events). Also: field rules apply when an event leaves through a webhook.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '../../shared/webhook-events.ts';
import { newRolePolicy } from '../platform/access/policy.ts';
import { LIFECYCLE_VERBS, lifecycleVerbs } from '../platform/records/kind.ts';
import { createUser, type TestContext, type TestUser, testApp } from '../test/harness.ts';
import { recordKinds } from './kinds.ts';

const root = resolve(import.meta.dirname, '../../..');
const doc = readFileSync(join(root, 'docs/events.md'), 'utf8');

/** The doc's tables: event → object/kind and the payload keys it names. */
const rows = new Map(
  [...doc.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \| ([a-z_-]+) \| (.*) \|$/gm)].map((m) => [
    m[1]!,
    { object: m[2]!, keys: [...m[3]!.matchAll(/`([A-Za-z]+)`/g)].map((k) => k[1]!) },
  ]),
);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Event types the modules publish: literal `type: 'x.y'`, and prefixes of built ones (`type: \`promise.${verb}\``). */
const published = { literal: new Set<string>(), prefixes: new Set<string>() };
for (const file of sources(join(root, 'src/server/modules'))) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('.publish(') && !text.includes('.publishMany(')) continue;
  for (const m of text.matchAll(/type: '([a-z_]+\.[a-z_]+)'/g)) published.literal.add(m[1]!);
  for (const m of text.matchAll(/type: `([a-z_]+\.)\$\{/g)) published.prefixes.add(m[1]!);
}

describe('docs/events.md', () => {
  it('lists the lifecycle events of every kind in the registry (all four unless it declares fewer), under that kind', () => {
    for (const kind of recordKinds.kinds) {
      for (const verb of lifecycleVerbs(kind)) {
        const type = `${kind.eventPrefix}.${verb}`;
        expect(rows.get(type)?.object, `${type} in docs/events.md`).toBe(kind.name);
      }
    }
  });

  it('lists every event a module publishes, and nothing that is never published', () => {
    for (const type of published.literal) expect(rows.has(type), `${type} in docs/events.md`).toBe(true);
    const lifecycle = new Set(recordKinds.kinds.flatMap((k) => lifecycleVerbs(k).map((v) => `${k.eventPrefix}.${v}`)));
    for (const type of rows.keys()) {
      const known =
        lifecycle.has(type) || published.literal.has(type) || [...published.prefixes].some((p) => type.startsWith(p));
      expect(known, `${type} is published somewhere`).toBe(true);
    }
  });
});

describe('webhook subscriptions', () => {
  it('offer every documented event one by one, except those only the metrics read', () => {
    const offered = new Set<string>(WEBHOOK_EVENT_TYPES);
    const internal = new Set<string>(INTERNAL_EVENT_TYPES);
    const documented = [...rows.keys()];
    expect(documented.filter((type) => !offered.has(type) && !internal.has(type))).toEqual([]);
    expect([...offered, ...internal].filter((type) => !rows.has(type))).toEqual([]);
  });
});

describe('lifecycle payloads', () => {
  let t: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    t = await testApp({ webhookAllowPrivate: true });
    admin = await createUser(t.services, 'admin', 'North');
  });
  afterAll(() => t.close());

  async function payloadOf(type: string, recordId: string): Promise<Record<string, unknown>> {
    const row = await t.db.database.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', type)
      .where('record_id', '=', recordId)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    return JSON.parse(row.payload);
  }

  it('carry exactly the keys the catalogue names, with before/after values', async () => {
    const c = await t.services.companies.create(admin.ctx, { name: 'Acme' });
    const p = await t.services.people.create(admin.ctx, { firstName: 'Ada', lastName: 'L', companyId: c.id });
    await t.services.people.update(admin.ctx, p.id, { lifecycleStage: 'customer' });
    await t.services.companies.update(admin.ctx, c.id, { name: 'Acme Ltd' });
    await t.services.people.remove(admin.ctx, p.id);
    await t.services.people.restore(admin.ctx, p.id);
    await t.services.companies.remove(admin.ctx, c.id);
    await t.services.companies.restore(admin.ctx, c.id);
    for (const [prefix, id] of [
      ['person', p.id],
      ['company', c.id],
    ] as const) {
      for (const verb of LIFECYCLE_VERBS) {
        const type = `${prefix}.${verb}`;
        expect(Object.keys(await payloadOf(type, id)).sort(), type).toEqual([...rows.get(type)!.keys].sort());
      }
    }
    // What derives from the stage (cadence, contact due date) changes with it.
    expect((await payloadOf('person.updated', p.id)).changes).toMatchObject({
      lifecycleStage: { from: 'lead', to: 'customer' },
    });
    expect((await payloadOf('company.updated', c.id)).changes).toEqual({ name: { from: 'Acme', to: 'Acme Ltd' } });
  });

  it('leave through a webhook as the endpoint owner may read them', async () => {
    const policy = newRolePolicy();
    policy.objects.settings = ['read', 'update'];
    policy.visibility = { ...policy.visibility, companies: 'all' };
    policy.fields = { companies: { creditLimit: 'hidden' } };
    await t.services.identity.createRole(admin.ctx, { key: 'integrator', name: 'Integrator', policy });
    const integrator = await createUser(t.services, 'integrator', 'North');
    const mine = await t.services.webhooks.create(integrator.ctx, {
      url: 'http://127.0.0.1:9/hook',
      events: ['company.updated'],
    });
    const admins = await t.services.webhooks.create(admin.ctx, {
      url: 'http://127.0.0.1:9/admin-hook',
      events: ['company.updated'],
    });
    const c = await t.services.companies.create(admin.ctx, { name: 'Globex' });
    await t.services.companies.update(admin.ctx, c.id, {
      name: 'Globex Corp',
      creditLimit: { amountMinor: 500_000, currency: 'EUR' },
    });
    await t.services.events.drain();
    const body = async (endpointId: string) => {
      const rows = (
        await t.db.database.db
          .selectFrom('webhook_deliveries')
          .select('body')
          .where('endpoint_id', '=', endpointId)
          .execute()
      )
        .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })
        .filter((d) => d.data.recordId === c.id);
      expect(rows).toHaveLength(1);
      return rows[0] as { type: string; data: { changes: Record<string, unknown>; changed: string[] } };
    };
    const forIntegrator = await body(mine.id);
    expect(forIntegrator.type).toBe('company.updated');
    expect(Object.keys(forIntegrator.data.changes)).toEqual(['name']);
    expect(forIntegrator.data.changed).toEqual(['name']);
    expect(JSON.stringify(forIntegrator)).not.toContain('500000');
    const forAdmin = await body(admins.id);
    expect(Object.keys(forAdmin.data.changes).sort()).toEqual(['creditLimit', 'name']);
  });
});
