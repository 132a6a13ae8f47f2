/**
 * Privacy requests end to end over HTTP on the real app: a person seeded across every module is exported (each
 * module's data is in the zip), then erased, after which no table of the database (enumerated from the engine's own
 * catalogue) and no file under the data folder holds their name, email or phone; the erasure is audited without
 * identifiers. Consent records are append-only; the retention rule's dry run changes nothing and its run does; a rep
 * without the privacy permission gets 403.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, now } from '../../platform/ids.ts';
import { unzip } from '../../platform/zip.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let dataDir: string;
let admin: TestUser;
let adminS: Session;
let repS: Session;
let pipelineId: string;

const FIRST = 'Zebulon';
const LAST = 'Quaxworth';
const EMAIL = 'zebulon.quaxworth@quaxmail.example';
const PHONE = '+442079461234';
const NEEDLES = [FIRST, LAST, EMAIL, PHONE, '442079461234', '2079461234'];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-privacy-'));
  t = await testApp({ dataDir });
  admin = await createUser(t.services, 'admin', 'North', 'root');
  adminS = await login(t.app, admin.email);
  const rep = await createUser(t.services, 'sales', 'North', 'rep');
  repS = await login(t.app, rep.email);
  await t.services.workspace.update(admin.ctx, { modules: { portal: true } });
  pipelineId = (
    await post('/api/v1/pipelines', {
      name: 'New business',
      stages: [
        { name: 'Qualified', probability: 20 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function post(url: string, payload: unknown, s = adminS) {
  const res = await t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return json<{ id: string } & Record<string, unknown>>(res);
}

/** A person with data in every module that holds something about people. */
async function seedPerson(first = FIRST, last = LAST, email = EMAIL, phone = PHONE) {
  const person = await post('/api/v1/people', {
    firstName: first,
    lastName: last,
    emails: [{ email }],
    phones: [{ number: phone }],
    jobTitle: 'Head of Llamas',
    address: { line1: '1 Quax Street', city: 'Leeds', postalCode: 'LS1 4AP', country: 'GB' },
    consent: { email: { granted: true, source: 'web form' } },
  });
  const id = person.id;
  await post(`/api/v1/people/${id}/consents`, {
    purpose: 'newsletter',
    granted: true,
    source: 'signup form',
    wordingVersion: 'v3',
  });
  await post('/api/v1/activities', {
    type: 'call',
    subject: `Call with ${first} ${last}`,
    body: `<p>${first} asked us to write to ${email} or call ${phone}.</p>`,
    personId: id,
  });
  await post('/api/v1/tasks', { title: `Send ${first} the brochure`, personId: id });
  await post('/api/v1/promises', {
    description: `Promised ${first} ${last} a callback`,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    personId: id,
  });
  const deal = await post('/api/v1/deals', {
    name: `${last} renewal`,
    pipelineId,
    amount: { amountMinor: 10000, currency: 'GBP' },
    people: [{ personId: id, role: 'decision_maker' }],
  });
  const kase = await post('/api/v1/cases', { subject: `Refund for ${first}`, channel: 'email', personId: id });
  await post(`/api/v1/cases/${kase.id}/messages`, { body: `Dear ${first}, we are on it.`, internal: false });
  const db = t.db.database.db;
  // Inbound mail from them on the case, a CSAT rating, and a pending webhook delivery carrying their details.
  await db
    .insertInto('case_messages')
    .values({
      id: newId(),
      case_id: kase.id,
      direction: 'in',
      internal: 0,
      body: `Thanks, ${first} ${last}`,
      channel: 'email',
      author_user_id: null,
      author_portal_user_id: null,
      author_name: `${first} ${last}`,
      created_at: now(),
      message_id: null,
      email_from: email,
    })
    .execute();
  await db
    .insertInto('case_ratings')
    .values({
      case_id: kase.id,
      person_id: id,
      score: 4,
      comment: `Good service — ${first}`,
      source: 'email',
      owner_id: null,
      team_id: null,
      channel: 'email',
      case_type_id: null,
      rated_at: now(),
      updated_at: now(),
    })
    .execute();
  await post('/api/v1/portal/invitations', { personIds: [id] });
  const endpoint = json<{ id: string }>(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: adminS.headers,
      payload: { url: 'https://hooks.example/rapport', events: ['*'] },
    }),
  );
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: newId(),
      endpoint_id: endpoint.id,
      event_id: newId(),
      event_type: 'person.updated',
      body: JSON.stringify({ type: 'person.updated', data: { firstName: first, lastName: last, email, personId: id } }),
      status: 'pending',
      next_attempt_at: now(),
      created_at: now(),
    })
    .execute();
  // Files the data folder keeps: an import upload and an export result that list them.
  await writeFile(
    join(dataDir, `import-${id}.csv`),
    `First Name,Last Name,Email,Phone\r\n${first},${last},${email},${phone}\r\nOther,Person,other@example.com,\r\n`,
  );
  await writeFile(
    join(dataDir, `export-${id}.csv`),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`name,email\n${first} ${last},${email}\n`, 'utf16le')]),
  );
  return { id, caseId: kase.id, dealId: deal.id };
}

/** Every table (from the engine's catalogue) and every column cast to text: where each needle still appears. */
async function tracesInDatabase(needles: string[]): Promise<string[]> {
  const db = t.db.database.db;
  const dialect = t.db.database.dialect;
  const columns =
    dialect === 'sqlite'
      ? (
          await sql<{ table_name: string; column_name: string }>`
            select m.name as table_name, p.name as column_name
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'`.execute(db)
        ).rows
      : (
          await sql<{ table_name: string; column_name: string }>`
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema()`.execute(db)
        ).rows;
  expect(new Set(columns.map((c) => c.table_name)).size).toBeGreaterThan(40);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    for (const n of needles) {
      const cond =
        dialect === 'sqlite'
          ? sql`cast(${sql.id(column_name)} as text) like ${`%${n}%`}`
          : sql`${sql.id(column_name)}::text ilike ${`%${n}%`}`;
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.id(table_name)} where ${cond}`.execute(db);
      if (Number(r.rows[0]?.n) > 0) found.push(`${table_name}.${column_name} has ${n}`);
    }
  }
  return found;
}

async function tracesInFiles(dir: string, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const buf = await readFile(path);
    const texts = [buf.toString('utf8'), buf.toString('utf16le'), buf.subarray(2).toString('utf16le')];
    for (const n of needles)
      if (texts.some((x) => x.toLowerCase().includes(n.toLowerCase()))) found.push(`${path} has ${n}`);
  }
  return found;
}

describe('privacy export', () => {
  it('zips everything held about the person, from every module, as JSON and CSV', async () => {
    const { id, caseId, dealId } = await seedPerson('Export', 'Subject', 'export.subject@example.org', '+442079460999');
    const res = await t.app.inject({ url: `/api/v1/people/${id}/privacy-export`, headers: adminS.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzip(res.rawPayload);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.txt', 'data.json', 'csv/person.csv']));
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    expect(data.personId).toBe(id);
    expect(data.person[0]).toMatchObject({ first_name: 'Export', last_name: 'Subject', job_title: 'Head of Llamas' });
    expect(data.emails.map((e: { email: string }) => e.email)).toEqual(['export.subject@example.org']);
    expect(data.phones.map((p: { e164: string }) => p.e164)).toEqual(['+442079460999']);
    expect(data.consents.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['email', 'newsletter']);
    expect(data.activities[0].subject).toBe('Call with Export Subject');
    expect(data.tasks[0].title).toBe('Send Export the brochure');
    expect(data.promises[0].description).toBe('Promised Export Subject a callback');
    expect(data.deals.map((d: { id: string }) => d.id)).toEqual([dealId]);
    expect(data.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(data.case_messages.some((m: { email_from: string }) => m.email_from === 'export.subject@example.org')).toBe(
      true,
    );
    expect(data.csat_ratings[0].score).toBe(4);
    expect(data.portal_users[0].email).toBe('export.subject@example.org');
    expect(data.timeline.length).toBeGreaterThan(0);
    expect(data.audit.some((a: { action: string }) => a.action === 'create')).toBe(true);
    expect(
      data.mail.some(
        (m: { to_address: string; template: string }) => m.to_address === 'export.subject@example.org' && m.template,
      ),
    ).toBe(true);
    const csv = files.get('csv/activities.csv')!.toString('utf8');
    expect(csv.split('\n')[0]).toContain('subject');
    expect(csv).toContain('Call with Export Subject');
    // The export itself is audited, naming the record by id only.
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'privacy_export')
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(admin.id);
  });
});

describe('erasure', () => {
  it('leaves no trace of the person in any table or file, keeps the record anonymised, audits without identifiers', async () => {
    const { id, caseId } = await seedPerson();
    // Before: the identifiers are there (the search below is able to find them).
    expect((await tracesInDatabase([EMAIL, LAST])).length).toBeGreaterThan(3);
    expect((await tracesInFiles(dataDir, [EMAIL])).length).toBe(2);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${id}/erase`,
      headers: adminS.headers,
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/reason');

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${id}/erase`,
      headers: adminS.headers,
      payload: { reason: `Erasure request from ${EMAIL} by letter` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ id: string; rowsChanged: Record<string, number>; filesChanged: number }>(res);
    expect(body.id).toBe(id);
    expect(body.filesChanged).toBe(2);
    expect(body.rowsChanged.person_emails).toBe(1);

    expect(await tracesInDatabase(NEEDLES)).toEqual([]);
    expect(await tracesInFiles(dataDir, NEEDLES)).toEqual([]);
    // The other row of the import file is untouched.
    expect(await readFile(join(dataDir, `import-${id}.csv`), 'utf8')).toContain('Other,Person,other@example.com');

    // The record stays, anonymised, with its links (the case still points at it).
    const person = json<{ fullName: string; emails: unknown[] }>(
      await t.app.inject({ url: `/api/v1/people/${id}`, headers: adminS.headers }),
    );
    expect(person.fullName).toBe('Erased person');
    expect(person.emails).toEqual([]);
    const kase = json<{ personId: string }>(
      await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers: adminS.headers }),
    );
    expect(kase.personId).toBe(id);
    // Audited: by whom and why, with the identifier the reason quoted removed.
    const entry = await t.db.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'erase')
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.id);
    expect(JSON.parse(entry.meta).reason).toBe('Erasure request from [erased] by letter');
    expect(entry.changes).toBe('{}');
    // Other systems are told, by id only.
    const told = await t.db.database.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'person.erased')
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(told.payload)).sort()).toEqual(['erasedAt', 'personId']);

    // A second erasure is refused.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${id}/erase`,
      headers: adminS.headers,
      payload: { reason: 'twice' },
    });
    expect(again.statusCode).toBe(409);
    expect(json<{ code: string }>(again).code).toBe('privacy.already_erased');
  });

  it('leaves a namesake alone: a first name alone is only erased where the row is about the person', async () => {
    const a = await post('/api/v1/people', {
      firstName: 'Bartholomew',
      lastName: 'Zing',
      emails: [{ email: 'b.zing@example.org' }],
    });
    const b = await post('/api/v1/people', { firstName: 'Bartholomew', lastName: 'Other' });
    await post('/api/v1/tasks', { title: 'Ask Bartholomew Other about the invoice', personId: b.id });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${a.id}/erase`,
      headers: adminS.headers,
      payload: { reason: 'Asked by letter' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const other = json<{ fullName: string }>(
      await t.app.inject({ url: `/api/v1/people/${b.id}`, headers: adminS.headers }),
    );
    expect(other.fullName).toBe('Bartholomew Other');
    const task = await t.db.database.db
      .selectFrom('tasks')
      .select('title')
      .where('person_id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(task.title).toBe('Ask Bartholomew Other about the invoice');
    expect(await tracesInDatabase(['Zing', 'b.zing@example.org'])).toEqual([]);
  });

  it('answers 403 to a rep without the privacy permission, and changes nothing', async () => {
    const p = await post(
      '/api/v1/people',
      { firstName: 'Rep', lastName: 'Visible', emails: [{ email: 'rep.visible@example.org' }] },
      repS,
    );
    const erase = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${p.id}/erase`,
      headers: repS.headers,
      payload: { reason: 'asked' },
    });
    expect(erase.statusCode).toBe(403);
    const exp = await t.app.inject({ url: `/api/v1/people/${p.id}/privacy-export`, headers: repS.headers });
    expect(exp.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/privacy/retention', headers: repS.headers })).statusCode).toBe(403);
    const still = json<{ fullName: string }>(
      await t.app.inject({ url: `/api/v1/people/${p.id}`, headers: repS.headers }),
    );
    expect(still.fullName).toBe('Rep Visible');
  });
});

describe('consent records', () => {
  it('are appended, never edited: the newest per purpose supersedes and drives the person’s consent', async () => {
    const p = await post('/api/v1/people', { firstName: 'Connie', lastName: 'Sent' });
    const first = await post(`/api/v1/people/${p.id}/consents`, {
      purpose: 'email',
      granted: true,
      source: 'web form',
      wordingVersion: '2026-01',
    });
    const second = await post(`/api/v1/people/${p.id}/consents`, {
      purpose: 'email',
      granted: false,
      source: 'phone call',
    });
    expect(second.supersedesId).toBe(first.id);
    const list = json<{ data: { id: string; granted: boolean; source: string; wordingVersion: string | null }[] }>(
      await t.app.inject({ url: `/api/v1/people/${p.id}/consents`, headers: adminS.headers }),
    ).data;
    expect(list.map((c) => c.id)).toEqual([second.id, first.id]);
    expect(list[1]).toMatchObject({ granted: true, source: 'web form', wordingVersion: '2026-01' });
    const person = json<{ consent: { email: { granted: boolean; source: string } } }>(
      await t.app.inject({ url: `/api/v1/people/${p.id}`, headers: adminS.headers }),
    );
    expect(person.consent.email).toMatchObject({ granted: false, source: 'phone call' });
    // A change through the person's own update is recorded too.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: adminS.headers,
      payload: { consent: { email: { granted: true, source: 'customer portal' } } },
    });
    const after = json<{ data: { source: string; supersedesId: string | null }[] }>(
      await t.app.inject({ url: `/api/v1/people/${p.id}/consents`, headers: adminS.headers }),
    ).data;
    expect(after).toHaveLength(3);
    expect(after[0]).toMatchObject({ source: 'customer portal', supersedesId: second.id });
    // There is no route that edits or deletes a record.
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const r = await t.app.inject({
        method,
        url: `/api/v1/people/${p.id}/consents`,
        headers: adminS.headers,
        payload: {},
      });
      expect(r.statusCode).toBe(404);
    }
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${p.id}/consents`,
      headers: adminS.headers,
      payload: { purpose: 'Email!', granted: true, source: '' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('retention rule', () => {
  it('reports who it would match on a dry run, and flags or anonymises them on a run', async () => {
    const db = t.db.database.db;
    const old = new Date(Date.now() - 40 * 30 * 86_400_000).toISOString();
    const stale = await post('/api/v1/people', {
      firstName: 'Stale',
      lastName: 'Sleeper',
      emails: [{ email: 'stale.sleeper@example.org' }],
    });
    const fresh = await post('/api/v1/people', { firstName: 'Fresh', lastName: 'Contact' });
    // Everyone else the other tests made is recent: only `stale` is inactive for 36 months.
    await db
      .updateTable('people')
      .set({ created_at: old, updated_at: old, last_contact_at: null })
      .where('id', '=', stale.id)
      .execute();

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/privacy/retention',
      headers: adminS.headers,
      payload: { enabled: true, months: 36, action: 'flag' },
    });
    expect(put.statusCode, put.body).toBe(200);

    const dry = json<{ matched: number; applied: number; data: { id: string; flagged: boolean }[] }>(
      await t.app.inject({ url: '/api/v1/privacy/retention/report', headers: adminS.headers }),
    );
    expect(dry.matched).toBe(1);
    expect(dry.applied).toBe(0);
    expect(dry.data.map((d) => d.id)).toEqual([stale.id]);
    const untouched = await db
      .selectFrom('people')
      .select(['flags', 'updated_at'])
      .where('id', '=', stale.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(untouched.flags)).toEqual([]);

    const run = json<{ applied: number }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/run', headers: adminS.headers }),
    );
    expect(run.applied).toBe(1);
    const flagged = await db
      .selectFrom('people')
      .select(['flags', 'first_name'])
      .where('id', '=', stale.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(flagged.flags)).toEqual(['retention-due']);
    expect(flagged.first_name).toBe('Stale');
    // Flagged people are not flagged twice.
    const again = json<{ applied: number; matched: number }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/run', headers: adminS.headers }),
    );
    expect(again).toMatchObject({ applied: 0, matched: 1 });

    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/privacy/retention',
      headers: adminS.headers,
      payload: { enabled: true, months: 36, action: 'anonymise' },
    });
    const anon = json<{ applied: number }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/run', headers: adminS.headers }),
    );
    expect(anon.applied).toBe(1);
    const erased = await db.selectFrom('people').selectAll().where('id', '=', stale.id).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ first_name: 'Erased', last_name: 'person', primary_email: null });
    expect(erased.erased_at).not.toBeNull();
    expect(await tracesInDatabase(['stale.sleeper@example.org', 'Sleeper'])).toEqual([]);
    const kept = await db
      .selectFrom('people')
      .select(['first_name', 'erased_at'])
      .where('id', '=', fresh.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ first_name: 'Fresh', erased_at: null });
  });
});
