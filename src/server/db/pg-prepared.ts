/**
 * Prepared statements on PostgreSQL. Kysely sends every query as unnamed SQL, so PostgreSQL parses and plans it on
 * every execution; for the short queries of an interactive request, planning costs more than running (a person with
 * its relations: ~0.25 ms to plan, ~0.1 ms to run). Here each distinct statement text gets a name, so each pooled
 * connection parses it once and PostgreSQL can reuse its plan (its plan cache still chooses between a generic and a
 * per-value plan, as it does for any prepared statement).
 *
 * Bounds: at most `perConnection` statements are kept prepared on a connection (least recently used are deallocated),
 * and at most `names` distinct texts are ever named; anything beyond runs unnamed, as before.
 */
import type pg from 'pg';

export interface PreparedLimits {
  perConnection: number;
  names: number;
}

const DEFAULTS: PreparedLimits = { perConnection: 256, names: 10_000 };

type Query = (...args: unknown[]) => unknown;

/** Makes every client the pool hands out name its parameterised statements. */
export function preparedStatements(pool: pg.Pool, limits: PreparedLimits = DEFAULTS): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limits.names) {
      name = `rapport_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as Query;
    /** Names prepared on this connection, least recently used first. */
    const prepared = new Map<string, true>();
    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length > 2)
        return original(...args);
      const name = nameOf(text);
      if (name === undefined) return original(...args);
      prepared.delete(name);
      prepared.set(name, true);
      if (prepared.size > limits.perConnection) {
        const oldest = prepared.keys().next().value as string;
        prepared.delete(oldest);
        // The client runs its queries in order: the statement is gone before the next one can need it.
        const parsed = (client as unknown as { connection: { parsedStatements: Record<string, unknown> } }).connection
          .parsedStatements;
        delete parsed[oldest];
        (original(`DEALLOCATE ${oldest}`) as Promise<unknown>).catch(() => {});
      }
      return original({ name, text, values });
    };
  });
}
