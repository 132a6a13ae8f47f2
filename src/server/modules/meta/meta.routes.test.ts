/** GET /meta/objects: the kinds of record the caller may read, their actions, and the fields their role shows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRolePolicy } from '../../platform/access/policy.ts';
import { createUser, json, login, type TestContext, testApp } from '../../test/harness.ts';
import { recordKinds, touchpointKinds } from '../kinds.ts';

let t: TestContext;

beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

interface ObjectMeta {
  kind: string;
  label: string;
  actions: string[];
  visibility: boolean;
  fieldRules: boolean;
  touchpoint: boolean;
  fields: { key: string; label: string; type: string; filterable: boolean; sortable: boolean }[];
}

async function objectsFor(role: string): Promise<ObjectMeta[]> {
  const user = await createUser(t.services, role, 'North');
  const s = await login(t.app, user.email);
  const res = await t.app.inject({ url: '/api/v1/meta/objects', headers: s.headers });
  expect(res.statusCode).toBe(200);
  return json<{ data: ObjectMeta[] }>(res).data;
}

describe('GET /meta/objects', () => {
  it('answers 401 without a login', async () => {
    expect((await t.app.inject({ url: '/api/v1/meta/objects' })).statusCode).toBe(401);
  });

  it('lists every kind of the registry to an admin, with every action and field', async () => {
    const data = await objectsFor('admin');
    expect(data.map((o) => o.kind)).toEqual([...recordKinds.names(), ...touchpointKinds.names()]);
    const people = data.find((o) => o.kind === 'people')!;
    expect(people.label).toBe('People');
    expect(people.actions).toEqual(['read', 'create', 'update', 'delete', 'export']);
    expect(people.fields).toContainEqual({
      key: 'firstName',
      label: 'First name',
      type: 'text',
      filterable: true,
      sortable: true,
    });
    expect(data.find((o) => o.kind === 'companies')!.fields.map((f) => f.key)).toContain('creditLimit');
  });

  it('lists activities, tasks and promises as grantable kinds, tasks and promises with their own visibility', async () => {
    const data = await objectsFor('admin');
    const of = (kind: string) => data.find((o) => o.kind === kind)!;
    expect(of('tasks')).toMatchObject({ label: 'Tasks', visibility: true, fieldRules: false, touchpoint: true });
    expect(of('promises')).toMatchObject({ visibility: true, touchpoint: true });
    expect(of('activities')).toMatchObject({ visibility: false, touchpoint: true });
    expect(of('tasks').fields.map((f) => f.key)).toContain('dueAt');
    expect(of('deals')).toMatchObject({ visibility: true, fieldRules: true, touchpoint: false });
    expect(of('orders')).toMatchObject({ visibility: false, fieldRules: true });
    // A role that may not read tasks does not see them listed.
    const policy = newRolePolicy();
    delete policy.objects.tasks;
    const admin = await createUser(t.services, 'admin', 'North');
    await t.services.identity.createRole(admin.ctx, { key: 'no-tasks', name: 'No tasks', policy });
    expect((await objectsFor('no-tasks')).map((o) => o.kind)).not.toContain('tasks');
  });

  it("applies a restricted role's actions and field rules", async () => {
    const data = await objectsFor('read-only');
    const companies = data.find((o) => o.kind === 'companies')!;
    expect(companies.actions).toEqual(['read']);
    // Read-only hides the credit limit: it is absent, not flagged.
    expect(companies.fields.map((f) => f.key)).not.toContain('creditLimit');
    expect(companies.fields.map((f) => f.key)).toContain('name');
  });

  it('leaves out the kinds the role may not read, and custom fields follow the rules', async () => {
    const admin = await createUser(t.services, 'admin', 'North');
    await t.services.customFields.create(admin.ctx, {
      object: 'people',
      key: 'shoe_size',
      label: 'Shoe size',
      type: 'number',
    });
    const policy = newRolePolicy();
    delete policy.objects.companies;
    policy.fields = { people: { 'cf.shoe_size': 'hidden', email: 'hidden' } };
    await t.services.identity.createRole(admin.ctx, { key: 'no-companies', name: 'No companies', policy });
    const data = await objectsFor('no-companies');
    expect(data.map((o) => o.kind)).not.toContain('companies');
    const keys = data.find((o) => o.kind === 'people')!.fields.map((f) => f.key);
    expect(keys).not.toContain('email');
    expect(keys).not.toContain('cf.shoe_size');
    expect((await objectsFor('admin')).find((o) => o.kind === 'people')!.fields.map((f) => f.key)).toContain(
      'cf.shoe_size',
    );
  });

  it('every kind has a saved-views field catalogue with the same fields', async () => {
    const admin = await createUser(t.services, 'admin', 'North');
    const s = await login(t.app, admin.email);
    for (const o of (await objectsFor('admin')).filter((k) => !k.touchpoint)) {
      const res = await t.app.inject({ url: `/api/v1/meta/fields?object=${o.kind}`, headers: s.headers });
      expect(res.statusCode, o.kind).toBe(200);
      expect(
        json<{ data: { key: string }[] }>(res).data.map((f) => f.key),
        o.kind,
      ).toEqual(o.fields.map((f) => f.key));
    }
  });
});
