/** The industries a company can be given: a workspace setting, the built-in list until an admin edits it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { DEFAULT_INDUSTRIES } from './workspace.service.ts';

let t: TestContext;
let admin: Session;
let sales: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', null)).email);
  sales = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});
afterAll(() => t.close());

const read = async (session: Session) => {
  const res = await t.app.inject({ url: '/api/v1/workspace', headers: session.headers });
  expect(res.statusCode).toBe(200);
  return { body: json<{ industries: string[] }>(res), etag: res.headers.etag as string };
};
const patch = async (industries: unknown, session = admin) => {
  const { etag } = await read(admin);
  return t.app.inject({
    method: 'PATCH',
    url: '/api/v1/workspace',
    headers: { ...session.headers, 'if-match': etag },
    payload: { industries },
  });
};

describe('workspace industries', () => {
  it('offers the built-in list to everyone until an admin edits it', async () => {
    expect((await read(sales)).body.industries).toEqual([...DEFAULT_INDUSTRIES]);
    expect(DEFAULT_INDUSTRIES).toContain('Software');
  });

  it('keeps the admin list trimmed, without repeats, in their order; an empty list restores the built-in one', async () => {
    const res = await patch(['  Breweries ', 'Software', 'software', 'Craft   distilling']);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ industries: string[] }>(res).industries).toEqual(['Breweries', 'Software', 'Craft distilling']);
    expect((await read(sales)).body.industries).toEqual(['Breweries', 'Software', 'Craft distilling']);
    const audit = await t.app.inject({ url: '/api/v1/audit?object=workspace', headers: admin.headers });
    expect(audit.body).toContain('Breweries');

    const reset = await patch([]);
    expect(json<{ industries: string[] }>(reset).industries).toEqual([...DEFAULT_INDUSTRIES]);
  });

  it('refuses blank or over-long names naming the item, and non-admins', async () => {
    const blank = await patch(['Ok', '']);
    expect(blank.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(blank).errors[0]?.pointer).toBe('/industries/1');
    expect((await patch(['x'.repeat(101)])).statusCode).toBe(400);
    expect((await patch(['Mining'], sales)).statusCode).toBe(403);
  });
});
