import { sql } from 'kysely';
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

describe('search documents of the bulk seed', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await testDatabase();
  });
  afterAll(() => tdb.drop());

  it('writes every seeded person and company the documents a rebuild writes, so they can be searched', async () => {
    const seeded = await seedWorkspace(tdb.database, { scale: 60, withTimeline: false });
    const { db } = tdb.database;
    const livePeople = await db.selectFrom('people').select('id').where('deleted_at', 'is', null).execute();
    const liveCompanies = await db.selectFrom('companies').select('id').where('deleted_at', 'is', null).execute();
    const written = await documents(tdb.database);
    expect(written).toHaveLength(livePeople.length + liveCompanies.length);
    expect(livePeople.length).toBeLessThanOrEqual(seeded.people);
    await db.deleteFrom('search_documents').execute();
    await rebuildSearchDocuments(tdb.database);
    expect(await documents(tdb.database)).toEqual(written);

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

  it('finds seeded records through the full-text index the seed rebuilt after writing them', async () => {
    const { db } = tdb.database;
    const company = await db.selectFrom('companies').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
    const hits = await searchIndexFor(tdb.database.dialect).query(db, {
      q: company.name,
      kinds: ['companies'],
      scopes: { companies: { kind: 'all' } },
      limit: 25,
    });
    expect(hits.map((h) => h.recordId)).toContain(company.id);
    if (tdb.database.dialect === 'sqlite') {
      // the triggers that keep the index in step are back after the load
      const triggers = await sql<{ name: string }>`
        select name from sqlite_master where type = 'trigger' and tbl_name = 'search_documents' order by name`.execute(
        db,
      );
      expect(triggers.rows.map((t) => t.name)).toEqual([
        'search_documents_ad',
        'search_documents_ai',
        'search_documents_au',
      ]);
      await sql`insert into search_fts(search_fts) values ('integrity-check')`.execute(db);
    }
  });
});
