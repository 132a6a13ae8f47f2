import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DataEnvelope,
  errors,
  HistoryEntrySchema,
  IdParams,
  ifMatch,
  ListEnvelope,
  ListQuery,
  setEtag,
} from '../../platform/http.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { ArticleHit, ArticleView, CreateArticle, SuggestQuery, UpdateArticle } from './articles.schemas.ts';
import type { ArticlesService } from './articles.service.ts';

const rule = (action: 'read' | 'create' | 'update' | 'delete') =>
  ({ access: { object: 'articles', action }, module: 'service' }) as const;

const Category = Type.Object({ name: Type.String(), count: Type.Integer() }, { title: 'ArticleCategory' });

export const articlesRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesService }> = async (app, { articles }) => {
  app.get(
    '/articles',
    {
      config: rule('read'),
      schema: {
        operationId: 'listArticles',
        tags: ['knowledge'],
        summary: 'List knowledge articles (q: full-text search of title, summary, tags and body)',
        querystring: ListQuery,
        response: { 200: ListEnvelope(ArticleView), ...errors(400, 401, 403) },
      },
    },
    async (request) => articles.list(request.ctx(), request.query),
  );

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

  app.get(
    '/articles/:id',
    {
      config: rule('read'),
      schema: {
        operationId: 'getArticle',
        tags: ['knowledge'],
        summary: 'Get an article with its body rendered (sanitised HTML)',
        params: IdParams,
        response: { 200: ArticleView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const a = await articles.get(request.ctx(), request.params.id);
      setEtag(reply, a.version);
      return a;
    },
  );

  app.get(
    '/articles/:id/history',
    {
      config: rule('read'),
      schema: {
        operationId: 'getArticleHistory',
        tags: ['knowledge'],
        summary: "An article's versions: who changed which fields, when, from what to what",
        params: IdParams,
        response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await articles.history(request.ctx(), request.params.id) }),
  );

  app.post(
    '/articles',
    {
      config: rule('create'),
      schema: {
        operationId: 'createArticle',
        tags: ['knowledge'],
        summary: 'Write an article (a draft unless status says published)',
        body: CreateArticle,
        response: { 201: ArticleView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const a = await articles.create(request.ctx(), request.body);
      setEtag(reply, a.version);
      return reply.status(201).header('location', `/api/v1/articles/${a.id}`).send(a);
    },
  );

  app.patch(
    '/articles/:id',
    {
      config: rule('update'),
      schema: {
        operationId: 'updateArticle',
        tags: ['knowledge'],
        summary: 'Edit an article (If-Match guards against overwriting a newer version)',
        params: IdParams,
        body: UpdateArticle,
        response: { 200: ArticleView, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const a = await articles.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, a.version);
      return a;
    },
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

  app.delete(
    '/articles/:id',
    {
      config: rule('delete'),
      schema: {
        operationId: 'deleteArticle',
        tags: ['knowledge'],
        summary: 'Move an article to the bin (restorable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await articles.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/articles/:id/restore',
    {
      config: rule('delete'),
      schema: {
        operationId: 'restoreArticle',
        tags: ['knowledge'],
        summary: 'Restore an article from the bin',
        params: IdParams,
        response: { 200: ArticleView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const a = await articles.restore(request.ctx(), request.params.id);
      setEtag(reply, a.version);
      return a;
    },
  );
};
