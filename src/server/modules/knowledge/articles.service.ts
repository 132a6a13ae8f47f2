/**
 * Knowledge articles: a kind of record on the kernel (list, get, create, update with version guard, delete, restore,
 * field history: who changed what, version by version), with the knowledge base's own rules as hooks. The body is
 * markdown, rendered and sanitised on read (`platform/markdown.ts`). An article is internal (staff only) or public (the
 * portal shows it without signing in, once published); it moves draft → published. Its search document (title,
 * category, tags, summary and body text) is in the platform's full-text index, which serves the staff list's search,
 * the portal's search and the suggestions shown while a case subject is typed.
 */
import { type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { assertCan } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { now } from '../../platform/ids.ts';
import type { FieldSpec, ListPage, ListParams } from '../../platform/lists.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { type KernelDeps, RecordKernel } from '../../platform/records/kernel.ts';
import { queryTokens, type SearchIndex } from '../../platform/search/search-index.ts';
import { teamBriefs, userBriefs } from '../identity/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { articlesKind } from './articles.kind.ts';
import * as repo from './articles.repository.ts';
import type {
  Article,
  ArticleHit,
  ArticleStatus,
  CreateArticle,
  PublicArticle,
  UpdateArticle,
} from './articles.schemas.ts';
import { knowledgeError } from './knowledge.errors.ts';

export interface ArticlesDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  index: SearchIndex;
}

/** Words too common to suggest an article on their own ("how do I …", "my order is …"). */
const STOPWORDS = new Set(
  'a an and are as at be but by can cannot could did do does for from get got has have how i if in is it its me my no not of on or our please so still the their there this to was we what when where which who why will with won would you your help need want problem issue'.split(
    ' ',
  ),
);

/** The words of a markdown body for the index (markup and link targets dropped), capped. */
export function bodyText(markdown: string, max = 4000): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`|~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** The pure validation and normalisation of an article input (no database). */
export function normaliseArticle(
  input: UpdateArticle,
  existing: repo.ArticleRow | undefined,
  at: string = now(),
): { columns: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
  if (input.title !== undefined && input.title.trim() === '') err('/title', 'is required');
  const status = input.status ?? (existing ? undefined : 'draft');
  const body = input.body ?? existing?.body ?? '';
  if (status === 'published' && existing?.status !== 'published' && body.trim() === '') {
    err('/body', 'is required to publish');
  }
  const columns: Record<string, unknown> = {
    title: input.title?.trim(),
    summary: input.summary === undefined ? undefined : input.summary?.trim() || null,
    body: input.body,
    category: input.category === undefined ? undefined : input.category?.trim() || null,
    visibility: input.visibility ?? (existing ? undefined : 'internal'),
    status,
    related_article_ids: input.relatedArticleIds ? JSON.stringify([...new Set(input.relatedArticleIds)]) : undefined,
    tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
  };
  if (status === 'published' && existing?.status !== 'published') columns.published_at = at;
  if (status === 'draft' && existing?.status === 'published') columns.published_at = null;
  return { columns, errors };
}

const toDto = (r: repo.ArticleRow): Article => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  body: r.body,
  bodyHtml: renderMarkdown(r.body),
  category: r.category,
  visibility: r.visibility as Article['visibility'],
  status: r.status as ArticleStatus,
  publishedAt: r.published_at,
  relatedArticleIds: JSON.parse(r.related_article_ids) as string[],
  tags: JSON.parse(r.tags) as string[],
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const isPublic = (r: repo.ArticleRow) => r.deleted_at === null && r.visibility === 'public' && r.status === 'published';

export class ArticlesService {
  readonly #d: ArticlesDeps;
  readonly records: RecordKernel<repo.ArticleRow, Article, UpdateArticle>;

  constructor(deps: ArticlesDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.ArticleRow, Article, UpdateArticle>(
      articlesKind,
      {
        ...deps,
        // Articles have no custom fields; the kernel never asks.
        customFields: undefined as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: (db) => repo.records(db),
        toDtos: async (_ctx, rows) => rows.map(toDto),
        // The list's `q` is a full-text match: the index's hits become the condition.
        quickFilter: async (_ctx, q) => {
          const ids = (await this.#hits(q, 200)).map((h) => h.id);
          return ids.length > 0 ? sql<SqlBool>`articles.id in (${sql.join(ids)})` : sql<SqlBool>`1 = 0`;
        },
        normalise: (input, existing) => normaliseArticle(input, existing),
        check: (_ctx, db, input, existing) => this.#check(db, input, existing),
        searchDocument: async (db, id) => {
          const row = await repo.findRow(db, id);
          return row
            ? {
                kind: 'articles',
                recordId: row.id,
                ownerId: null,
                teamId: null,
                title: row.title,
                subtitle: row.category,
                terms: [row.title, row.category, row.summary, ...JSON.parse(row.tags), bodyText(row.body)],
              }
            : undefined;
        },
        createdLine: (a) => `Article "${a.title}" written (${a.visibility}, ${a.status})`,
        updatedLine: (before, after, changes) => {
          if (changes.status && after.status === 'published') return `Article "${after.title}" published`;
          if (changes.status) return `Article "${after.title}" back to draft`;
          if (changes.visibility) return `Article "${after.title}" made ${after.visibility}`;
          return changes.title ? `Article renamed: "${before.title}" → "${after.title}"` : undefined;
        },
        eventPayload: (a) => ({ articleId: a.id, title: a.title, visibility: a.visibility, status: a.status }),
      },
    );
  }

  get #db() {
    return this.#d.database.db;
  }

  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    return this.records.fieldSpecs(ctx);
  }

  /** Lists articles; `q` matches through the full-text index (title, summary, category, tags, body). */
  list(ctx: Ctx, params: ListParams): Promise<ListPage<Article>> {
    return this.records.list(ctx, params);
  }

  get(ctx: Ctx, id: string): Promise<Article> {
    return this.records.get(ctx, id);
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  create(ctx: Ctx, input: CreateArticle): Promise<Article> {
    return this.records.create(ctx, input);
  }

  update(ctx: Ctx, id: string, input: UpdateArticle, ifMatch?: number): Promise<Article> {
    return this.records.update(ctx, id, input, ifMatch);
  }

  /** Publishes a draft (its body must not be empty); publishing a published article changes nothing. */
  async publish(ctx: Ctx, id: string, ifMatch?: number): Promise<Article> {
    const current = await this.records.get(ctx, id);
    if (current.status === 'published') return current;
    if (!current.body?.trim()) {
      throw knowledgeError(
        'articles.not_publishable',
        'Not publishable',
        'An article needs a body before it is published.',
        [{ pointer: '/body', detail: 'is empty', in: 'body' }],
      );
    }
    return this.records.update(ctx, id, { status: 'published' }, ifMatch);
  }

  remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    return this.records.remove(ctx, id, ifMatch);
  }

  restore(ctx: Ctx, id: string): Promise<Article> {
    return this.records.restore(ctx, id);
  }

  categories(ctx: Ctx): Promise<{ name: string; count: number }[]> {
    assertCan(ctx.actor, 'articles', 'read');
    return repo.categories(this.#db, false);
  }

  /** Articles matching what an agent types as a case subject (staff: internal and public, published first). */
  async suggest(ctx: Ctx, q: string, limit = 5): Promise<ArticleHit[]> {
    assertCan(ctx.actor, 'articles', 'read');
    return (await this.#suggestions(q, limit * 3, () => true))
      .sort((a, b) => Number(b.published) - Number(a.published) || b.score - a.score)
      .slice(0, limit)
      .map(({ published: _p, ...h }) => h);
  }

  // ---------- public (portal) reads: published public articles only, no actor ----------

  /** Public articles matching `q` (all of its words), best first; without `q` the public list by category. */
  async publicSearch(q: string | undefined, opts: { category?: string; limit: number }): Promise<ArticleHit[]> {
    const text = q?.trim();
    if (!text) {
      return (await repo.publicRows(this.#db, opts)).map((r) => ({
        id: r.id,
        title: r.title,
        summary: r.summary,
        category: r.category,
        visibility: 'public' as const,
        score: 0,
      }));
    }
    const hits = await this.#hits(text, 200);
    const rows = new Map(
      (
        await repo.liveRows(
          this.#db,
          hits.map((h) => h.id),
        )
      ).map((r) => [r.id, r]),
    );
    return hits
      .filter((h) => {
        const r = rows.get(h.id);
        return r && isPublic(r) && (!opts.category || r.category === opts.category);
      })
      .slice(0, opts.limit)
      .map((h) => ({ ...h, visibility: 'public' as const, summary: rows.get(h.id)!.summary }));
  }

  /** Public suggestions for a request subject typed in the portal. */
  async publicSuggest(q: string, limit = 5): Promise<ArticleHit[]> {
    return (await this.#suggestions(q, limit, isPublic)).map(({ published: _p, ...h }) => ({
      ...h,
      visibility: 'public' as const,
    }));
  }

  /** A published public article (404 for anything else: a draft or an internal article does not exist out there). */
  async publicGet(id: string): Promise<PublicArticle> {
    const row = await repo.findRow(this.#db, id);
    if (!row || !isPublic(row)) throw knowledgeError('articles.not_found', 'Not found', 'No such article.');
    const relatedIds = JSON.parse(row.related_article_ids) as string[];
    const related = (await repo.liveRows(this.#db, relatedIds))
      .filter(isPublic)
      .sort((a, b) => relatedIds.indexOf(a.id) - relatedIds.indexOf(b.id));
    return {
      id: row.id,
      title: row.title,
      summary: row.summary,
      category: row.category,
      bodyHtml: renderMarkdown(row.body),
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      related: related.map((r) => ({ id: r.id, title: r.title })),
    };
  }

  publicCategories(): Promise<{ name: string; count: number }[]> {
    return repo.categories(this.#db, true);
  }

  /** Whether an id is a published public article (the portal's deflection log checks it). */
  async isPublic(id: string, db: Executor = this.#db): Promise<boolean> {
    const row = await repo.findRow(db, id);
    return row !== undefined && isPublic(row);
  }

  // ---------- internals ----------

  /** Full-text hits (every word of `q` must match, by prefix or within a typo), best first, live articles only. */
  async #hits(q: string, limit: number): Promise<ArticleHit[]> {
    const hits = await this.#d.index.query(this.#db, {
      q,
      kinds: ['articles'],
      scopes: { articles: { kind: 'all' } },
      limit,
    });
    const rows = new Map(
      (
        await repo.liveRows(
          this.#db,
          hits.map((h) => h.recordId),
        )
      ).map((r) => [r.id, r]),
    );
    return hits.flatMap((h) => {
      const r = rows.get(h.recordId);
      return r
        ? [
            {
              id: r.id,
              title: r.title,
              summary: r.summary,
              category: r.category,
              visibility: r.visibility as ArticleHit['visibility'],
              score: h.score,
            },
          ]
        : [];
    });
  }

  /**
   * Suggestions for a sentence being typed: a subject rarely has all its words in one article, so each meaningful
   * word is searched on its own and articles are ranked by how many of the words they match, then by score.
   */
  async #suggestions(
    q: string,
    limit: number,
    keep: (r: repo.ArticleRow) => boolean,
  ): Promise<(ArticleHit & { published: boolean })[]> {
    const words = [...new Set(queryTokens(q))].filter((w) => w.length >= 3 && !STOPWORDS.has(w)).slice(0, 8);
    if (words.length === 0) return [];
    const tally = new Map<string, { hit: ArticleHit; words: number; score: number }>();
    for (const w of words) {
      for (const hit of await this.#hits(w, 30)) {
        const t = tally.get(hit.id) ?? { hit, words: 0, score: 0 };
        t.words += 1;
        t.score += hit.score;
        tally.set(hit.id, t);
      }
    }
    const rows = new Map((await repo.liveRows(this.#db, [...tally.keys()])).map((r) => [r.id, r]));
    return [...tally.values()]
      .filter((t) => rows.has(t.hit.id) && keep(rows.get(t.hit.id)!))
      .sort((a, b) => b.words - a.words || b.score - a.score || a.hit.title.localeCompare(b.hit.title))
      .slice(0, limit)
      .map((t) => ({
        ...t.hit,
        score: Math.round((t.words / words.length + t.score / words.length / 10) * 1000) / 1000,
        published: rows.get(t.hit.id)!.status === 'published',
      }));
  }

  async #check(db: Executor, input: UpdateArticle, existing: repo.ArticleRow | undefined): Promise<FieldError[]> {
    if (!input.relatedArticleIds?.length) return [];
    const live = new Set((await repo.liveRows(db, input.relatedArticleIds)).map((r) => r.id));
    const errors: FieldError[] = [];
    input.relatedArticleIds.forEach((id, i) => {
      if (existing && id === existing.id)
        errors.push({ pointer: `/relatedArticleIds/${i}`, detail: 'is this article', in: 'body' });
      else if (!live.has(id))
        errors.push({ pointer: `/relatedArticleIds/${i}`, detail: 'is not an article', in: 'body' });
    });
    return errors;
  }
}
