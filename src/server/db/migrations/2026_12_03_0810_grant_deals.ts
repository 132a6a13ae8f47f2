import type { Kysely } from 'kysely';

/**
 * Deals arrive with the sales module: the built-in roles of an existing workspace get the same deals permissions and
 * visibility a new workspace starts with. Custom roles are left as they are (an admin grants deals to them), and a
 * built-in role that already names deals keeps its tuning.
 */
const GRANTS: Record<string, { actions: string[]; visibility: string }> = {
  admin: { actions: ['read', 'create', 'update', 'delete', 'export'], visibility: 'all' },
  manager: { actions: ['read', 'create', 'update', 'delete', 'export'], visibility: 'all' },
  sales: { actions: ['read', 'create', 'update', 'export'], visibility: 'team' },
  marketing: { actions: ['read', 'export'], visibility: 'all' },
  service: { actions: ['read'], visibility: 'all' },
  accounts: { actions: ['read', 'export'], visibility: 'all' },
  'read-only': { actions: ['read'], visibility: 'all' },
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  const roles = (await db.selectFrom('roles').select(['id', 'key', 'policy']).where('builtin', '=', 1).execute()) as {
    id: string;
    key: string;
    policy: string;
  }[];
  for (const role of roles) {
    const grant = GRANTS[role.key];
    if (!grant) continue;
    const policy = JSON.parse(role.policy) as {
      objects: Record<string, string[]>;
      visibility: Record<string, string>;
      fields: Record<string, unknown>;
    };
    if (policy.objects.deals) continue;
    policy.objects.deals = grant.actions;
    policy.visibility = { ...policy.visibility, deals: grant.visibility };
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', role.id)
      .execute();
  }
}

export async function down(): Promise<void> {}
