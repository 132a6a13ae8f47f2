import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  await t.services.workspace.update((await createUser(t.services, 'admin', null, 'boot')).ctx, {
    defaultCountry: 'US',
  });
  admin = await createUser(t.services, 'admin', 'North');
  s = await login(t.app, admin.email);
});
afterAll(() => t.close());

const create = (payload: unknown, headers = s.headers) =>
  t.app.inject({ method: 'POST', url: '/api/v1/people', headers, payload: payload as object });

describe('POST /api/v1/people', () => {
  it('creates a person with normalised emails and phones and answers 201 with the record', async () => {
    const res = await create({
      firstName: 'Ada',
      lastName: 'Lovelace',
      emails: [{ email: ' Ada@Example.COM ', label: 'work' }],
      phones: [{ number: '(415) 555-0100', label: 'work' }],
      tags: ['vip', 'vip', 'math'],
    });
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.emails).toEqual([{ email: 'ada@example.com', label: 'work' }]);
    expect(p.phones).toEqual([{ number: '+14155550100', label: 'work' }]);
    expect(p.tags).toEqual(['vip', 'math']);
    expect(p.lifecycleStage).toBe('lead');
    expect(p.ownerId).toBe(admin.id);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/people/${p.id}`);
  });

  it('rejects an invalid phone and email with problem+json naming each field', async () => {
    const res = await create({ firstName: 'Bad', emails: [{ email: 'not-an-email' }], phones: [{ number: '12' }] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = json<{ code: string; errors: { pointer: string }[] }>(res);
    expect(body.code).toBe('validation.failed');
    expect(body.errors.map((e) => e.pointer).sort()).toEqual(['/emails/0/email', '/phones/0/number']);
  });

  it('rejects a missing first name and unknown fields at the schema edge', async () => {
    const res = await create({ lastName: 'X', shoeSize: 44 });
    expect(res.statusCode).toBe(400);
    const body = json<{ errors: { pointer: string; detail: string }[] }>(res);
    expect(body.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/firstName', '/shoeSize']));
  });

  it('writes nothing when validation fails (no half-written change)', async () => {
    const before = json<{ total: number }>(await t.app.inject({ url: '/api/v1/people', headers: s.headers })).total;
    await create({ firstName: 'Half', emails: [{ email: 'ok@example.com' }], phones: [{ number: 'nope' }] });
    const after = json<{ total: number }>(await t.app.inject({ url: '/api/v1/people', headers: s.headers })).total;
    expect(after).toBe(before);
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const res = await create({ firstName: 'Csrf' }, { cookie: s.cookie });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('auth.csrf');
  });
});

describe('GET/PATCH/DELETE /api/v1/people/:id', () => {
  it('updates with If-Match, answers 412 for a stale version, and records field history', async () => {
    const p = json(await create({ firstName: 'Grace', lastName: 'Hopper' }));
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: { ...s.headers, 'if-match': '"1"' },
      payload: { lifecycleStage: 'customer', jobTitle: 'Rear Admiral' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: { ...s.headers, 'if-match': '"1"' },
      payload: { jobTitle: 'Overwritten' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('record.stale');
    const got = json(await t.app.inject({ url: `/api/v1/people/${p.id}`, headers: s.headers }));
    expect(got.jobTitle).toBe('Rear Admiral');
    const hist = json<{
      data: { action: string; changes: Record<string, { from: unknown; to: unknown }>; actor: { id: string } }[];
    }>(await t.app.inject({ url: `/api/v1/people/${p.id}/history`, headers: s.headers })).data;
    expect(hist[0]!.action).toBe('update');
    expect(hist[0]!.actor.id).toBe(admin.id);
    expect(hist[0]!.changes.lifecycleStage).toEqual({ from: 'lead', to: 'customer' });
    expect(hist[1]!.action).toBe('create');
  });

  it('soft-deletes and restores', async () => {
    const p = json(await create({ firstName: 'Temp' }));
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/people/${p.id}`, headers: s.headers })).statusCode,
    ).toBe(204);
    const list = json<{ data: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/people?q=temp', headers: s.headers }),
    );
    expect(list.data.some((x) => x.id === p.id)).toBe(false);
    const restored = await t.app.inject({ method: 'POST', url: `/api/v1/people/${p.id}/restore`, headers: s.headers });
    expect(restored.statusCode).toBe(200);
    expect(json(restored).deletedAt).toBeNull();
  });

  it('answers 404 as problem+json for an unknown id', async () => {
    const res = await t.app.inject({ url: '/api/v1/people/does-not-exist', headers: s.headers });
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('people.not_found');
  });
});

describe('GET /api/v1/people (lists)', () => {
  it('filters, sorts and pages with a keyset cursor over every record exactly once', async () => {
    for (let i = 0; i < 7; i++)
      await create({ firstName: `Page${i}`, lastName: 'Zed', lifecycleStage: i % 2 ? 'customer' : 'prospect' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/people?filter=lastName:eq:Zed&sort=-firstName&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: { firstName: string }[]; nextCursor: string | null; total: number } = json<{
        data: { firstName: string }[];
        nextCursor: string | null;
        total: number;
      }>(await t.app.inject({ url, headers: s.headers }));
      expect(page.total).toBe(7);
      seen.push(...page.data.map((p) => p.firstName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Page6', 'Page5', 'Page4', 'Page3', 'Page2', 'Page1', 'Page0']);
    const customers = json<{ total: number }>(
      await t.app.inject({
        url: '/api/v1/people?filter=lastName:eq:Zed&filter=lifecycleStage:eq:customer',
        headers: s.headers,
      }),
    );
    expect(customers.total).toBe(3);
  });

  it('finds a person by a phone typed in any format', async () => {
    const p = json(await create({ firstName: 'Phone', lastName: 'Finder', phones: [{ number: '+1 (212) 555-0199' }] }));
    for (const q of ['212.555.0199', '12125550199', '+1 212 555 0199']) {
      const res = json<{ data: { id: string }[] }>(
        await t.app.inject({ url: `/api/v1/people?filter=${encodeURIComponent(`phone:eq:${q}`)}`, headers: s.headers }),
      );
      expect(res.data.map((x) => x.id)).toEqual([p.id]);
    }
  });

  it('rejects unknown filter fields and sorts with a 400 naming the parameter', async () => {
    const res = await t.app.inject({ url: '/api/v1/people?filter=shoeSize:eq:4', headers: s.headers });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(res).errors[0]!.pointer).toBe('/filter/0');
    const sort = await t.app.inject({ url: '/api/v1/people?sort=tags', headers: s.headers });
    expect(sort.statusCode).toBe(400);
  });

  it('exports what the list shows as CSV and audits the export', async () => {
    const res = await t.app.inject({
      url: '/api/v1/people/export.csv?filter=lastName:eq:Zed&columns=firstName,lastName,lifecycleStage',
      headers: s.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('firstName,lastName,lifecycleStage');
    expect(lines).toHaveLength(8);
    const audit = json<{ data: { action: string; meta: { rows: number } }[] }>(
      await t.app.inject({ url: '/api/v1/audit?action=export', headers: s.headers }),
    );
    expect(audit.data[0]!.meta.rows).toBe(7);
  });

  it('exports every column the list offers, contact facts included', async () => {
    const aliases: Record<string, string> = { companyId: 'company', ownerId: 'owner', teamId: 'team' };
    const offered = json<{ data: { key: string }[] }>(
      await t.app.inject({ url: '/api/v1/meta/fields?object=people', headers: s.headers }),
    ).data.map((f) => f.key);
    const columns = offered.filter((k) => !['name', 'firstName', 'lastName'].includes(k)).map((k) => aliases[k] ?? k);
    expect(columns).toEqual(expect.arrayContaining(['lastContactAt', 'lastTwoWayAt', 'contactDueAt', 'valueTier']));
    const p = json<{ id: string }>(await create({ firstName: 'Exported', lastName: 'Contact', flags: ['vip'] }));
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/activities',
          headers: s.headers,
          payload: { type: 'meeting', subject: 'Met', personId: p.id, occurredAt: at },
        })
      ).statusCode,
    ).toBe(201);
    const res = await t.app.inject({
      url: `/api/v1/people/export.csv?filter=lastName:eq:Contact&columns=${['firstName', ...columns].join(',')}`,
      headers: s.headers,
    });
    expect(res.statusCode).toBe(200);
    const [head, row] = res.body.trim().split('\n');
    expect(head!.split(',')).toEqual(['firstName', ...columns]);
    const cell = (col: string) => row!.split(',')[columns.indexOf(col) + 1];
    expect(cell('lastContactAt')).toBe(at);
    expect(cell('lastTwoWayAt')).toBe(at);
    expect(Date.parse(cell('contactDueAt')!)).toBeGreaterThan(Date.parse(at));
    expect(cell('flags')).toBe('vip');
  });
});

describe('field rules on people', () => {
  it('a custom role that hides a field never sees it in records, history, filters or sorts', async () => {
    const roles = json<{ data: { id: string; key: string; policy: { objects: object; visibility: object } }[] }>(
      await t.app.inject({ url: '/api/v1/roles', headers: s.headers }),
    ).data;
    const base = roles.find((r) => r.key === 'service')!;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: s.headers,
      payload: {
        key: 'temp-staff',
        name: 'Temp staff',
        policy: { ...base.policy, fields: { people: { jobTitle: 'hidden' } } },
      },
    });
    expect(created.statusCode).toBe(201);
    const temp = await t.services.identity.createUserAsSystem({
      email: 'temp@x.test',
      name: 'Temp',
      password: 'a-long-test-passphrase',
      roleKey: 'temp-staff',
      teamNames: ['North'],
    });
    const p = json(await create({ firstName: 'Secretive', jobTitle: 'Spy' }));
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: s.headers,
      payload: { jobTitle: 'Chief spy' },
    });
    const ts = await login(t.app, temp.email);
    const got = await t.app.inject({ url: `/api/v1/people/${p.id}`, headers: ts.headers });
    expect(got.statusCode).toBe(200);
    expect(json(got)).not.toHaveProperty('jobTitle');
    expect(json(got).firstName).toBe('Secretive');
    const hist = await t.app.inject({ url: `/api/v1/people/${p.id}/history`, headers: ts.headers });
    expect(hist.body).not.toContain('spy');
    expect((await t.app.inject({ url: '/api/v1/people?filter=jobTitle:eq:Spy', headers: ts.headers })).statusCode).toBe(
      400,
    );
    expect((await t.app.inject({ url: '/api/v1/people?sort=jobTitle', headers: ts.headers })).statusCode).toBe(400);
    const write = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: ts.headers,
      payload: { jobTitle: 'x' },
    });
    expect(write.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(write).errors[0]!.pointer).toBe('/jobTitle');
  });
});

describe('nullable links', () => {
  it('null clears a link and stays null (never coerced to an empty string)', async () => {
    const company = json(
      await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: { name: 'Linkco' } }),
    );
    const p = json(await create({ firstName: 'Linked', companyId: company.id, teamId: null, address: { city: null } }));
    expect(p.companyId).toBe(company.id);
    expect(p.teamId).toBeNull();
    expect((p.address as { city: unknown }).city).toBeNull();
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: s.headers,
      payload: { companyId: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect(json(cleared).companyId).toBeNull();
    const empty = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: s.headers,
      payload: { companyId: '' },
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('concurrent edits', () => {
  it('edits without If-Match all apply, one after another; with a stale If-Match they are refused', async () => {
    const p = json(await create({ firstName: 'Busy' }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/people/${p.id}`,
          headers: s.headers,
          payload: { jobTitle: `Title ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const final = json<{ version: number }>(await t.app.inject({ url: `/api/v1/people/${p.id}`, headers: s.headers }));
    expect(final.version).toBe(7);
  });
});

describe('communication topics', () => {
  it("takes topics from the workspace's list only, dedupes them, and filters the list by topic", async () => {
    const bad = await create({ firstName: 'Topical', topics: ['Product news', 'Horoscopes'] });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string; detail: string }[] }>(bad).errors).toEqual([
      expect.objectContaining({ pointer: '/topics/1', detail: "is not one of the workspace's communication topics" }),
    ]);
    const made = await create({ firstName: 'Topical', topics: ['Offers', ' Offers ', 'Product news'] });
    expect(made.statusCode).toBe(201);
    const p = json<{ id: string; topics: string[] }>(made);
    expect(p.topics).toEqual(['Offers', 'Product news']);
    const list = json<{ data: { id: string }[] }>(
      await t.app.inject({
        url: `/api/v1/people?filter=${encodeURIComponent('topics:eq:Offers')}&limit=200`,
        headers: s.headers,
      }),
    );
    expect(list.data.map((r) => r.id)).toContain(p.id);
    const none = json<{ data: { id: string }[] }>(
      await t.app.inject({
        url: `/api/v1/people?filter=${encodeURIComponent('topics:eq:Surveys and feedback')}&limit=200`,
        headers: s.headers,
      }),
    );
    expect(none.data.map((r) => r.id)).not.toContain(p.id);
  });
});

describe('owner, team and tags filters (shared by people and companies)', () => {
  it('filters by tag ("has tag"), by owner and by team, and rejects other tag operators naming /filter', async () => {
    const tagged = json<{ id: string }>(await create({ firstName: 'Tagged', tags: ['filter-probe', 'vip'] }));
    const company = json<{ id: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: s.headers,
        payload: { name: 'Tagged Co', tags: ['filter-probe'] },
      }),
    );
    const teamId = admin.actor.teamIds[0]!;
    for (const [path, id] of [
      ['/api/v1/people', tagged.id],
      ['/api/v1/companies', company.id],
    ] as const) {
      const list = async (filters: string[]) => {
        const qs = filters.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
        const res = await t.app.inject({ url: `${path}?${qs}&limit=200`, headers: s.headers });
        return { res, ids: res.statusCode === 200 ? json<{ data: { id: string }[] }>(res).data.map((r) => r.id) : [] };
      };
      expect((await list(['tags:eq:filter-probe'])).ids).toEqual([id]);
      expect((await list(['tags:eq:filter-probe', `ownerId:eq:${admin.id}`])).ids).toEqual([id]);
      expect((await list(['tags:eq:filter-probe', `teamId:eq:${teamId}`])).ids).toEqual([id]);
      expect((await list(['tags:eq:filter-probe', 'ownerId:eq:00000000-0000-7000-8000-000000000000'])).ids).toEqual([]);
      const bad = (await list(['tags:gt:filter-probe'])).res;
      expect(bad.statusCode).toBe(400);
      expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/filter');
    }
  });
});
