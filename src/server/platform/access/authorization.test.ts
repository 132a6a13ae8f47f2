/**
 * The authorization matrix: every API route × every built-in role × (own / teammate's / other team's record).
 * No role may get a 2xx it is not entitled to, and a denied write changes nothing in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { BUILTIN_ROLES, can, inScope, visibilityScope } from './policy.ts';

type RecordObject = 'people' | 'companies';

let t: TestContext;
const sessions = new Map<string, { user: TestUser; session: Session }>();
/** Records per role: [own, teammate's, other team's] for people and companies. */
const records = new Map<
  string,
  Record<RecordObject, { kind: string; id: string; owner_id: string; team_id: string }[]>
>();
let northMate: TestUser;
let southRep: TestUser;

beforeAll(async () => {
  t = await testApp();
  northMate = await createUser(t.services, 'sales', 'North', 'mate');
  southRep = await createUser(t.services, 'sales', 'South', 'south');
  const adminCtx = (await createUser(t.services, 'admin', 'North', 'root')).ctx;
  // Every module on, so each module's routes answer by the role (a switched-off module answers 404 to everyone).
  await t.services.workspace.update(adminCtx, { modules: { portal: true } });
  for (const role of BUILTIN_ROLES) {
    const user = await createUser(t.services, role.key, 'North');
    sessions.set(role.key, { user, session: await login(t.app, user.email) });
    const recs: Record<RecordObject, { kind: string; id: string; owner_id: string; team_id: string }[]> = {
      people: [],
      companies: [],
    };
    for (const [kind, owner] of [
      ['own', user],
      ['teammate', northMate],
      ['other team', southRep],
    ] as const) {
      const team = owner.actor.teamIds[0]!;
      const c = await t.services.companies.create(adminCtx, {
        name: `${role.key} ${kind} Ltd`,
        ownerId: owner.id,
        teamId: team,
      });
      recs.companies.push({ kind, id: c.id, owner_id: owner.id, team_id: team });
      const p = await t.services.people.create(adminCtx, {
        firstName: role.key,
        lastName: kind,
        ownerId: owner.id,
        teamId: team,
      });
      recs.people.push({ kind, id: p.id, owner_id: owner.id, team_id: team });
    }
    records.set(role.key, recs);
  }
});
afterAll(() => t.close());

async function snapshot(): Promise<string> {
  const db = t.db.database.db;
  const people = await db
    .selectFrom('people')
    .select(['id', 'version', 'deleted_at', 'job_title'])
    .orderBy('id')
    .execute();
  const companies = await db
    .selectFrom('companies')
    .select(['id', 'version', 'deleted_at', 'industry'])
    .orderBy('id')
    .execute();
  return JSON.stringify({ people, companies });
}

/** Query strings for routes that need one to answer 200. */
const queries: Record<string, string> = {
  '/api/v1/lookup': '?phone=%2B442079460000',
  '/api/v1/search': '?q=a',
  '/api/v1/meta/fields': '?object=people',
  '/api/v1/views': '?object=people',
  '/api/v1/forecast': '?period=2027-Q1',
  '/api/v1/sales/performance': '?from=2027-01-01&to=2027-04-01',
};

const bodies: Record<string, unknown> = {
  'POST /api/v1/people': { firstName: 'Matrix' },
  'PATCH /api/v1/people/:id': { jobTitle: 'Changed by matrix' },
  'POST /api/v1/companies': { name: 'Matrix Co' },
  'PATCH /api/v1/companies/:id': { industry: 'Changed by matrix' },
  'PATCH /api/v1/portal/access/:id': { companyAdmin: true },
  'POST /api/v1/people/:id/consents': { purpose: 'email', granted: true, source: 'matrix' },
  'POST /api/v1/people/:id/erase': { reason: 'matrix' },
  'PUT /api/v1/privacy/retention': { enabled: false, months: 36, action: 'flag' },
};

describe('route table', () => {
  it('every API route declares an access rule', () => {
    const api = t.app.routeRules.filter((r) => r.url.startsWith('/api/v1'));
    expect(api.length).toBeGreaterThan(30);
    const unmapped = api.filter((r) => r.access === undefined);
    expect(unmapped).toEqual([]);
  });

  it('every non-public API route refuses anonymous callers with 401', async () => {
    for (const r of t.app.routeRules.filter((x) => x.url.startsWith('/api/v1') && x.access !== 'public')) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url.replace(':id', 'x'),
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });
});

describe('authorization matrix', () => {
  for (const role of BUILTIN_ROLES) {
    it(`${role.key}: no unauthorized 2xx and no change after a denied write, on every route`, async () => {
      const { user, session } = sessions.get(role.key)!;
      const recs = records.get(role.key)!;
      const routes = t.app.routeRules.filter((r) => r.url.startsWith('/api/v1') && typeof r.access === 'object');
      for (const r of routes) {
        const rule = r.access as { object: Parameters<typeof can>[1]; action: Parameters<typeof can>[2] };
        const allowedByRole = can(user.actor, rule.object, rule.action);
        const isRecordRoute = r.url.includes(':id') && (rule.object === 'people' || rule.object === 'companies');
        const targets = isRecordRoute ? recs[rule.object as RecordObject] : [undefined];
        for (const target of targets) {
          const before = r.method === 'GET' ? '' : await snapshot();
          const url = r.url.replace(':id', target?.id ?? 'no-such-id') + (queries[r.url] ?? '');
          const res = await t.app.inject({
            method: r.method as 'GET',
            url,
            headers: session.headers,
            payload:
              r.method === 'GET' || r.method === 'DELETE'
                ? undefined
                : ((bodies[`${r.method} ${r.url}`] as object) ?? {}),
          });
          const where = `${role.key} ${r.method} ${r.url} on ${target?.kind ?? '-'} → ${res.statusCode} ${res.body.slice(0, 120)}`;
          const visible = !target || inScope(visibilityScope(user.actor, rule.object as RecordObject), target);
          const entitled = allowedByRole && visible;
          if (!entitled) {
            expect(res.statusCode < 200 || res.statusCode >= 300, where).toBe(true);
            expect([401, 403, 404], where).toContain(res.statusCode);
            if (r.method !== 'GET') expect(await snapshot(), where).toBe(before);
          }
          if (!allowedByRole) expect(res.statusCode, where).toBe(403);
          if (allowedByRole && !visible) expect(res.statusCode, where).toBe(404);
          // A route on another object's record (e.g. /activities/:id) is called with an id that does not exist: 404.
          if (entitled && r.method === 'GET')
            expect(res.statusCode, where).toBe(isRecordRoute || !r.url.includes(':id') ? 200 : 404);
          // Restore what an entitled delete did, so later routes still find the record.
          if (entitled && r.method === 'DELETE' && target)
            await t.db.database.db
              .updateTable(rule.object as RecordObject)
              .set({ deleted_at: null })
              .where('id', '=', target.id)
              .execute();
        }
      }
    });
  }

  it('lists, counts and exports only hold records the role may see', async () => {
    const { session, user } = sessions.get('sales')!;
    const list = (await t.app.inject({ url: '/api/v1/people?limit=200', headers: session.headers })).json() as {
      data: { ownerId: string; teamId: string }[];
      total: number;
    };
    expect(list.total).toBe(list.data.length);
    for (const p of list.data)
      expect(inScope(visibilityScope(user.actor, 'people'), { owner_id: p.ownerId, team_id: p.teamId })).toBe(true);
    expect(list.data.some((p) => p.ownerId === southRep.id)).toBe(false);
    const csv = (await t.app.inject({ url: '/api/v1/people/export.csv?columns=id,owner', headers: session.headers }))
      .body;
    expect(csv).not.toContain('south');
  });

  it('a hidden field leaks through neither the record, a filter, a sort nor a count', async () => {
    const { session } = sessions.get('sales')!;
    const own = records.get('sales')!.companies[0]!;
    const c = (await t.app.inject({ url: `/api/v1/companies/${own.id}`, headers: session.headers })).json() as Record<
      string,
      unknown
    >;
    expect(c).not.toHaveProperty('creditLimit');
    const filter = await t.app.inject({ url: '/api/v1/companies?filter=creditLimit:gt:0', headers: session.headers });
    expect(filter.statusCode).toBe(400);
    const sort = await t.app.inject({ url: '/api/v1/companies?sort=creditLimit', headers: session.headers });
    expect(sort.statusCode).toBe(400);
    const fields = (
      await t.app.inject({ url: '/api/v1/meta/fields?object=companies', headers: session.headers })
    ).json() as { data: { key: string }[] };
    expect(fields.data.map((f) => f.key)).not.toContain('creditLimit');
    const accounts = sessions.get('accounts')!;
    expect(
      (await t.app.inject({ url: '/api/v1/companies?filter=creditLimit:gt:0', headers: accounts.session.headers }))
        .statusCode,
    ).toBe(200);
  });
});
