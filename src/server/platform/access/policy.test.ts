import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Actor,
  BUILTIN_ROLES,
  can,
  inScope,
  OBJECTS,
  redact,
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
