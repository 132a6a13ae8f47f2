import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services.ts';
import { createUser, type TestDatabase, type TestUser, testDatabase } from '../test/harness.ts';
import { EventBus } from './events.ts';

let tdb: TestDatabase;
let user: TestUser;

beforeAll(async () => {
  tdb = await testDatabase();
  user = await createUser(
    createServices(tdb.database, { sessionIdleMinutes: 60, sessionAbsoluteHours: 24 }),
    'admin',
    'North',
  );
});
afterAll(() => tdb.drop());

describe('event spine', () => {
  it('writes log, timeline and outbox in the caller transaction, and nothing when it rolls back', async () => {
    const bus = new EventBus(tdb.database);
    bus.subscribe('recorder', ['thing.happened'], async () => {});
    const { db } = tdb.database;
    await db.transaction().execute((trx) =>
      bus.publish(trx, user.ctx, {
        type: 'thing.happened',
        object: 'people',
        recordId: 'p1',
        payload: { n: 1 },
        timeline: { summary: 'It happened', personId: 'p1', companyId: 'c1' },
      }),
    );
    await expect(
      db.transaction().execute(async (trx) => {
        await bus.publish(trx, user.ctx, {
          type: 'thing.happened',
          object: 'people',
          recordId: 'p2',
          payload: {},
          timeline: { summary: 'Never', personId: 'p2' },
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const tl = await db.selectFrom('timeline').selectAll().where('record_id', 'in', ['p1', 'p2']).execute();
    expect(tl.map((r) => [r.record_id, r.person_id, r.company_id, r.summary])).toEqual([
      ['p1', 'p1', 'c1', 'It happened'],
    ]);
    const ob = await db.selectFrom('outbox').selectAll().where('consumer', '=', 'recorder').execute();
    expect(ob).toHaveLength(1);
  });

  it('delivers at least once: a failing consumer is retried later and then succeeds', async () => {
    const bus = new EventBus(tdb.database);
    const seen: number[] = [];
    let fail = true;
    bus.subscribe('flaky', ['flaky.event'], async (e) => {
      seen.push(e.attempts);
      if (fail) throw new Error('downstream is down');
    });
    bus.subscribe('steady', '*', async () => {});
    const { db } = tdb.database;
    await bus.publish(db, user.ctx, { type: 'flaky.event', object: 'people', recordId: 'p3', payload: { x: 1 } });
    expect(await bus.drain()).toBe(1); // only "steady" succeeded
    const row = await db.selectFrom('outbox').selectAll().where('consumer', '=', 'flaky').executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('downstream is down');
    expect(row.processed_at).toBeNull();
    fail = false;
    await db
      .updateTable('outbox')
      .set({ available_at: new Date(0).toISOString() })
      .where('id', '=', row.id)
      .execute();
    expect(await bus.drain()).toBe(1);
    expect(seen).toEqual([1, 2]);
    const done = await db.selectFrom('outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(done.processed_at).not.toBeNull();
    expect(await bus.drain()).toBe(0);
  });

  it('delivers a backlog in bounded steps: one call takes at most maxBatches batches', async () => {
    const bus = new EventBus(tdb.database);
    const seen: string[] = [];
    bus.subscribe('backlog', ['backlog.event'], async (e) => {
      seen.push(e.payload.recordId);
    });
    const { db } = tdb.database;
    for (let i = 0; i < 23; i++) {
      await bus.publish(db, user.ctx, { type: 'backlog.event', object: 'people', recordId: `b${i}`, payload: {} });
    }
    expect(await bus.drain(5, 2)).toBe(10);
    expect(await bus.drain(5, 2)).toBe(10);
    expect(await bus.drain(5, 2)).toBe(3);
    expect(await bus.drain(5, 2)).toBe(0);
    expect(new Set(seen).size).toBe(23);
  });
});
