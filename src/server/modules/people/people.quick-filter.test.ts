/**
 * The list's quick filter (`q`): name matches first, then people matched only by an email prefix, each group by name;
 * paging through every page returns each match exactly once and the total counts them all. Property-based: random
 * names, emails and prefixes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { QUICK_SCAN } from './people.repository.ts';

let t: TestContext;
let s: Session;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  s = await login(t.app, admin.email);
});
afterAll(() => t.close());

interface Listed {
  data: { id: string; firstName: string; lastName: string; emails: { email: string }[] }[];
  nextCursor: string | null;
  total: number;
}

async function allPages(q: string, limit: number): Promise<{ rows: Listed['data']; total: number }> {
  const rows: Listed['data'] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let page = 0; page < 100; page++) {
    const url: string = `/api/v1/people?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.app.inject({ url, headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body: Listed = json<Listed>(res);
    if (page === 0) total = body.total;
    rows.push(...body.data);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return { rows, total };
}

const syllable = fc.constantFrom('ma', 'mar', 'jo', 'an', 'el', 'sm', 'li', 'to');
const word = fc.tuple(syllable, syllable).map(([a, b]) => a + b);

describe('GET /api/v1/people?q= (quick filter)', () => {
  it('pages through name matches, then email-only matches, each exactly once, and counts them all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ first: word, last: word, local: word }), { minLength: 1, maxLength: 12 }),
        syllable,
        fc.integer({ min: 1, max: 4 }),
        async (people, prefix, limit) => {
          const tag = Math.random().toString(36).slice(2, 8);
          const made: { id: string; last: string; email: string }[] = [];
          for (const p of people) {
            const email = `${p.local}.${tag}${made.length}@example.com`;
            const res = await t.app.inject({
              method: 'POST',
              url: '/api/v1/people',
              headers: s.headers,
              payload: { firstName: p.first, lastName: `${p.last}${tag}`, emails: [{ email }] },
            });
            expect(res.statusCode).toBe(201);
            made.push({ id: json<{ id: string }>(res).id, last: `${p.last}${tag}`, email });
          }
          // Every run deletes its people at the end, so only this run's people are live.
          for (const q of [prefix, `${prefix}${prefix}`]) {
            const { rows, total } = await allPages(q, limit);
            const mine = rows.filter((r) => made.some((m) => m.id === r.id));
            const byName = made.filter((m) => m.last.startsWith(q));
            const byEmailOnly = made.filter((m) => !m.last.startsWith(q) && m.email.startsWith(q));
            const ids = mine.map((r) => r.id);
            expect(new Set(ids).size).toBe(ids.length);
            // name matches come first
            const firstEmailOnly = ids.map((id) => byEmailOnly.some((m) => m.id === id)).indexOf(true);
            const lastByName = ids.map((id) => byName.some((m) => m.id === id)).lastIndexOf(true);
            if (firstEmailOnly >= 0 && lastByName >= 0) expect(lastByName).toBeLessThan(firstEmailOnly);
            expect(new Set(ids)).toEqual(new Set([...byName, ...byEmailOnly].map((m) => m.id)));
            expect(total).toBe(rows.length);
          }
          for (const m of made) {
            await t.app.inject({ method: 'DELETE', url: `/api/v1/people/${m.id}`, headers: s.headers });
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('counts email-only matches among the first entries of the email index, as a lower bound, and lists them all', async () => {
    const made: string[] = [];
    for (let i = 0; i < QUICK_SCAN + 5; i++) {
      const p = await t.services.people.create(admin.ctx, {
        firstName: 'Ann',
        lastName: `Other${i}`,
        emails: [{ email: `zedtest${String(i).padStart(3, '0')}@example.com` }],
      });
      made.push(p.id);
    }
    const first = json<Listed & { totalCapped: boolean }>(
      await t.app.inject({ url: '/api/v1/people?q=zedtest&limit=50', headers: s.headers }),
    );
    expect(first.total).toBe(QUICK_SCAN);
    expect(first.totalCapped).toBe(true);
    const { rows } = await allPages('zedtest', 50);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(made));
    for (const id of made) await t.services.people.remove(admin.ctx, id);
  });

  it('rejects a cursor it did not issue with a problem naming the cursor', async () => {
    const res = await t.app.inject({ url: '/api/v1/people?q=ma&cursor=bm9wZQ', headers: s.headers });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(res).errors[0]!.pointer).toBe('/cursor');
  });
});
