import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { BUILTIN_ROLES, placementProblems } from './policy.ts';

let t: TestContext;
let admin: Session;
let rep: TestUser;
let repS: Session;
let mate: TestUser;
let south: TestUser;
let northId: string;
let southId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  rep = await createUser(t.services, 'sales', 'North', 'rep');
  repS = await login(t.app, rep.email);
  mate = await createUser(t.services, 'sales', 'North', 'mate');
  south = await createUser(t.services, 'sales', 'South', 'south');
  const teams = json<{ data: { id: string; name: string }[] }>(
    await t.app.inject({ url: '/api/v1/teams', headers: admin.headers }),
  ).data;
  northId = teams.find((x) => x.name === 'North')!.id;
  southId = teams.find((x) => x.name === 'South')!.id;
});
afterAll(() => t.close());

type Kind = 'people' | 'companies';
const body = (kind: Kind, name: string, extra: object) =>
  kind === 'people' ? { firstName: name, lastName: 'Placement', ...extra } : { name: `${name} Placement`, ...extra };
const post = (kind: Kind, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/${kind}`, headers, payload });
const count = async (kind: Kind) =>
  json<{ total: number }>(await t.app.inject({ url: `/api/v1/${kind}`, headers: admin.headers })).total;

const expectPlacementRefused = (
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  pointer: string,
) => {
  expect(res.statusCode).toBe(403);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const p = res.json() as { code: string; errors: { pointer: string }[] };
  expect(p.code).toBe('access.placement');
  expect(p.errors.map((e) => e.pointer)).toContain(pointer);
};

describe.each(['people', 'companies'] as const)('%s: a sales user places records only in their own team', (kind) => {
  it('refuses another team (403 naming teamId) and writes nothing, even when they own it', async () => {
    const before = await count(kind);
    expectPlacementRefused(await post(kind, repS.headers, body(kind, 'Elsewhere', { teamId: southId })), '/teamId');
    expectPlacementRefused(
      await post(kind, repS.headers, body(kind, 'Mine', { teamId: southId, ownerId: rep.id })),
      '/teamId',
    );
    expect(await count(kind)).toBe(before);
  });

  it('refuses an owner from another team (403 naming ownerId)', async () => {
    const before = await count(kind);
    expectPlacementRefused(await post(kind, repS.headers, body(kind, 'Theirs', { ownerId: south.id })), '/ownerId');
    expect(await count(kind)).toBe(before);
  });

  it('accepts their team and a teammate as owner', async () => {
    const res = await post(kind, repS.headers, body(kind, 'Teammate', { ownerId: mate.id, teamId: northId }));
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ ownerId: mate.id, teamId: northId });
  });

  it('cannot move their own record to another team, but edits a record an admin placed elsewhere', async () => {
    const mine = json<{ id: string }>(await post(kind, repS.headers, body(kind, 'Move', {})));
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/${kind}/${mine.id}`,
      headers: { ...repS.headers, 'if-match': '"1"' },
      payload: { teamId: southId },
    });
    expectPlacementRefused(moved, '/teamId');
    const after = json(await t.app.inject({ url: `/api/v1/${kind}/${mine.id}`, headers: repS.headers }));
    expect(after).toMatchObject({ teamId: northId, version: 1 });

    const placed = await post(kind, admin.headers, body(kind, 'Placed', { ownerId: rep.id, teamId: southId }));
    expect(placed.statusCode).toBe(201);
    const { id } = json<{ id: string }>(placed);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/${kind}/${id}`,
      headers: { ...repS.headers, 'if-match': '"1"' },
      payload: kind === 'people' ? { jobTitle: 'Edited' } : { industry: 'Edited' },
    });
    expect(edit.statusCode).toBe(200);
    expect(json(edit)).toMatchObject({ teamId: southId, ownerId: rep.id });
  });

  it('an admin (all visibility) places anywhere', async () => {
    const res = await post(kind, admin.headers, body(kind, 'Anywhere', { ownerId: south.id, teamId: southId }));
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ ownerId: south.id, teamId: southId });
  });
});

describe('placementProblems', () => {
  const sales = BUILTIN_ROLES.find((r) => r.key === 'sales')!.policy;
  const team = fc.constantFrom('t1', 't2', 't3', 't4');
  it('a team-visibility user never places a new record outside their teams or with an owner outside them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(team, { maxLength: 3 }),
        fc.option(team, { nil: null }),
        fc.option(fc.constantFrom('me', 'u2'), { nil: null }),
        fc.uniqueArray(team, { maxLength: 3 }),
        (mine, teamId, ownerId, ownerTeams) => {
          const actor = {
            kind: 'user' as const,
            id: 'me',
            name: 'Me',
            email: 'me@x',
            roleId: 'r',
            roleKey: 'sales',
            policy: sales,
            teamIds: mine,
          };
          const ok = placementProblems(actor, 'people', { ownerId, ownerTeamIds: ownerTeams, teamId }).length === 0;
          const teamOk = teamId === null || mine.includes(teamId);
          const ownerOk = ownerId === null || ownerId === 'me' || ownerTeams.some((x) => mine.includes(x));
          expect(ok).toBe(teamOk && ownerOk);
          const admin = { ...actor, policy: BUILTIN_ROLES[0]!.policy };
          expect(placementProblems(admin, 'people', { ownerId, ownerTeamIds: ownerTeams, teamId })).toEqual([]);
        },
      ),
    );
  });
});
