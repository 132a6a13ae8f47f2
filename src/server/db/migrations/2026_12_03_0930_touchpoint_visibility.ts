import type { Kysely } from 'kysely';

/**
 * Tasks and promises get their own record visibility (own / team / all) instead of borrowing people's: every stored
 * role, built-in or custom, starts with the visibility it had through people, so nobody sees more or less than before.
 * A role that already names them keeps its setting.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  const roles = (await db.selectFrom('roles').select(['id', 'policy']).execute()) as { id: string; policy: string }[];
  for (const role of roles) {
    const policy = JSON.parse(role.policy) as { visibility?: Record<string, string> };
    const visibility = { ...policy.visibility };
    const people = visibility.people ?? 'own';
    let changed = false;
    for (const object of ['tasks', 'promises']) {
      if (visibility[object]) continue;
      visibility[object] = people;
      changed = true;
    }
    if (!changed) continue;
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify({ ...policy, visibility }) })
      .where('id', '=', role.id)
      .execute();
  }
}

export async function down(): Promise<void> {}
