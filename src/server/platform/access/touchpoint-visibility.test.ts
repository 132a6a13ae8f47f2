/**
 * Roles and the registry of kinds: tasks and promises have their own visibility (no longer people's), a new role starts
 * as a copy of the sales role, and a policy may only name objects there are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { BUILTIN_ROLES, newRolePolicy, OBJECTS, VISIBILITY_OBJECTS } from './policy.ts';

let t: TestContext;
let admin: TestUser;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  s = await login(t.app, admin.email);
});
afterAll(() => t.close());

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: s.headers, payload });

describe('objects come from the registry of kinds', () => {
  it('lists every kind, touchpoint and system object, and gives tasks and promises a visibility', () => {
    expect(OBJECTS).toEqual(
      expect.arrayContaining(['people', 'companies', 'activities', 'tasks', 'promises', 'users']),
    );
    expect(VISIBILITY_OBJECTS).toEqual(expect.arrayContaining(['people', 'companies', 'tasks', 'promises']));
    for (const role of BUILTIN_ROLES) {
      expect(role.policy.visibility.tasks, role.key).toBe(role.policy.visibility.people);
      expect(role.policy.visibility.promises, role.key).toBe(role.policy.visibility.people);
    }
  });

  it('starts a new role as a copy of the sales role', async () => {
    const res = await post('/api/v1/roles', { key: 'field-sales', name: 'Field sales' });
    expect(res.statusCode).toBe(201);
    expect(json<{ policy: unknown }>(res).policy).toEqual(newRolePolicy());
  });

  it('refuses a policy naming an object there is not, naming it', async () => {
    const res = await post('/api/v1/roles', {
      key: 'odd',
      name: 'Odd',
      policy: { objects: { unicorns: ['read'] }, visibility: { audit: 'all' }, fields: { tasks: { title: 'hidden' } } },
    });
    expect(res.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer)).toEqual([
      '/policy/objects/unicorns',
      '/policy/visibility/audit',
      '/policy/fields/tasks',
    ]);
  });
});

describe('tasks have their own visibility', () => {
  it('a role seeing every person but only its own tasks does not list a colleague’s task', async () => {
    const policy = newRolePolicy();
    policy.visibility = { ...policy.visibility, people: 'all', tasks: 'own' };
    expect((await post('/api/v1/roles', { key: 'own-tasks', name: 'Own tasks', policy })).statusCode).toBe(201);
    const me = await createUser(t.services, 'own-tasks', 'North');
    const colleague = await createUser(t.services, 'sales', 'North');
    const mine = await t.services.tasks.create(me.ctx, { title: 'Mine' });
    const theirs = await t.services.tasks.create(colleague.ctx, { title: 'Theirs' });
    const session = await login(t.app, me.email);
    const listed = json<{ data: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/tasks?limit=200', headers: session.headers }),
    ).data.map((x) => x.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    // The colleague's sales role sees its team's tasks, as it saw them through people before.
    const seen = json<{ data: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/tasks?limit=200', headers: (await login(t.app, colleague.email)).headers }),
    ).data.map((x) => x.id);
    expect(seen).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });
});
