/** The record kernel's own work, through a real kind (companies): rebuilding search documents, and raced updates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
});
afterAll(() => t.close());

describe('record kernel', () => {
  it('rewrites every live record’s search document, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await t.services.companies.create(admin.ctx, { name: `Reindex ${i}` })).id);
    await t.services.companies.remove(admin.ctx, ids[6]!);
    const db = t.db.database.db;
    await db.deleteFrom('search_documents').where('kind', '=', 'companies').execute();
    const pages: number[] = [];
    const n = await t.services.companies.records.reindexAll(3, (done) => pages.push(done));
    expect(n).toBeGreaterThanOrEqual(6);
    expect(pages.slice(0, 2)).toEqual([3, 6]);
    const docs = await db.selectFrom('search_documents').select('record_id').where('kind', '=', 'companies').execute();
    const indexed = new Set(docs.map((d) => d.record_id));
    for (const id of ids.slice(0, 6)) expect(indexed.has(id)).toBe(true);
    expect(indexed.has(ids[6]!)).toBe(false);
  });

  it('applies concurrent updates without If-Match one after the other, each on the fresh record', async () => {
    const c = await t.services.companies.create(admin.ctx, { name: 'Race' });
    await Promise.all([
      t.services.companies.update(admin.ctx, c.id, { industry: 'Retail' }),
      t.services.companies.update(admin.ctx, c.id, { tags: ['vip'] }),
      t.services.companies.update(admin.ctx, c.id, { size: '11-50' }),
    ]);
    const after = await t.services.companies.get(admin.ctx, c.id);
    expect(after).toMatchObject({ industry: 'Retail', tags: ['vip'], size: '11-50', version: 4 });
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const c = await t.services.companies.create(admin.ctx, { name: 'Stale' });
    await t.services.companies.update(admin.ctx, c.id, { industry: 'Energy' });
    await expect(t.services.companies.update(admin.ctx, c.id, { industry: 'Water' }, c.version)).rejects.toMatchObject({
      status: 412,
    });
    expect((await t.services.companies.get(admin.ctx, c.id)).industry).toBe('Energy');
  });
});
