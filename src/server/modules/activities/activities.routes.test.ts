import { fc, test } from '@fast-check/vitest';
import sanitizeHtml from 'sanitize-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { excerpt, sanitizeBody } from './activities.body.ts';

let t: TestContext;

/** An instant `n` whole days before the test runs, as the API returns it (never a fixed date: see the clock check). */
const daysAgo = (n: number) => {
  const d = new Date(Date.now() - n * 86_400_000);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
};
let admin: TestUser;
let north: TestUser;
let northMate: TestUser;
let south: TestUser;
let manager: TestUser;
let readOnly: TestUser;
let sN: Session;
let sMate: Session;
let sS: Session;
let sAdmin: Session;
let sManager: Session;
let sReadOnly: Session;
let companyId: string;
let personId: string;
let southPersonId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  northMate = await createUser(t.services, 'sales', 'North', 'mate');
  south = await createUser(t.services, 'sales', 'South', 'south');
  manager = await createUser(t.services, 'manager', 'North', 'manager');
  readOnly = await createUser(t.services, 'read-only', 'North', 'ro');
  [sN, sMate, sS, sAdmin, sManager, sReadOnly] = await Promise.all([
    login(t.app, north.email),
    login(t.app, northMate.email),
    login(t.app, south.email),
    login(t.app, admin.email),
    login(t.app, manager.email),
    login(t.app, readOnly.email),
  ]);
  const c = await t.services.companies.create(admin.ctx, {
    name: 'Acme Ltd',
    ownerId: north.id,
    teamId: north.actor.teamIds[0],
  });
  companyId = c.id;
  const p = await t.services.people.create(admin.ctx, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    companyId,
    ownerId: north.id,
    teamId: north.actor.teamIds[0],
    lifecycleStage: 'customer',
  });
  personId = p.id!;
  const sp = await t.services.people.create(admin.ctx, {
    firstName: 'Sam',
    lastName: 'South',
    companyId,
    ownerId: south.id,
    teamId: south.actor.teamIds[0],
  });
  southPersonId = sp.id!;
});
afterAll(() => t.close());

const post = (payload: unknown, s: Session = sN) =>
  t.app.inject({ method: 'POST', url: '/api/v1/activities', headers: s.headers, payload: payload as object });
const get = (url: string, s: Session = sN) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const activityCount = async () =>
  Number(
    (
      await t.db.database.db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

type Entry = {
  id: string;
  type: string;
  summary: string;
  department: string | null;
  actor: { id: string; name: string } | null;
  object: string;
  recordId: string;
  personId: string | null;
  companyId: string | null;
  person: { id: string; name: string } | null;
  payload: Record<string, unknown>;
};

describe('POST /api/v1/activities', () => {
  it('logs a call on a person: 201, company from the person, and the entry on the person and company timelines', async () => {
    const res = await post({
      type: 'call',
      direction: 'out',
      subject: 'Renewal check-in',
      body: '<p>Talked about <b>renewal</b> terms.</p>',
      durationSeconds: 240,
      outcome: 'connected',
      personId,
      occurredAt: daysAgo(12),
    });
    expect(res.statusCode).toBe(201);
    const a = json(res);
    expect(a).toMatchObject({
      type: 'call',
      direction: 'out',
      channel: 'phone',
      department: 'sales',
      subject: 'Renewal check-in',
      occurredAt: daysAgo(12),
      twoWay: true,
      personId,
      person: { id: personId, name: 'Ada Lovelace' },
      companyId,
      company: { id: companyId, name: 'Acme Ltd' },
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
      summary: 'Call (outbound, 4 min): Renewal check-in — connected',
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/activities/${a.id}`);

    const person = json<{ data: Entry[] }>(await get(`/people/${personId}/timeline`)).data;
    const mine = person.find((e) => e.recordId === a.id);
    expect(mine).toMatchObject({
      type: 'activity.logged',
      object: 'activities',
      department: 'sales',
      summary: 'Call (outbound, 4 min): Renewal check-in — connected',
      actor: { id: north.id, name: north.actor.name },
      personId,
      companyId,
      payload: {
        type: 'call',
        direction: 'out',
        channel: 'phone',
        subject: 'Renewal check-in',
        excerpt: 'Talked about renewal terms.',
        outcome: 'connected',
        durationSeconds: 240,
        dealId: null,
        caseId: null,
      },
    });
    const company = json<{ data: Entry[] }>(await get(`/companies/${companyId}/timeline`)).data;
    expect(company.find((e) => e.recordId === a.id)).toMatchObject({
      summary: 'Call (outbound, 4 min): Renewal check-in — connected',
      person: { id: personId, name: 'Ada Lovelace' },
    });
  });

  it('takes the department from the role, and a note has no direction or channel', async () => {
    const service = await createUser(t.services, 'service', 'North', 'svc');
    const res = await post({ type: 'note', subject: 'Prefers mornings', companyId }, await login(t.app, service.email));
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({
      department: 'service',
      direction: null,
      channel: null,
      twoWay: false,
      personId: null,
      summary: 'Note: Prefers mornings',
    });
  });

  it('sanitises the body: scripts, styles, handlers and unsafe links go, a safe link stays', async () => {
    const res = await post({
      type: 'email',
      direction: 'in',
      subject: 'Re: quote',
      personId,
      body:
        '<p onclick="steal()">Hello <script>alert(1)</script><a href="https://example.com/q?a=1&b=2" ' +
        'onmouseover="x()">the quote</a> <a href="javascript:alert(1)">click</a>' +
        '<img src=x onerror=alert(1)><style>p{color:red}</style></p><iframe src="https://evil.test"></iframe>',
    });
    expect(res.statusCode).toBe(201);
    const a = json<{ id: string; body: string }>(res);
    expect(a.body).toBe('<p>Hello <a href="https://example.com/q?a=1&amp;b=2">the quote</a> <a>click</a></p>');
    const stored = json<{ body: string }>(await get(`/activities/${a.id}`));
    expect(stored.body).toBe(a.body);
  });

  it('rejects a touchpoint about nobody with 422 naming personId and companyId, and writes nothing', async () => {
    const before = await activityCount();
    const res = await post({ type: 'call', direction: 'out', subject: 'Lost' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = json<{ code: string; errors: { pointer: string }[] }>(res);
    expect(body.code).toBe('validation.failed');
    expect(body.errors.map((e) => e.pointer).sort()).toEqual(['/companyId', '/personId']);
    expect(await activityCount()).toBe(before);
  });

  it('rejects a person the actor may not see with 422 (no hint beyond "not one you can see")', async () => {
    const res = await post({ type: 'call', direction: 'out', subject: 'Sneaky', personId: southPersonId });
    expect(res.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string; detail: string }[] }>(res).errors).toEqual([
      { pointer: '/personId', detail: 'is not a person you can see', in: 'body' },
    ]);
  });

  it('rejects a bad type at the schema edge with 400, and bad business input with 422 per field', async () => {
    const bad = await post({ type: 'telegram', subject: 'x', personId });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toContain('/type');
    const res = await post({
      type: 'note',
      direction: 'in',
      subject: '   ',
      occurredAt: 'yesterday',
      personId,
    });
    expect(res.statusCode).toBe(422);
    expect(
      json<{ errors: { pointer: string }[] }>(res)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/direction', '/occurredAt', '/subject']);
  });

  it('refuses a read-only user with 403 and writes nothing', async () => {
    const before = await activityCount();
    const res = await post({ type: 'note', subject: 'Nope', personId }, sReadOnly);
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('access.forbidden');
    expect(await activityCount()).toBe(before);
  });
});

describe('contact facts', () => {
  it('a two-way call moves last contact, last two-way contact and the due date; an outbound email only last contact', async () => {
    // A company of its own: other tests log activities "now" on the shared one, which would be its last contact.
    const ownCompany = await t.services.companies.create(admin.ctx, {
      name: 'Hopper Inc',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    });
    const p = await t.services.people.create(admin.ctx, {
      firstName: 'Grace',
      companyId: ownCompany.id,
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
      lifecycleStage: 'customer',
      cadenceDays: 10,
    });
    const initial = json<{ lastContact: unknown; lastTwoWayAt: unknown; contactDueAt: string }>(
      await get(`/people/${p.id}`),
    );
    expect(initial.lastContact).toBeNull();
    expect(initial.lastTwoWayAt).toBeNull();

    const call = daysAgo(2);
    expect(
      (
        await post({
          type: 'call',
          direction: 'out',
          subject: 'Hello',
          outcome: 'connected',
          personId: p.id,
          occurredAt: call,
        })
      ).statusCode,
    ).toBe(201);
    const afterCall = json<{
      lastContact: { at: string; by: { id: string; name: string }; channel: string };
      lastTwoWayAt: string;
      contactDueAt: string;
    }>(await get(`/people/${p.id}`));
    expect(afterCall.lastContact).toEqual({ at: call, by: { id: north.id, name: north.actor.name }, channel: 'phone' });
    expect(afterCall.lastTwoWayAt).toBe(call);
    expect(afterCall.contactDueAt).toBe(new Date(Date.parse(call) + 10 * 86_400_000).toISOString());
    expect(afterCall.contactDueAt).not.toBe(initial.contactDueAt);

    const email = daysAgo(1);
    const sent = await post(
      { type: 'email', direction: 'out', subject: 'Follow-up', personId: p.id, occurredAt: email },
      sMate,
    );
    expect(json(sent).twoWay).toBe(false);
    const afterEmail = json<typeof afterCall>(await get(`/people/${p.id}`));
    expect(afterEmail.lastContact).toEqual({
      at: email,
      by: { id: northMate.id, name: northMate.actor.name },
      channel: 'email',
    });
    expect(afterEmail.lastTwoWayAt).toBe(call);
    expect(afterEmail.contactDueAt).toBe(afterCall.contactDueAt);

    const company = json<{ lastContact: { at: string; channel: string }; lastTwoWayAt: string }>(
      await get(`/companies/${ownCompany.id}`),
    );
    expect(company.lastContact).toMatchObject({ at: email, channel: 'email' });
    expect(company.lastTwoWayAt).toBe(call);
  });

  it('an unanswered call is not two-way', async () => {
    for (const outcome of ['no answer', 'Voicemail', 'busy']) {
      const res = await post({ type: 'call', direction: 'out', subject: 'Try', outcome, personId });
      expect(json(res).twoWay, outcome).toBe(false);
    }
    const inbound = await post({ type: 'sms', direction: 'in', subject: 'Thanks!', personId });
    expect(json(inbound)).toMatchObject({ twoWay: true, channel: 'sms' });
  });
});

describe('GET/PATCH/DELETE /api/v1/activities/:id', () => {
  it('edits with If-Match (author only), answers 412 when stale, and the timeline entry follows the edit', async () => {
    const a = json<{ id: string }>(
      await post({ type: 'meeting', direction: 'out', subject: 'Kick-off', personId, durationSeconds: 3600 }),
    );
    const read = await get(`/activities/${a.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    const byMate = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/activities/${a.id}`,
      headers: { ...sMate.headers, 'if-match': '"1"' },
      payload: { subject: 'Hijacked' },
    });
    expect(byMate.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/activities/${a.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { subject: 'Kick-off workshop', outcome: 'agreed plan' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(json(ok)).toMatchObject({
      subject: 'Kick-off workshop',
      summary: 'Meeting (outbound, 1 h): Kick-off workshop — agreed plan',
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/activities/${a.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { subject: 'Overwrite' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('record.stale');
    const entries = json<{ data: Entry[] }>(await get(`/people/${personId}/timeline?type=activity`)).data.filter(
      (e) => e.recordId === a.id,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]!.summary).toBe('Meeting (outbound, 1 h): Kick-off workshop — agreed plan');
    expect(entries[0]!.payload.subject).toBe('Kick-off workshop');
    const byManager = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/activities/${a.id}`,
      headers: sManager.headers,
      payload: { department: 'service' },
    });
    expect(byManager.statusCode).toBe(200);
    expect(json(byManager).department).toBe('service');
  });

  it('deletes (manager or admin), after which it is gone from reads, lists and timelines', async () => {
    const a = json<{ id: string }>(await post({ type: 'visit', direction: 'out', subject: 'Site visit', personId }));
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${a.id}`, headers: sN.headers })).statusCode,
    ).toBe(403);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${a.id}`, headers: sAdmin.headers });
    expect(del.statusCode).toBe(204);
    expect((await get(`/activities/${a.id}`)).statusCode).toBe(404);
    const list = json<{ data: { id: string }[] }>(await get(`/people/${personId}/activities?limit=200`)).data;
    expect(list.some((x) => x.id === a.id)).toBe(false);
    const tl = json<{ data: Entry[] }>(await get(`/people/${personId}/timeline?limit=200`)).data;
    expect(tl.some((e) => e.recordId === a.id)).toBe(false);
  });

  it("hides another team's person's activity: 404 on read, absent from the shared company's list", async () => {
    const south1 = await post({ type: 'call', direction: 'in', subject: 'South call', personId: southPersonId }, sS);
    expect(south1.statusCode).toBe(201);
    const id = json<{ id: string }>(south1).id;
    expect((await get(`/activities/${id}`)).statusCode).toBe(404);
    expect((await get(`/activities/${id}`, sAdmin)).statusCode).toBe(200);
    const northList = json<{ data: { id: string }[]; total: number }>(
      await get(`/companies/${companyId}/activities?limit=200`),
    );
    expect(northList.data.some((x) => x.id === id)).toBe(false);
    expect(northList.total).toBe(northList.data.length);
    const adminList = json<{ data: { id: string }[] }>(
      await get(`/companies/${companyId}/activities?limit=200`, sAdmin),
    );
    expect(adminList.data.some((x) => x.id === id)).toBe(true);
    expect((await get(`/people/${southPersonId}/activities`)).statusCode).toBe(404);
  });

  it("lists a person's activities newest first, keyset-paged, filtered by type", async () => {
    const p = await t.services.people.create(admin.ctx, {
      firstName: 'Paged',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    });
    for (let i = 0; i < 7; i++)
      await t.services.activities.log(north.ctx, {
        type: i % 2 === 0 ? 'call' : 'email',
        direction: 'out',
        subject: `#${i}`,
        personId: p.id!,
        occurredAt: `2026-10-0${1 + (i % 3)}T12:00:00Z`,
      });
    const seen: { id: string; occurredAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string; occurredAt: string }[]; nextCursor: string | null; total: number } = json(
        await get(`/people/${p.id}/activities?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.total).toBe(7);
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((x) => x.id)).size).toBe(7);
    const keys = seen.map((x) => `${x.occurredAt}|${x.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const calls = json<{ data: { type: string }[] }>(await get(`/people/${p.id}/activities?type=call`)).data;
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.type === 'call')).toBe(true);
    expect((await get(`/people/${p.id}/activities?cursor=nonsense`)).statusCode).toBe(400);
  });
});

describe('ActivitiesService.log with a caller executor', () => {
  it("does its work in the caller's transaction: a rollback leaves no activity, entry or contact change", async () => {
    const p = await t.services.people.create(admin.ctx, {
      firstName: 'Rollback',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    });
    const before = await activityCount();
    await expect(
      t.db.database.db.transaction().execute(async (trx) => {
        const a = await t.services.activities.log(
          north.ctx,
          { type: 'call', direction: 'in', subject: 'Inside', personId: p.id! },
          trx,
        );
        expect(a.personId).toBe(p.id);
        throw new Error('caller fails later');
      }),
    ).rejects.toThrow('caller fails later');
    expect(await activityCount()).toBe(before);
    const person = json<{ lastContact: unknown }>(await get(`/people/${p.id}`));
    expect(person.lastContact).toBeNull();
    const tl = json<{ data: Entry[] }>(await get(`/people/${p.id}/timeline?type=activity`)).data;
    expect(tl).toEqual([]);
  });
});

describe('body sanitising (properties)', () => {
  const fragments = fc.constantFrom(
    '<script>',
    '</script>',
    '<SCRIPT src=//x>',
    '<scr',
    'ipt>',
    '<a href="',
    'javascript:',
    'https://ok.example/',
    '" onclick="',
    ' onerror=',
    "'",
    '"',
    '>',
    '<',
    '<p>',
    '</p>',
    '<img src=x ',
    '<svg onload=alert(1)>',
    '<style>',
    '<b onmouseover=x>',
    '<!--',
    '-->',
    '<![CDATA[',
    '&lt;script&gt;',
    '<iframe ',
    'alert(1)',
  );
  const html = fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 30 }).map((xs) => xs.join(''));

  /** Every element and attribute the output holds, read back with a permissive parse. */
  function elements(out: string): { tag: string; attribs: Record<string, string> }[] {
    const seen: { tag: string; attribs: Record<string, string> }[] = [];
    sanitizeHtml(out, {
      allowedTags: false,
      allowedAttributes: false,
      allowVulnerableTags: true,
      exclusiveFilter: (frame) => {
        seen.push({ tag: frame.tag, attribs: frame.attribs });
        return false;
      },
    });
    return seen;
  }

  test.prop([html], { numRuns: 400 })(
    'never yields a script, an on… attribute or a non-http(s)/mailto link',
    (input) => {
      const out = sanitizeBody(input) ?? '';
      expect(out.toLowerCase()).not.toContain('<script');
      // Attribute values are quoted (and their quotes escaped): outside them no tag may carry an on… attribute.
      expect(out.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son[a-z]*\s*=/i);
      for (const el of elements(out)) {
        expect([
          'p',
          'br',
          'b',
          'strong',
          'i',
          'em',
          'u',
          's',
          'ul',
          'ol',
          'li',
          'a',
          'blockquote',
          'code',
          'pre',
        ]).toContain(el.tag);
        for (const [name, value] of Object.entries(el.attribs)) {
          expect(name).toBe('href');
          expect(value).toMatch(/^(https?:\/\/|mailto:)/i);
        }
      }
    },
  );

  test.prop([html])('the excerpt is plain text of at most 280 characters', (input) => {
    const text = excerpt(sanitizeBody(input));
    if (text !== null) {
      expect([...text].length).toBeLessThanOrEqual(280);
      expect(text).not.toMatch(/\s{2}/);
    }
  });
});
