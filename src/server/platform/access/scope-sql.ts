import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from './policy.ts';

/**
 * The WHERE clause for a visibility scope on a table with `owner_id` and `team_id`. Every list, count, search and
 * export in a repository goes through this, so none can forget it.
 */
export function visibleTo(scope: Scope, table: string): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const owner = sql.ref(`${table}.owner_id`);
  if (scope.kind === 'own' || scope.teamIds.length === 0) return sql<SqlBool>`${owner} = ${scope.userId}`;
  const team = sql.ref(`${table}.team_id`);
  return sql<SqlBool>`(${owner} = ${scope.userId} or ${team} in (${sql.join(scope.teamIds)}))`;
}
