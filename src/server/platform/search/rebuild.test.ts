import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../seed/seed.ts';
import { createUser, type TestContext, type TestDatabase, testApp, testDatabase } from '../../test/harness.ts';
import { rebuildSearchDocuments } from './rebuild.ts';
import { searchIndexFor } from './search-index.ts';

const documents = async (t: { db: TestDatabase['database']['db'] }) =>
  (
    await t.db
      .selectFrom('search_documents')
      .select(['kind', 'record_id', 'owner_id', 'team_id', 'title', 'subtitle', 'terms'])
      .orderBy('kind')
      .orderBy('record_id')
      .execute()
  ).map((d) => ({ ...d }));

describe('rebuildSearchDocuments after service writes', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('writes the very documents the people and companies services write, and none for deleted records', async () => {
    const admin = await createUser(t.services, 'admin', 'North');
    await t.services.workspace.update(admin.ctx, { defaultCountry: 'US' });
    const { people, companies } = t.services;
    const acme = await companies.create(admin.ctx, {
      name: 'Acme Corp',
      domain: 'https://www.acme.co',
      address: { city: 'Leeds' },
    });
    await companies.create(admin.ctx, { name: 'Bare Ltd' });
    await people.create(admin.ctx, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      jobTitle: 'Analyst',
      companyId: acme.id,
      emails: [{ email: 'ada@example.com' }, { email: 'ada@work.example' }],
      phones: [{ number: '(415) 555-0100' }, { number: '+44 20 7946 0000' }],
    });
    await people.create(admin.ctx, { firstName: 'Émile', lastName: '' });
    const gone = await people.create(admin.ctx, { firstName: 'Gone', lastName: 'Soon' });
    await people.remove(admin.ctx, gone.id);

    const written = await documents(t.services.database);
    expect(written).toHaveLength(4);
    await t.services.database.db.deleteFrom('search_documents').execute();
    const progress: [number, number, string][] = [];
    const r = await rebuildSearchDocuments(t.services.database, (done, total, kind) =>
      progress.push([done, total, kind]),
    );
    expect(r).toMatchObject({ companies: 2, people: 3 });
    expect(await documents(t.services.database)).toEqual(written);
    expect(progress.at(-1)).toEqual([3, 3, 'people']);
    // Running it again changes nothing (upsert).
    await rebuildSearchDocuments(t.services.database);
    expect(await documents(t.services.database)).toEqual(written);
  });
});

describe('rebuildSearchDocuments after the bulk seed', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await testDatabase();
  });
  afterAll(() => tdb.drop());

  it('indexes every seeded person and company, so they can be searched', async () => {
    const seeded = await seedWorkspace(tdb.database, { scale: 60, withTimeline: false });
    const { db } = tdb.database;
    expect(await documents(tdb.database)).toHaveLength(0);
    await rebuildSearchDocuments(tdb.database);
    const livePeople = await db.selectFrom('people').select('id').where('deleted_at', 'is', null).execute();
    const liveCompanies = await db.selectFrom('companies').select('id').where('deleted_at', 'is', null).execute();
    expect(await documents(tdb.database)).toHaveLength(livePeople.length + liveCompanies.length);
    expect(livePeople.length).toBeLessThanOrEqual(seeded.people);

    const someone = await db
      .selectFrom('people')
      .innerJoin('person_emails', 'person_emails.person_id', 'people.id')
      .select(['people.id', 'people.last_name', 'person_emails.email'])
      .where('people.deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const index = searchIndexFor(tdb.database.dialect);
    const hits = await index.query(db, {
      q: someone.email,
      kinds: ['people'],
      scopes: { people: { kind: 'all' } },
      limit: 25,
    });
    expect(hits.map((h) => h.recordId)).toContain(someone.id);
  });
});
