import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { ArticleHit, ArticleView, CreateArticle, SuggestQuery, UpdateArticle } from './articles.schemas.ts';
import type { ArticlesService } from './articles.service.ts';

const rule = (action: 'read' | 'create' | 'update' | 'delete') =>
  ({ access: { object: 'articles', action }, module: 'service' }) as const;

const Category = Type.Object({ name: Type.String(), count: Type.Integer() }, { title: 'ArticleCategory' });

export const articlesRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesService }> = async (app, { articles }) => {
  recordRoutes(app, {
    path: 'articles',
    object: 'articles',
    module: 'service',
    tag: 'knowledge',
    names: { one: 'Article', many: 'Articles' },
    view: ArticleView,
    create: CreateArticle,
    update: UpdateArticle,
    service: articles,
    summaries: {
      list: 'List knowledge articles (q: full-text search of title, summary, tags and body)',
      get: 'Get an article with its body rendered (sanitised HTML)',
      history: "An article's versions: who changed which fields, when, from what to what",
      create: 'Write an article (a draft unless status says published)',
      update: 'Edit an article (If-Match guards against overwriting a newer version)',
      delete: 'Move an article to the bin (restorable)',
      restore: 'Restore an article from the bin',
    },
  });

  app.get(
    '/articles/suggestions',
    {
      config: rule('read'),
      schema: {
        operationId: 'suggestArticles',
        tags: ['knowledge'],
        summary: 'Articles relevant to a case subject as it is typed (published first)',
        querystring: SuggestQuery,
        response: { 200: DataEnvelope(ArticleHit), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await articles.suggest(request.ctx(), request.query.q ?? '', request.query.limit) }),
  );

  app.get(
    '/articles/categories',
    {
      config: rule('read'),
      schema: {
        operationId: 'listArticleCategories',
        tags: ['knowledge'],
        summary: 'The categories in use, with their number of articles',
        response: { 200: DataEnvelope(Category), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await articles.categories(request.ctx()) }),
  );

  app.post(
    '/articles/preview',
    {
      config: rule('read'),
      schema: {
        operationId: 'previewArticle',
        tags: ['knowledge'],
        summary: 'Render a markdown body as the article page will show it (sanitised HTML); nothing is stored',
        body: Type.Object({ body: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ html: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ html: renderMarkdown(request.body.body) }),
  );

  app.post(
    '/articles/:id/publish',
    {
      config: rule('update'),
      schema: {
        operationId: 'publishArticle',
        tags: ['knowledge'],
        summary: 'Publish a draft (a public article then shows on the portal)',
        params: IdParams,
        response: { 200: ArticleView, ...errors(401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const a = await articles.publish(request.ctx(), request.params.id, ifMatch(request));
      setEtag(reply, a.version);
      return a;
    },
  );
};
