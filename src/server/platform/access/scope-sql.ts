import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from './policy.ts';

/**
 * The WHERE clause for a visibility scope on a table with `owner_id` and `team_id`. Every list, count, search and
 * export in a repository goes through this, so none can forget it. A kind whose owner is another column (a task's
 * assignee), or whose records are also their creator's, names those columns: the first one is the owner.
 */
export function visibleTo(scope: Scope, table: string, owners: readonly string[] = ['owner_id']): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const mine = owners.map((c) => sql<SqlBool>`${sql.ref(`${table}.${c}`)} = ${scope.userId}`);
  const own = mine.length === 1 ? mine[0]! : sql<SqlBool>`(${sql.join(mine, sql` or `)})`;
  if (scope.kind === 'own' || scope.teamIds.length === 0) return own;
  const team = sql.ref(`${table}.team_id`);
  return sql<SqlBool>`(${own} or ${team} in (${sql.join(scope.teamIds)}))`;
}
