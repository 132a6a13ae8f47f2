/**
 * The process handbook over HTTP: every configured process with its documentation, readable by any staff login;
 * searched with `q`; owners chosen by administrators; marked reviewed by the owner, a manager or an administrator (not
 * another rep); the change history from the audit trail (the creation, the review, a later change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../platform/access/policy.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import type { HandbookEntry } from './handbook.schemas.ts';

let t: TestContext;
let admin: TestUser;
let rep: TestUser;
let other: TestUser;
let sRep: Session;
let sOther: Session;
let sAdmin: Session;
let pipelineId: string;
let caseTypeId: string;
let slaId: string;
let formId: string;

const ctx = (u: TestUser): Ctx => ({ actor: u.actor, requestId: 'test', ip: null });

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  rep = await createUser(t.services, 'sales', 'North', 'rep');
  other = await createUser(t.services, 'service', 'South', 'other');
  sRep = await login(t.app, rep.email);
  sOther = await login(t.app, other.email);
  sAdmin = await login(t.app, admin.email);
  const p = await t.services.pipelines.create(ctx(admin), {
    name: 'Wholesale',
    description: 'Orders from distributors',
    stages: [
      { name: 'Qualify', probability: 20, playbook: 'Ask about **annual volume** and the buyer.' },
      { name: 'Quote', probability: 60, stalledAfterDays: 14 },
      { name: 'Won', outcome: 'won' },
      { name: 'Lost', outcome: 'lost' },
    ],
  });
  pipelineId = p.id;
  const ct = await t.services.caseTypes.create(ctx(admin), {
    name: 'Damaged delivery',
    process: '1. Ask for a photo\n2. Send a replacement within 48 hours',
  });
  caseTypeId = ct.id;
  const sla = await t.services.sla.create(ctx(admin), {
    name: 'Urgent damage',
    priority: 'urgent',
    caseTypeId: ct.id,
    firstResponseMinutes: 60,
    resolutionMinutes: 480,
  });
  slaId = sla.id;
  const form = await t.services.leadForms.create(ctx(admin), {
    name: 'Trade enquiry',
    fields: ['email'],
    pipelineId: p.id,
    stageId: p.stages[0]!.id,
    ownerId: rep.id,
    assignByCountry: { FR: other.id },
  });
  formId = form.id;
});
afterAll(() => t.close());

const get = async (s: Session, q?: string) => {
  const res = await t.app.inject({
    url: `/api/v1/handbook${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`,
    headers: s.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as { data: HandbookEntry[]; canAssignOwners: boolean };
};
const entry = (list: { data: HandbookEntry[] }, kind: string, id: string) =>
  list.data.find((e) => e.kind === kind && e.id === id);

describe('GET /api/v1/handbook', () => {
  it('gathers every configured process with its documentation, for any staff login', async () => {
    const list = await get(sRep);
    expect(list.canAssignOwners).toBe(false);
    const p = entry(list, 'pipeline', pipelineId)!;
    expect(p).toMatchObject({ kindLabel: 'Pipeline', name: 'Wholesale', description: 'Orders from distributors' });
    expect(p.sections.map((s) => s.title)).toEqual(['Qualify', 'Quote', 'Won', 'Lost']);
    expect(p.sections[0]!.html).toContain('<strong>annual volume</strong>');
    expect(p.sections[1]!.facts).toEqual(['Win probability 60%', 'Stalled after 14 days']);
    expect(p.owner).toBeNull();
    expect(p.lastReviewedAt).toBeNull();
    expect(p.history).toEqual([
      expect.objectContaining({ action: 'create', actor: { id: admin.id, name: admin.actor.name } }),
    ]);
    expect(p.updatedAt).toBe(p.history[0]!.at);
    expect(p.editPath).toBe('/settings/pipelines');

    const ct = entry(list, 'case_type', caseTypeId)!;
    expect(ct.sections[0]!.html).toContain('Send a replacement within 48 hours');
    const sla = entry(list, 'sla_policy', slaId)!;
    expect(sla.sections[0]!.facts).toEqual([
      'Applies to Urgent priority, case type Damaged delivery',
      'First response within 1 business hour',
      'Resolution within 8 business hours',
    ]);
    const form = entry(list, 'lead_form', formId)!;
    expect(form.sections[0]!.facts).toEqual([
      'New deals in Wholesale → Qualify',
      `Owner: ${rep.actor.name}`,
      `Leads from FR: ${other.actor.name}`,
    ]);
    const cadence = entry(list, 'cadence', 'workspace')!;
    expect(cadence.sections[0]!.facts.length).toBeGreaterThan(0);
    // A service agent reads the same handbook.
    expect((await get(sOther)).data.map((e) => e.id)).toEqual(list.data.map((e) => e.id));
  });

  it('searches every word in names, kinds and documentation, any case', async () => {
    expect((await get(sRep, 'ANNUAL volume')).data.map((e) => e.id)).toEqual([pipelineId]);
    expect((await get(sRep, 'replacement')).data.map((e) => e.id)).toEqual([caseTypeId]);
    expect((await get(sRep, 'sla policy urgent')).data.map((e) => e.id)).toEqual([slaId]);
    expect((await get(sRep, 'no such words anywhere')).data).toEqual([]);
  });

  it('leaves out the processes of a module switched off', async () => {
    await t.services.workspace.update(ctx(admin), { modules: { service: false } });
    const kinds = new Set((await get(sRep)).data.map((e) => e.kind));
    expect(kinds.has('case_type') || kinds.has('sla_policy')).toBe(false);
    await t.services.workspace.update(ctx(admin), { modules: { service: true } });
  });

  it('refuses anonymous callers', async () => {
    expect((await t.app.inject({ url: '/api/v1/handbook' })).statusCode).toBe(401);
  });
});

describe('owners and reviews', () => {
  it('lets administrators choose an owner, who then marks it reviewed; another rep may not', async () => {
    const url = `/api/v1/handbook/pipeline/${pipelineId}`;
    const refused = await t.app.inject({ method: 'POST', url: `${url}/review`, headers: sRep.headers });
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ code: 'access.forbidden' });
    const notAdmin = await t.app.inject({
      method: 'PUT',
      url: `${url}/owner`,
      headers: sRep.headers,
      payload: { ownerId: rep.id },
    });
    expect(notAdmin.statusCode).toBe(403);
    const owned = await t.app.inject({
      method: 'PUT',
      url: `${url}/owner`,
      headers: sAdmin.headers,
      payload: { ownerId: rep.id },
    });
    expect(owned.statusCode, owned.body).toBe(200);
    expect((json(owned) as HandbookEntry).owner).toEqual({ id: rep.id, name: rep.actor.name });

    const reviewed = await t.app.inject({ method: 'POST', url: `${url}/review`, headers: sRep.headers });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const e = json(reviewed) as HandbookEntry;
    expect(e.lastReviewedBy).toEqual({ id: rep.id, name: rep.actor.name });
    expect(Date.parse(e.lastReviewedAt!)).not.toBeNaN();
    expect(e.history.map((h) => h.action)).toEqual(['review', 'owner_change', 'create']);
    // A review is not a change: the entry's last change is still its creation.
    expect(e.updatedAt).toBe(e.history[2]!.at);
    expect(e.canReview).toBe(true);
    // Another rep may not review what they do not own.
    const stranger = await t.app.inject({
      method: 'POST',
      url: `/api/v1/handbook/pipeline/${pipelineId}/review`,
      headers: (await login(t.app, (await createUser(t.services, 'sales', 'North', 'rep2')).email)).headers,
    });
    expect(stranger.statusCode).toBe(403);
  });

  it('keeps the cadence history to the cadence changes of the workspace', async () => {
    await t.services.workspace.update(ctx(admin), { name: 'Renamed' });
    await t.services.workspace.update(ctx(admin), { cadenceDefaults: { customer: 45 } });
    const cadence = entry(await get(sAdmin), 'cadence', 'workspace')!;
    expect(cadence.history.map((h) => h.fields)).toEqual([expect.arrayContaining(['cadenceDefaults'])]);
    expect(cadence.sections[0]!.facts).toContain('Customer: every 45 days');
    const reviewed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/handbook/cadence/workspace/review',
      headers: sAdmin.headers,
    });
    expect(reviewed.statusCode).toBe(200);
    expect((json(reviewed) as HandbookEntry).history.map((h) => h.action)).toEqual(['review', 'update']);
  });

  it('answers 404 for an unknown process, 400 for an unknown kind, 422 for an unknown owner', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/handbook/pipeline/nope/review',
      headers: sAdmin.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({ code: 'handbook.not_found' });
    const kind = await t.app.inject({
      method: 'POST',
      url: '/api/v1/handbook/recipe/x/review',
      headers: sAdmin.headers,
    });
    expect(kind.statusCode).toBe(400);
    const owner = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/handbook/case_type/${caseTypeId}/owner`,
      headers: sAdmin.headers,
      payload: { ownerId: 'nobody' },
    });
    expect(owner.statusCode).toBe(422);
    expect(json(owner)).toMatchObject({ errors: [expect.objectContaining({ pointer: '/ownerId' })] });
  });
});
