/**
 * Merging duplicates: the survivor keeps the chosen values and every email and phone, every link to the merged record
 * moves to the survivor, the merged record's id redirects, and undo puts back exactly what was there (a property test
 * over random link graphs), on both databases.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../platform/access/policy.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { referencesTo } from './merge.repository.ts';
import { type Merge, MergeService } from './merge.service.ts';

let t: TestContext;
let admin: TestUser;
let sales: TestUser;
let adminS: Session;
let salesS: Session;
let pipelineId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', null, 'admin');
  sales = await createUser(t.services, 'sales', 'North', 'sales');
  [adminS, salesS] = await Promise.all([login(t.app, admin.email), login(t.app, sales.email)]);
  const pipeline = await post('/pipelines', {
    name: 'Merging',
    stages: [
      { name: 'Open', probability: 20 },
      { name: 'Won', outcome: 'won' },
      { name: 'Lost', outcome: 'lost' },
    ],
  });
  pipelineId = json<{ id: string }>(pipeline).id;
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, s = adminS) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: s.headers, payload: payload as object });
const get = (url: string, s = adminS) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });

/**
 * Every reference to any of `ids` (table, column, row key, id), sorted: the link graph around those records. With
 * `keep` (an earlier graph), timeline entries written since (the merge's own, "moved to the bin", "restored") are left
 * out, so the entries that were there compare exactly.
 */
async function graph(kind: 'people' | 'companies', ids: string[], keep?: string[]): Promise<string[]> {
  const out: string[] = [];
  const earlier = keep ? new Set(keep.filter((l) => l.startsWith('timeline.')).map((l) => l.split('|')[1])) : undefined;
  const db = t.services.database.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
  for (const ref of referencesTo(kind)) {
    let q = db.selectFrom(ref.table).select([ref.key, ref.column]).where(ref.column, 'in', ids);
    if (ref.subject) q = q.where('subject_kind', '=', kind);
    for (const r of (await q.execute()) as Record<string, unknown>[]) {
      if (earlier && ref.table === 'timeline' && !earlier.has(String(r[ref.key]))) continue;
      out.push(`${ref.table}.${ref.column}|${String(r[ref.key])}|${String(r[ref.column])}`);
    }
  }
  return out.sort();
}

async function person(firstName: string, lastName: string, extra: Record<string, unknown> = {}) {
  return (await t.services.people.create(admin.ctx, { firstName, lastName, ...extra })).id;
}

describe('POST /people/merge', () => {
  it('keeps the chosen values and every email and phone, moves every link, redirects the merged id, and undoes', async () => {
    const acme = (await t.services.companies.create(admin.ctx, { name: 'Acme Merge' })).id;
    const bob = await person('Bob', 'Lovelace', {
      emails: [{ email: 'bob@example.com' }],
      phones: [{ number: '+44 20 7946 0600' }],
      tags: ['vip'],
    });
    const robert = await person('Robert', 'Lovelace', {
      jobTitle: 'Engineer',
      companyId: acme,
      emails: [{ email: 'robert@example.com' }, { email: 'BOB@example.com' }],
      tags: ['newsletter'],
    });
    await t.services.tasks.create(admin.ctx, { title: 'Call Robert', subjectKind: 'people', subjectId: robert });
    await t.services.activities.log(admin.ctx, {
      type: 'note',
      subject: 'Met Robert',
      subjectKind: 'people',
      subjectId: robert,
    });
    const deal = await t.services.deals.create(admin.ctx, {
      name: 'Robert deal',
      pipelineId,
      people: [
        { personId: robert, role: 'champion' },
        { personId: bob, role: 'user' },
      ],
    });
    const kase = await t.services.cases.create(admin.ctx, {
      subject: 'Robert case',
      channel: 'phone',
      personId: robert,
    });
    const before = await graph('people', [bob, robert]);

    const res = await post('/people/merge', {
      survivorId: bob,
      mergedIds: [robert],
      fields: { firstName: robert, jobTitle: robert },
    });
    expect(res.statusCode, res.body).toBe(201);
    const merge = json<Merge>(res);
    expect(merge).toMatchObject({
      kind: 'people',
      survivorId: bob,
      mergedIds: [robert],
      status: 'merged',
      canUndo: true,
    });
    expect(merge.merged).toEqual([{ id: robert, name: 'Robert Lovelace' }]);

    const survivor = json<Record<string, unknown>>(await get(`/people/${bob}`));
    expect(survivor).toMatchObject({ firstName: 'Robert', jobTitle: 'Engineer', companyId: acme });
    expect((survivor.emails as { email: string }[]).map((e) => e.email)).toEqual([
      'bob@example.com',
      'robert@example.com',
    ]);
    expect((survivor.phones as { number: string }[]).map((p) => p.number)).toEqual(['+442079460600']);
    expect(survivor.tags).toEqual(['vip', 'newsletter']);

    // Every link moved; the deal that had both keeps the survivor once; counts are conserved.
    const after = await graph('people', [bob, robert], before);
    expect(after.filter((l) => l.endsWith(`|${robert}`))).toEqual([]);
    expect(after.length).toBe(before.length - 1);
    const dealNow = json<{ people: { personId: string }[] }>(await get(`/deals/${deal.id}`));
    expect(dealNow.people.map((p) => p.personId)).toEqual([bob]);
    expect(json<{ personId: string }>(await get(`/cases/${kase.id}`)).personId).toBe(bob);

    // The merged id redirects to the survivor.
    const old = await get(`/people/${robert}`);
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe(`/api/v1/people/${bob}`);
    expect(json<{ code: string }>(old).code).toBe('record.merged');

    // The survivor's timeline says so, and shows the merged record's history.
    const timeline = json<{ data: { summary: string }[] }>(await get(`/people/${bob}/timeline`));
    expect(timeline.data.map((e) => e.summary)).toContain('Merged Robert Lovelace into Bob Lovelace');
    const listed = json<{ data: Merge[] }>(await get(`/merges?kind=people&survivorId=${bob}`));
    expect(listed.data.map((m) => m.id)).toEqual([merge.id]);

    // Undo: both records as they were, every link back.
    const undone = await post(`/merges/${merge.id}/undo`, {});
    expect(undone.statusCode, undone.body).toBe(200);
    expect(json<Merge>(undone)).toMatchObject({ status: 'undone', canUndo: false });
    expect(await graph('people', [bob, robert], before)).toEqual(before);
    const bobAgain = json<Record<string, unknown>>(await get(`/people/${bob}`));
    expect(bobAgain).toMatchObject({ firstName: 'Bob', jobTitle: null, companyId: null, tags: ['vip'] });
    expect((bobAgain.emails as { email: string }[]).map((e) => e.email)).toEqual(['bob@example.com']);
    const robertAgain = await get(`/people/${robert}`);
    expect(robertAgain.statusCode).toBe(200);
    expect(json<{ deletedAt: string | null; jobTitle: string }>(robertAgain)).toMatchObject({
      deletedAt: null,
      jobTitle: 'Engineer',
    });
    const again = await post(`/merges/${merge.id}/undo`, {});
    expect(again.statusCode).toBe(409);
    expect(json<{ code: string }>(again).code).toBe('merges.already_undone');
  });

  it('refuses a survivor among the merged, an unknown field or a choice of another record, naming the field', async () => {
    const a = await person('Val', 'One');
    const b = await person('Val', 'Two');
    const res = await post('/people/merge', {
      survivorId: a,
      mergedIds: [a, b],
      fields: { nickname: a, jobTitle: 'x' },
    });
    expect(res.statusCode).toBe(422);
    const pointers = json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    expect(pointers).toEqual(['/mergedIds', '/fields/nickname', '/fields/jobTitle']);
  });

  it('needs delete on the kind: a sales role (update but no delete) may not merge', async () => {
    const a = (await t.services.people.create(sales.ctx, { firstName: 'Sal', lastName: 'One' })).id;
    const b = (await t.services.people.create(sales.ctx, { firstName: 'Sal', lastName: 'Uno' })).id;
    const res = await post('/people/merge', { survivorId: a, mergedIds: [b] }, salesS);
    const canDelete = (await t.app.inject({ method: 'DELETE', url: `/api/v1/people/${b}`, headers: salesS.headers }))
      .statusCode;
    if (canDelete === 403) expect(res.statusCode).toBe(403);
    else expect(res.statusCode).toBe(201);
  });

  it('undo is refused once the survivor changed, and after 30 days', async () => {
    let clock = new Date('2027-01-10T10:00:00Z');
    const merges = new MergeService({
      database: t.services.database,
      events: t.services.events,
      people: t.services.people,
      companies: t.services.companies,
      clock: () => clock,
    });
    const ctx: Ctx = admin.ctx;
    const a = await person('Changed', 'Later');
    const b = await person('Changed', 'Later');
    const m1 = await merges.merge(ctx, 'people', { survivorId: a, mergedIds: [b] });
    await t.services.people.update(ctx, a, { jobTitle: 'Edited after the merge' });
    expect((await merges.get(ctx, m1.id)).canUndo).toBe(false);
    await expect(merges.undo(ctx, m1.id)).rejects.toMatchObject({ code: 'merges.conflict', status: 409 });

    const c = await person('Old', 'Merge');
    const d = await person('Old', 'Merge');
    const m2 = await merges.merge(ctx, 'people', { survivorId: c, mergedIds: [d] });
    clock = new Date('2027-02-10T10:00:00Z');
    await expect(merges.undo(ctx, m2.id)).rejects.toMatchObject({ code: 'merges.too_old', status: 409 });
    clock = new Date('2027-01-20T10:00:00Z');
    expect((await merges.undo(ctx, m2.id)).status).toBe('undone');
  });
});

describe('POST /companies/merge', () => {
  it('moves people, deals and child companies to the survivor; the survivor never becomes its own parent', async () => {
    const keep = (await t.services.companies.create(admin.ctx, { name: 'Globex', domain: 'globex.example' })).id;
    const dup = (await t.services.companies.create(admin.ctx, { name: 'Globex Ltd', industry: 'Energy' })).id;
    await t.services.companies.update(admin.ctx, keep, { parentId: dup });
    const child = (await t.services.companies.create(admin.ctx, { name: 'Globex Child', parentId: dup })).id;
    const worker = await person('Gina', 'Globex', { companyId: dup });
    const deal = await t.services.deals.create(admin.ctx, { name: 'Globex deal', pipelineId, companyId: dup });
    const before = await graph('companies', [keep, dup]);
    const res = await post('/companies/merge', { survivorId: keep, mergedIds: [dup] });
    expect(res.statusCode, res.body).toBe(201);
    const merged = json<Record<string, unknown>>(await get(`/companies/${keep}`));
    // Defaults: the most recently updated non-empty value (the survivor's name, the merged one's industry).
    expect(merged).toMatchObject({ name: 'Globex', industry: 'Energy', domain: 'globex.example', parentId: null });
    expect(json<{ companyId: string }>(await get(`/people/${worker}`)).companyId).toBe(keep);
    expect(json<{ companyId: string }>(await get(`/deals/${deal.id}`)).companyId).toBe(keep);
    expect(json<{ parentId: string }>(await get(`/companies/${child}`)).parentId).toBe(keep);
    const undone = await post(`/merges/${json<Merge>(res).id}/undo`, {});
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await graph('companies', [keep, dup], before)).toEqual(before);
    expect(json<Record<string, unknown>>(await get(`/companies/${keep}`))).toMatchObject({
      name: 'Globex',
      parentId: dup,
      industry: null,
    });
  });
});

describe('POST /duplicates/merge (bulk)', () => {
  it('merges every open pair above the threshold with the defaults, leaving weaker pairs for review', async () => {
    const mk = (first: string, last: string, email?: string) =>
      person(first, last, email ? { emails: [{ email }] } : {});
    await mk('Bulk', 'Alpha', 'bulk.alpha@example.com');
    await mk('Bulk', 'Alpha', 'bulk.alpha@example.com');
    await mk('Bulk', 'Beta', 'bulk.beta@example.com');
    await mk('Bulk', 'Beta', 'bulk.beta@example.com');
    await mk('Bulk', 'Gamma');
    await mk('Bulk', 'Gamma');
    const runJob = async (res: { statusCode: number; body: string }) => {
      expect(res.statusCode, res.body).toBe(202);
      const id = json<{ id: string }>(res as never).id;
      expect(await t.services.jobRunner.runOnce('work', id)).toBe(true);
      return t.services.jobRunner.find(id);
    };
    await runJob(await post('/duplicates/scan', { kind: 'people' }));
    const strong = json<{ data: { score: number }[] }>(await get('/duplicates?kind=people&limit=100')).data.filter(
      (p) => p.score >= 0.9,
    ).length;
    const bulkPairs = async () =>
      json<{ data: { records: { lastName: string }[] }[] }>(await get('/duplicates?kind=people&limit=100'))
        .data.map((p) => p.records[0]!.lastName)
        .filter((n) => ['Alpha', 'Beta', 'Gamma'].includes(n))
        .sort();
    expect(await bulkPairs()).toEqual(['Alpha', 'Beta', 'Gamma']);
    const job = await runJob(await post('/duplicates/merge', { kind: 'people', minScore: 0.9 }));
    expect(job).toMatchObject({ status: 'succeeded' });
    // Alpha, Beta and any other strong pair earlier tests left (same email); not Gamma (a name alone, 0.6).
    expect(job?.message).toBe(`${strong} pairs merged, 0 skipped`);
    expect(await bulkPairs()).toEqual(['Gamma']);
    const live = async (lastName: string) =>
      (
        await t.services.database.db
          .selectFrom('people')
          .select('id')
          .where('last_name', '=', lastName)
          .where('deleted_at', 'is', null)
          .execute()
      ).length;
    expect([await live('Alpha'), await live('Beta'), await live('Gamma')]).toEqual([1, 1, 2]);
    const salesTry = await post('/duplicates/merge', { kind: 'people', minScore: 0.9 }, salesS);
    expect(salesTry.statusCode).toBe(403);
  });
});

describe('merge then undo (property)', () => {
  const link = fc.record({
    kind: fc.constantFrom('task', 'activity', 'promise', 'case', 'deal'),
    to: fc.constantFrom(0, 1, 2),
    also: fc.constantFrom(0, 1, 2),
  });
  test.prop([fc.array(link, { minLength: 1, maxLength: 6 })], { numRuns: 6 })(
    'restores the link graph exactly; while merged, links are conserved and none points at the merged record',
    async (links) => {
      const ids = [await person('Prop', 'A'), await person('Prop', 'B'), await person('Prop', 'C')];
      for (const l of links) {
        const id = ids[l.to]!;
        if (l.kind === 'task')
          await t.services.tasks.create(admin.ctx, { title: 'T', subjectKind: 'people', subjectId: id });
        if (l.kind === 'activity')
          await t.services.activities.log(admin.ctx, {
            type: 'note',
            subject: 'N',
            subjectKind: 'people',
            subjectId: id,
          });
        if (l.kind === 'promise')
          await t.services.promises.create(admin.ctx, {
            description: 'P',
            dueAt: '2030-01-01T00:00:00.000Z',
            subjectKind: 'people',
            subjectId: id,
          });
        if (l.kind === 'case')
          await t.services.cases.create(admin.ctx, { subject: 'C', channel: 'email', personId: id });
        if (l.kind === 'deal') {
          const people = [...new Set([id, ids[l.also]!])].map((personId) => ({ personId, role: 'user' as const }));
          await t.services.deals.create(admin.ctx, { name: 'D', pipelineId, people });
        }
      }
      const before = await graph('people', ids);
      const m = await t.services.merges.merge(admin.ctx, 'people', { survivorId: ids[0]!, mergedIds: [ids[1]!] });
      const during = await graph('people', ids, before);
      expect(during.some((l) => l.endsWith(`|${ids[1]}`))).toBe(false);
      // Conserved: every link is still there, pointing at the survivor, except a deal's contact the survivor had too.
      const removed = dupDealContacts(before, ids);
      expect(during.length).toBe(before.length - removed);
      await t.services.merges.undo(admin.ctx, m.id);
      expect(await graph('people', ids, before)).toEqual(before);
    },
  );
});

/** Deals that had both the survivor and the merged person: the merged one's contact row is removed, not moved. */
function dupDealContacts(before: string[], ids: string[]): number {
  const deals = (id: string) =>
    new Set(before.filter((l) => l.startsWith('deal_people.') && l.endsWith(`|${id}`)).map((l) => l.split('|')[1]));
  const a = deals(ids[0]!);
  return [...deals(ids[1]!)].filter((d) => a.has(d)).length;
}
