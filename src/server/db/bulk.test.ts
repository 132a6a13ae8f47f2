import { fc, test } from '@fast-check/vitest';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKind, type TestDatabase, testDatabase } from '../test/harness.ts';
import { copyTables, copyText, insertValues, type TableValues } from './bulk.ts';
import type { DB } from './schema.ts';

/** Text the way people type and paste it, with every character COPY's text format treats specially. */
const awkwardText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }).map((s) => s.replaceAll('\u0000', '')),
      fc.constantFrom('\\', '\t', '\n', '\r', '\\N', '\\.', '\r\n', ' ', ''),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const probe = 'bulk_probe' as keyof DB & string;

describe('COPY text format', () => {
  it('writes NULL as \\N and escapes backslash, tab, newline and carriage return', () => {
    const data: TableValues = {
      table: probe,
      columns: ['a', 'b', 'c'],
      values: ['x\ty\\z', null, 42, 'line\r\nnext', 'N', 7n],
    };
    expect(copyText(data)).toBe('x\\ty\\\\z\t\\N\t42\nline\\r\\nnext\tN\t7\n');
  });

  it('writes nothing for no rows', () => {
    expect(copyText({ table: probe, columns: ['a'], values: [] })).toBe('');
  });
});

describe.runIf(dbKind() === 'postgres')('copyTables on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase();
    await sql`create table bulk_probe (id integer primary key, body text, n double precision, raw bytea)`.execute(
      t.database.db,
    );
  });
  afterAll(() => t.drop());

  test.prop(
    [
      fc.array(fc.tuple(fc.option(awkwardText), fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }))), {
        maxLength: 40,
      }),
    ],
    {
      numRuns: 40,
    },
  )('reads back exactly what it wrote, and writes what INSERT writes', async (rows) => {
    const { db, pool } = t.database;
    await sql`truncate bulk_probe`.execute(db);
    const values = rows.flatMap(([body, n], i) => [i, body, n]);
    await copyTables(pool!, [{ table: probe, columns: ['id', 'body', 'n'], values }]);
    const back = await sql<{ id: number; body: string | null; n: number | null }>`
      select id, body, n from bulk_probe order by id`.execute(db);
    expect(back.rows.map((r) => [r.body, r.n === null ? null : Number(r.n)])).toEqual(
      rows.map(([body, n]) => [body, n === null ? null : Object.is(n, -0) ? 0 : n]),
    );
    // the INSERT path stores the same values
    await sql`truncate bulk_probe`.execute(db);
    await insertValues(db, 'postgres', { table: probe, columns: ['id', 'body', 'n'], values });
    const inserted = await sql<{ id: number; body: string | null; n: number | null }>`
      select id, body, n from bulk_probe order by id`.execute(db);
    expect(inserted.rows).toEqual(back.rows);
  });

  it('writes bytes', async () => {
    const { db, pool } = t.database;
    await sql`truncate bulk_probe`.execute(db);
    await copyTables(pool!, [
      { table: probe, columns: ['id', 'raw'], values: [1, new Uint8Array([0, 9, 10, 92, 255])] },
    ]);
    const back = await sql<{ raw: Buffer }>`select raw from bulk_probe`.execute(db);
    expect([...back.rows[0]!.raw]).toEqual([0, 9, 10, 92, 255]);
  });

  it('writes all tables or none', async () => {
    const { db, pool } = t.database;
    await sql`truncate bulk_probe`.execute(db);
    await expect(
      copyTables(pool!, [
        { table: probe, columns: ['id', 'body'], values: [1, 'kept?'] },
        { table: probe, columns: ['id', 'body'], values: [1, 'duplicate key'] },
      ]),
    ).rejects.toThrow(/duplicate key/);
    const count = await sql<{ n: number }>`select count(*)::int as n from bulk_probe`.execute(db);
    expect(count.rows[0]!.n).toBe(0);
    // the pool still works after a failed COPY
    await copyTables(pool!, [{ table: probe, columns: ['id', 'body'], values: [2, 'after'] }]);
    const after = await sql<{ body: string }>`select body from bulk_probe`.execute(db);
    expect(after.rows).toEqual([{ body: 'after' }]);
  });
});
