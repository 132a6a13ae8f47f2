import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/access/policy.ts';
import { createUser, type TestContext, testApp } from '../test/harness.ts';
import { DEMO_ARTICLES } from './articles.ts';
import { seedSelfService } from './self-service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the demo self-service seed', () => {
  it('publishes a public knowledge base of at least 20 articles, found by search and by suggestion', async () => {
    const admin = await createUser(t.services, 'admin', null);
    const seeded = await seedSelfService(t.services, admin.email);
    expect(seeded.articles).toBe(DEMO_ARTICLES.length);
    const publicOnes = await t.services.articles.publicSearch(undefined, { limit: 100 });
    expect(publicOnes.length).toBeGreaterThanOrEqual(20);
    // Every public article renders to something readable, and internal notes never reach the portal.
    for (const hit of publicOnes) expect((await t.services.articles.publicGet(hit.id)).bodyHtml).toBeTruthy();
    expect(publicOnes.some((h) => h.category === 'Internal procedures')).toBe(false);
    const charged = await t.services.articles.publicSuggest('I think I was charged twice for my invoice');
    expect(charged[0]?.title).toBe('I was charged twice');
    const plan = await t.services.articles.publicGet(publicOnes.find((h) => h.title.startsWith('Which plan'))!.id);
    expect(plan.related.map((r) => r.title)).toEqual(['Upgrade to the Business plan', 'Add or remove seats']);
    expect(await t.services.articles.suggest(systemCtx(admin.actor), 'refund')).not.toEqual([]);
    expect(seeded.portalUsers).toBe(0); // an empty workspace has no customers to invite
  });

  it('gives the demo portal customers a history: signed in, requests answered, replies', async () => {
    const admin = await createUser(t.services, 'admin', null);
    const ctx = systemCtx(admin.actor);
    const company = await t.services.companies.create(ctx, { name: 'Seeded Customer Ltd' });
    const make = (firstName: string, i: number) =>
      t.services.people.create(ctx, {
        firstName,
        lastName: 'Seed',
        lifecycleStage: 'customer',
        emails: [{ email: `${firstName.toLowerCase()}${i}@seed.test` }],
        companyId: company.id,
      });
    const people = [await make('Ann', 1), await make('Ben', 2), await make('Cat', 3)];
    const seeded = await seedSelfService(t.services, admin.email);
    expect(seeded.portalUsers).toBe(3);
    const access = await Promise.all(people.map((p) => t.services.portalAuth.access(ctx, p.id)));
    expect(access.map((a) => a.status).sort()).toEqual(['active', 'active', 'invited']);
    expect(access.filter((a) => a.companyAdmin)).toHaveLength(1);
    const cases = await t.services.cases.list(ctx, { filter: 'channel:eq:portal' });
    expect(cases.data).toHaveLength(2);
    const thread = await t.services.caseMessages.list(
      ctx,
      cases.data.find((c) => c.subject?.startsWith('Second'))!.id!,
    );
    expect(thread.map((m) => m.direction)).toEqual(['out', 'in']);
  });
});
