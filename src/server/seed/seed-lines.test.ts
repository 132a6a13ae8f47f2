/**
 * The seed writes timeline lines through the kinds' own builders (`personCreatedLine`, `companyCreatedLine`,
 * `activitySummary`), so a seeded record's timeline says exactly what the app writes for the same record: checked
 * against the builder, and against what the app itself writes when the same record is created or logged through it.
 * The seeded entries carry their typed link too, so a seeded record's own timeline is not empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySummary } from '../modules/activities/index.ts';
import { companyCreatedLine } from '../modules/companies/index.ts';
import { personCreatedLine } from '../modules/people/index.ts';
import type { Ctx } from '../platform/access/policy.ts';
import { createServices, type Services } from '../services.ts';
import { type TestDatabase, testConfig, testDatabase } from '../test/harness.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { seedWorkspace } from './seed.ts';

let db: TestDatabase;
let services: Services;
let ctx: Ctx;

beforeAll(async () => {
  db = await testDatabase();
  await seedWorkspace(db.database, { scale: 120, seed: 7, now: DEFAULT_SEED_NOW });
  services = createServices(db.database, testConfig());
  ctx = { actor: await services.identity.actorForEmail('admin@demo.rapport.test'), requestId: 'test', ip: null };
}, 120_000);
afterAll(() => db.drop());

/** The entries of one type written for a record (its own lifecycle), oldest first. */
async function entries(object: string, recordId: string, type: string) {
  return db.database.db
    .selectFrom('timeline')
    .select(['summary', 'subject_kind', 'subject_id'])
    .where('object', '=', object)
    .where('record_id', '=', recordId)
    .where('type', '=', type)
    .orderBy('at')
    .execute();
}

describe('the seed writes timeline lines through the kinds’ own builders', () => {
  it('a seeded person’s creation line is the builder’s, the same as the app writes for the same person', async () => {
    const seeded = await db.database.db
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'lifecycle_stage'])
      .where('lifecycle_stage', '=', 'former_customer')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const person = await services.people.get(ctx, seeded.id);
    const [line] = await entries('people', seeded.id, 'person.created');
    expect(line?.summary).toBe(personCreatedLine(person));
    expect(line?.summary).toMatch(/ was added as a former customer$/);
    expect(line).toMatchObject({ subject_kind: 'people', subject_id: seeded.id });

    const made = await services.people.create(ctx, {
      firstName: seeded.first_name,
      lastName: `${seeded.last_name} (app)`,
      lifecycleStage: 'former_customer',
    });
    const [appLine] = await entries('people', made.id!, 'person.created');
    expect(appLine?.summary).toBe(personCreatedLine(made as { fullName: string; lifecycleStage: string }));
    expect(appLine?.summary).toBe(line?.summary.replace(seeded.last_name, `${seeded.last_name} (app)`));
  });

  it('a seeded company’s creation line is the builder’s, the same as the app writes', async () => {
    const seeded = await db.database.db
      .selectFrom('companies')
      .select(['id', 'name'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const [line] = await entries('companies', seeded.id, 'company.created');
    expect(line?.summary).toBe(companyCreatedLine(seeded));
    expect(line).toMatchObject({ subject_kind: 'companies', subject_id: seeded.id });
    const made = await services.companies.create(ctx, { name: `${seeded.name} Two` });
    const [appLine] = await entries('companies', made.id!, 'company.created');
    expect(appLine?.summary).toBe(companyCreatedLine({ name: `${seeded.name} Two` }));
  });

  it('a seeded activity’s line is the app’s own summary, and logging the same touchpoint writes the same line', async () => {
    // a call with a duration and an outcome, and a meeting: the lines with the most parts
    for (const type of ['call', 'meeting'] as const) {
      const seeded = await db.database.db
        .selectFrom('activities')
        .selectAll()
        .where('type', '=', type)
        .where('duration_seconds', 'is not', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const [line] = await entries('activities', seeded.id, 'activity.logged');
      expect(line?.summary).toBe(activitySummary(seeded));
      expect(line).toMatchObject({ subject_kind: 'people', subject_id: seeded.person_id });
      const dto = await services.activities.get(ctx, seeded.id);
      expect(dto.summary).toBe(line?.summary); // what the app shows for the stored activity

      if (type !== 'call') continue; // the app gives every logged meeting a direction; the seed's have none
      const logged = await services.activities.log(ctx, {
        type,
        direction: (seeded.direction ?? undefined) as 'in' | 'out' | undefined,
        subject: seeded.subject,
        body: 'Logged through the app',
        durationSeconds: seeded.duration_seconds ?? undefined,
        outcome: seeded.outcome ?? undefined,
        personId: seeded.person_id!,
      });
      const [appLine] = await entries('activities', logged.id, 'activity.logged');
      expect(appLine?.summary).toBe(line?.summary);
    }
  });

  it('a seeded record’s own timeline (typed links) lists its entries', async () => {
    const seeded = await db.database.db
      .selectFrom('activities')
      .select('person_id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const page = await services.timeline.forSubject(ctx, 'people', seeded.person_id!, {});
    expect(page.data.map((e) => e.type)).toEqual(expect.arrayContaining(['person.created', 'activity.logged']));
  });
});
