import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

export const ARTICLE_VISIBILITIES = ['internal', 'public'] as const;
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });

export const Article = Type.Object({
  id: Type.String(),
  title: Type.String(),
  summary: Nullable(Type.String()),
  body: Type.String({ description: 'Markdown as written' }),
  bodyHtml: Nullable(Type.String({ description: 'The body rendered and sanitised (safe to show)' })),
  category: Nullable(Type.String()),
  visibility: StringEnum(ARTICLE_VISIBILITIES, { description: 'internal: staff only; public: also on the portal' }),
  status: StringEnum(ARTICLE_STATUSES),
  publishedAt: Nullable(Type.String()),
  relatedArticleIds: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
});
export type Article = Static<typeof Article>;

export const ArticleView = Type.Partial(Article, { title: 'Article' });

const writable = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Nullable(Type.String({ maxLength: 500 })),
  body: Type.String({ maxLength: 100_000, description: 'Markdown' }),
  category: Nullable(Type.String({ maxLength: 80 })),
  visibility: StringEnum(ARTICLE_VISIBILITIES),
  status: StringEnum(ARTICLE_STATUSES, { description: 'draft or published (publish: POST /articles/{id}/publish)' }),
  relatedArticleIds: Type.Array(Id, { maxItems: 20 }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 }),
};

export const CreateArticle = Type.Object(
  {
    title: writable.title,
    summary: Type.Optional(writable.summary),
    body: Type.Optional(writable.body),
    category: Type.Optional(writable.category),
    visibility: Type.Optional(writable.visibility),
    status: Type.Optional(writable.status),
    relatedArticleIds: Type.Optional(writable.relatedArticleIds),
    tags: Type.Optional(writable.tags),
  },
  { additionalProperties: false },
);
export type CreateArticle = Static<typeof CreateArticle>;

export const UpdateArticle = Type.Partial(CreateArticle, { additionalProperties: false });
export type UpdateArticle = Static<typeof UpdateArticle>;

export const ARTICLE_WRITABLE_FIELDS = Object.keys(writable);

/** An article as a suggestion or a search hit: enough to show a line and open it. */
export const ArticleHit = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    summary: Nullable(Type.String()),
    category: Nullable(Type.String()),
    visibility: StringEnum(ARTICLE_VISIBILITIES),
    score: Type.Number({ description: 'Higher is a better match' }),
  },
  { title: 'ArticleHit' },
);
export type ArticleHit = Static<typeof ArticleHit>;

export const SuggestQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 300, description: 'What is typed so far (a case subject)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
});

/** A public article as the portal shows it (no internal fields). */
export const PublicArticle = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    summary: Nullable(Type.String()),
    category: Nullable(Type.String()),
    bodyHtml: Nullable(Type.String()),
    publishedAt: Nullable(Type.String()),
    updatedAt: Type.String(),
    related: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  },
  { title: 'PublicArticle' },
);
export type PublicArticle = Static<typeof PublicArticle>;
