/**
 * Warnings before an SLA breach: the assignee (or, for a case nobody has, every active member of its queue) is
 * notified once per due time; cases waiting on the customer, already late or not yet near are left alone; and the
 * "breaching soon" and "pending customer" queue views list what they say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { SLA_WARNING_MINUTES, SlaWarningsJob } from './sla-warnings.job.ts';

let t: TestContext;
let agent: TestUser;
let colleague: TestUser;
let elsewhere: TestUser;
let north: Session;
let job: SlaWarningsJob;
let northTeam: string;

beforeAll(async () => {
  t = await testApp();
  agent = await createUser(t.services, 'service', 'North', 'warn-agent');
  colleague = await createUser(t.services, 'service', 'North', 'warn-colleague');
  elsewhere = await createUser(t.services, 'service', 'South', 'warn-south');
  north = await login(t.app, agent.email);
  northTeam = agent.actor.teamIds[0]!;
  const { database, workspace, identity, notifications } = t.services;
  job = new SlaWarningsJob({ database, workspace, identity, notifications });
});
afterAll(() => t.close());

// A fixed moment far from the wall clock: only the cases this file places around it are near a due time.
const AT = new Date('2031-03-04T10:00:00.000Z');
const plus = (minutes: number, from = AT.getTime()) => new Date(from + minutes * 60_000).toISOString();

const open = async (subject: string) =>
  json<{ id: string; reference: string }>(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: north.headers,
      payload: { subject, channel: 'phone' },
    }),
  );
/** Puts a case's next clock (and who has it) where the test needs it. */
const place = (id: string, facts: { due: string; owner?: string | null; status?: string; firstResponded?: string }) =>
  t.db.database.db
    .updateTable('cases')
    .set({
      sla_due_at: facts.due,
      owner_id: facts.owner ?? null,
      team_id: northTeam,
      status: facts.status ?? 'open',
      ...(facts.firstResponded ? { first_responded_at: facts.firstResponded } : {}),
    })
    .where('id', '=', id)
    .execute();
const warnings = (userId: string) =>
  t.db.database.db
    .selectFrom('notifications')
    .select(['title', 'body', 'link'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'sla_warning')
    .orderBy('title')
    .execute();

describe('SLA warnings', () => {
  it('warns the assignee once per due time, and the whole queue when nobody has the case', async () => {
    const mine = await open('Router keeps rebooting');
    const queue = await open('Refund not received');
    const later = await open('Question about the manual');
    const waiting = await open('Waiting for the serial number');
    const late = await open('Already late');
    await place(mine.id, { due: plus(30), owner: agent.id });
    await place(queue.id, { due: plus(45) });
    await place(later.id, { due: plus(SLA_WARNING_MINUTES + 30), owner: agent.id });
    await place(waiting.id, { due: plus(10), owner: agent.id, status: 'pending_customer' });
    await place(late.id, { due: plus(-5), owner: agent.id });

    expect(await job.run(AT)).toEqual({ cases: 2, notifications: 3 });
    expect(await warnings(agent.id)).toEqual([
      {
        title: expect.stringMatching(
          new RegExp(`^${mine.reference}: first response due in 30 min \\(\\d\\d:\\d\\d\\)$`),
        ),
        body: 'Router keeps rebooting',
        link: `/cases/${mine.id}`,
      },
      {
        title: expect.stringMatching(new RegExp(`^${queue.reference}: first response due in 45 min`)),
        body: 'Refund not received (in your queue, not assigned)',
        link: `/cases/${queue.id}`,
      },
    ]);
    expect(await warnings(colleague.id)).toHaveLength(1);
    expect(await warnings(elsewhere.id)).toHaveLength(0);

    // Again, and a minute later: nothing new.
    expect(await job.run(AT)).toEqual({ cases: 0, notifications: 0 });
    expect(await job.run(new Date(AT.getTime() + 60_000))).toEqual({ cases: 0, notifications: 0 });

    // The first response is given: the resolution clock is next, and its approach warns again.
    await place(mine.id, { due: plus(90), owner: agent.id, firstResponded: plus(5) });
    // Forty minutes on, the case that was not yet near (due at +90) comes within the window too.
    const r = await job.run(new Date(AT.getTime() + 40 * 60_000));
    expect(r).toEqual({ cases: 2, notifications: 2 });
    expect((await warnings(agent.id)).map((w) => w.title)).toContainEqual(
      expect.stringMatching(new RegExp(`^${mine.reference}: resolution due in 50 min`)),
    );
  });

  it('lists the cases breaching soon and those waiting on the customer as queue views', async () => {
    const now = Date.now();
    const soon = await open('Due within the hour');
    const far = await open('Due tomorrow');
    const pending = await open('Waiting on the customer');
    await place(soon.id, { due: plus(20, now), owner: agent.id });
    await place(far.id, { due: plus(24 * 60, now), owner: agent.id });
    await place(pending.id, { due: plus(20, now), owner: agent.id, status: 'pending_customer' });
    const list = async (queue: string) =>
      json<{ data: { id: string }[] }>(
        await t.app.inject({ url: `/api/v1/cases?queue=${queue}&limit=200`, headers: north.headers }),
      ).data.map((c) => c.id);
    const breaching = await list('breaching');
    expect(breaching).toContain(soon.id);
    expect(breaching).not.toContain(far.id);
    expect(breaching).not.toContain(pending.id);
    const waiting = await list('pending');
    expect(waiting).toContain(pending.id);
    expect(waiting).not.toContain(soon.id);
    expect((await t.app.inject({ url: '/api/v1/cases?queue=soon', headers: north.headers })).statusCode).toBe(400);
  });
});
