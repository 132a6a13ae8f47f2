import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let me: Session;
let other: Session;

beforeAll(async () => {
  t = await testApp();
  me = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
  other = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});
afterAll(() => t.close());

interface View {
  id: string;
  name: string;
  shared: boolean;
  mine: boolean;
  state: { filters: string[]; sort: string | null; columns: string[]; q: string | null };
}

const state = { filters: ['lifecycleStage:eq:customer'], sort: 'name', columns: ['email'], q: null };

async function createView(name: string): Promise<View> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/views',
    headers: me.headers,
    payload: { object: 'people', name, state },
  });
  expect(res.statusCode).toBe(201);
  return json<View>(res);
}

const patch = (id: string, payload: object, session = me) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/views/${id}`, headers: session.headers, payload });

describe('PATCH /api/v1/views/:id', () => {
  it('renames, shares and replaces the state of my view; the list shows the change', async () => {
    const v = await createView('Customers');
    const renamed = await patch(v.id, { name: '  My customers ', shared: true });
    expect(renamed.statusCode).toBe(200);
    expect(json<View>(renamed)).toMatchObject({ id: v.id, name: 'My customers', shared: true, mine: true, state });

    const columns = { ...state, columns: ['email', 'phone', 'lastContactAt'] };
    const updated = await patch(v.id, { state: columns });
    expect(updated.statusCode).toBe(200);
    expect(json<View>(updated)).toMatchObject({ name: 'My customers', state: columns });

    const list = json<{ data: View[] }>(
      await t.app.inject({ url: '/api/v1/views?object=people', headers: other.headers }),
    ).data;
    expect(list.find((x) => x.id === v.id)).toMatchObject({ name: 'My customers', mine: false, state: columns });
  });

  it("answers 404 for someone else's view (shared or not) and leaves it as it was", async () => {
    const v = await createView('Mine only');
    await patch(v.id, { shared: true });
    const res = await patch(v.id, { name: 'Hijacked' }, other);
    expect(res.statusCode).toBe(404);
    expect(json<{ code: string }>(res).code).toBe('views.not_found');
    const list = json<{ data: View[] }>(
      await t.app.inject({ url: '/api/v1/views?object=people', headers: me.headers }),
    );
    expect(list.data.find((x) => x.id === v.id)?.name).toBe('Mine only');
    expect((await patch('no-such-view', { name: 'X' })).statusCode).toBe(404);
  });

  it('rejects an empty body, an empty name and unknown fields with 400', async () => {
    const v = await createView('Strict');
    for (const payload of [{}, { name: '' }, { colour: 'red' }, { state: { filters: [] } }]) {
      const res = await patch(v.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
