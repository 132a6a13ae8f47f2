import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import '../../modules/kinds.ts';
import {
  ACTIONS,
  type Actor,
  BUILTIN_ROLES,
  can,
  inScope,
  OBJECTS,
  redact,
  redactChanges,
  VISIBILITIES,
  visibilityScope,
} from './policy.ts';

const actor = (roleKey: string, teamIds: string[] = ['t1']): Actor => {
  const role = BUILTIN_ROLES.find((r) => r.key === roleKey)!;
  return {
    kind: 'user',
    id: 'me',
    name: 'Me',
    email: 'me@x.test',
    roleId: roleKey,
    roleKey,
    policy: role.policy,
    teamIds,
  };
};

describe('access policy', () => {
  it('admin can do everything; read-only can only read', () => {
    for (const o of OBJECTS) for (const a of ACTIONS) if (o !== 'audit') expect(can(actor('admin'), o, a)).toBe(true);
    expect(can(actor('admin'), 'audit', 'update')).toBe(false); // the audit trail is append-only
    expect(can(actor('read-only'), 'people', 'read')).toBe(true);
    expect(can(actor('read-only'), 'people', 'update')).toBe(false);
    expect(can(actor('read-only'), 'settings', 'read')).toBe(false);
  });

  it('token scopes narrow the role: read scope allows read and export only', () => {
    const a = { ...actor('admin'), tokenScopes: { people: 'read' as const } };
    expect(can(a, 'people', 'read')).toBe(true);
    expect(can(a, 'people', 'export')).toBe(true);
    expect(can(a, 'people', 'update')).toBe(false);
    expect(can(a, 'companies', 'read')).toBe(false);
  });

  it('removes hidden fields, including custom ones', () => {
    const a = actor('sales');
    a.policy = { ...a.policy, fields: { companies: { creditLimit: 'hidden', 'cf.secret': 'hidden' } } };
    const out = redact(a, 'companies', {
      id: '1',
      creditLimit: { amountMinor: 1 },
      customFields: { secret: 1, open: 2 },
    });
    expect(out).toEqual({ id: '1', customFields: { open: 2 } });
  });

  const rec = fc.record({
    owner_id: fc.constantFrom('me', 'mate', 'other', null),
    team_id: fc.constantFrom('t1', 't2', null),
  });

  test.prop([fc.constantFrom(...VISIBILITIES), rec])('scopes are nested: own ⊆ team ⊆ all', (vis, r) => {
    const a = actor('sales');
    a.policy = { ...a.policy, visibility: { people: vis } };
    const scope = visibilityScope(a, 'people');
    const own = inScope({ kind: 'own', userId: 'me' }, r);
    const team = inScope({ kind: 'team', userId: 'me', teamIds: ['t1'] }, r);
    if (own) expect(team).toBe(true);
    expect(inScope({ kind: 'all' }, r)).toBe(true);
    if (vis === 'own') expect(inScope(scope, r)).toBe(own);
    if (vis === 'team') expect(inScope(scope, r)).toBe(team);
  });

  test.prop([
    fc.constantFrom(...BUILTIN_ROLES.map((r) => r.key)),
    fc.constantFrom(...OBJECTS),
    fc.constantFrom(...ACTIONS),
  ])('a token never grants more than its role', (role, object, action) => {
    const base = actor(role);
    const withToken = { ...base, tokenScopes: { [object]: 'write' as const } };
    if (can(withToken, object, action)) expect(can(base, object, action)).toBe(true);
  });
});

describe('one field map for every output', () => {
  const hiding = (people: string[]): Actor => ({
    ...actor('read-only'),
    policy: { ...actor('read-only').policy, fields: { people: Object.fromEntries(people.map((f) => [f, 'hidden'])) } },
  });
  const person = {
    id: 'p1',
    fullName: 'Ada Lovelace',
    firstName: 'Ada',
    emails: [{ email: 'ada@example.com' }],
    companyId: 'c1',
    company: { id: 'c1', name: 'Acme' },
    owner: { id: 'u1', name: 'Olga' },
    ownerId: 'u1',
    address: { city: 'London', country: 'GB' },
    customFields: { secret: 'x', open: 'y' },
  };

  it('removes every path of a hidden field, sub-objects included, and leaves the rest', () => {
    const out = redact(hiding(['email', 'companyId', 'ownerId', 'city', 'firstName', 'cf.secret']), 'people', person);
    expect(out).toEqual({ id: 'p1', address: { country: 'GB' }, customFields: { open: 'y' } });
    expect(person.address.city).toBe('London');
  });

  it('removes hidden fields from audit changes, nested paths from both sides', () => {
    const changes = {
      emails: { from: [], to: [{ email: 'ada@example.com' }] },
      address: { from: { city: 'Leeds', country: 'GB' }, to: { city: 'London', country: 'GB' } },
      'cf.secret': { from: null, to: 'x' },
      jobTitle: { from: null, to: 'Countess' },
    };
    expect(redactChanges(hiding(['email', 'city', 'cf.secret']), 'people', changes)).toEqual({
      address: { from: { country: 'GB' }, to: { country: 'GB' } },
      jobTitle: { from: null, to: 'Countess' },
    });
  });
});
