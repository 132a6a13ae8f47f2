import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { normaliseArticle } from './articles.service.ts';

let t: TestContext;
let admin: Session;
let agent: Session;
let seller: Session;

interface ArticleDto {
  id: string;
  title: string;
  body: string;
  bodyHtml: string | null;
  status: string;
  visibility: string;
  category: string | null;
  publishedAt: string | null;
  version: number;
}

const post = (s: Session, url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
const get = (s: Session, url: string) => t.app.inject({ url, headers: s.headers });
const write = async (s: Session, payload: object): Promise<ArticleDto> => {
  const res = await post(s, '/api/v1/articles', payload);
  if (res.statusCode !== 201) throw new Error(`create article: ${res.statusCode} ${res.body}`);
  return json<ArticleDto>(res);
};

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  agent = await login(t.app, (await createUser(t.services, 'service', 'Desk')).email);
  seller = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});
afterAll(() => t.close());

describe('articles', () => {
  it('are written as drafts, sanitised on read, published, and keep who changed what', async () => {
    const a = await write(agent, {
      title: 'Reset your password',
      body: '## Steps\n\n1. Open **Sign in**\n2. Choose *Forgot password*\n\n<script>alert(1)</script>[x](javascript:alert(1))',
      category: 'Account',
      visibility: 'public',
    });
    expect(a).toMatchObject({ status: 'draft', visibility: 'public', category: 'Account', publishedAt: null });
    expect(a.bodyHtml).toContain('<strong>Sign in</strong>');
    expect(a.bodyHtml).not.toContain('<script');
    expect(a.bodyHtml).not.toContain('href="javascript');

    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/articles/${a.id}`,
      headers: { ...admin.headers, 'if-match': `"${a.version}"` },
      payload: { title: 'Reset a forgotten password' },
    });
    expect(edited.statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/articles/${a.id}`,
      headers: { ...agent.headers, 'if-match': `"${a.version}"` },
      payload: { title: 'Older edit' },
    });
    expect(stale.statusCode).toBe(412);

    const published = await post(agent, `/api/v1/articles/${a.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(json<ArticleDto>(published)).toMatchObject({ status: 'published', title: 'Reset a forgotten password' });
    expect(json<ArticleDto>(published).publishedAt).not.toBeNull();

    const history = json<{
      data: { action: string; actor: { name: string } | null; changes: Record<string, unknown> }[];
    }>(await get(admin, `/api/v1/articles/${a.id}/history`)).data;
    const byChange = (field: string) => history.find((h) => field in h.changes);
    expect(byChange('title')?.actor?.name).toMatch(/^admin/);
    expect(byChange('title')?.changes.title).toEqual({ from: 'Reset your password', to: 'Reset a forgotten password' });
    expect(byChange('status')?.actor?.name).toMatch(/^service/);
    expect(history.some((h) => h.action === 'create')).toBe(true);
  });

  it('refuses to publish an empty article and a related article that does not exist', async () => {
    const empty = await write(agent, { title: 'Placeholder' });
    const res = await post(agent, `/api/v1/articles/${empty.id}/publish`);
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'articles.not_publishable' });
    const bad = await post(agent, '/api/v1/articles', { title: 'Linked', relatedArticleIds: ['nope'] });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/relatedArticleIds/0');
  });

  it('are found through the full-text index, and suggested while a subject is typed', async () => {
    const invoice = await write(agent, {
      title: 'Download an invoice',
      body: 'Open Billing, choose the invoice and press Download PDF.',
      category: 'Billing',
      visibility: 'public',
      status: 'published',
    });
    const seats = await write(agent, {
      title: 'Add a seat to your plan',
      body: 'Admins add seats under Billing → Plan; the invoice is prorated.',
      category: 'Billing',
      visibility: 'internal',
      status: 'published',
    });
    const list = json<{ data: ArticleDto[] }>(await get(seller, '/api/v1/articles?q=prorated')).data;
    expect(list.map((a) => a.id)).toEqual([seats.id]);
    const filtered = json<{ data: ArticleDto[] }>(
      await get(seller, '/api/v1/articles?q=invoice&filter=visibility:eq:public'),
    ).data;
    expect(filtered.map((a) => a.id)).toEqual([invoice.id]);

    // A sentence rarely has all its words in one article: each meaningful word counts.
    const typed = json<{ data: { id: string; title: string }[] }>(
      await get(agent, `/api/v1/articles/suggestions?q=${encodeURIComponent('I cannot find my invoice download')}`),
    ).data;
    expect(typed[0]!.id).toBe(invoice.id);
    expect(typed.map((s) => s.id)).toContain(seats.id);
    // A typo still finds it; stopwords alone find nothing.
    const typo = json<{ data: { id: string }[] }>(await get(agent, '/api/v1/articles/suggestions?q=invoce')).data;
    expect(typo.map((s) => s.id)).toContain(invoice.id);
    expect(json<{ data: unknown[] }>(await get(agent, '/api/v1/articles/suggestions?q=how%20do%20I')).data).toEqual([]);

    const categories = json<{ data: { name: string; count: number }[] }>(
      await get(agent, '/api/v1/articles/categories'),
    );
    expect(categories.data.find((c) => c.name === 'Billing')?.count).toBe(2);
  });

  it('follow the role: a sales user reads but may not write; the service module switch hides them', async () => {
    expect((await post(seller, '/api/v1/articles', { title: 'Mine' })).statusCode).toBe(403);
    expect((await get(seller, '/api/v1/articles')).statusCode).toBe(200);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: admin.headers,
      payload: { modules: { service: false } },
    });
    expect((await get(agent, '/api/v1/articles')).statusCode).toBe(404);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: admin.headers,
      payload: { modules: { service: true } },
    });
  });
});

describe('normaliseArticle', () => {
  it('sets the publication time on the first publish and clears it when back to draft', () => {
    const at = '2027-01-08T15:00:00.000Z';
    expect(normaliseArticle({ title: 'x', status: 'published', body: 'b' }, undefined, at).columns.published_at).toBe(
      at,
    );
    const row = { status: 'published', body: 'b' } as Parameters<typeof normaliseArticle>[1];
    expect(normaliseArticle({ status: 'draft' }, row, at).columns.published_at).toBeNull();
    expect(normaliseArticle({ title: ' ' }, undefined, at).errors[0]!.pointer).toBe('/title');
    expect(normaliseArticle({ title: 'x', status: 'published' }, undefined, at).errors[0]!.pointer).toBe('/body');
  });
});
