export { articlesKind } from './articles.kind.ts';
export { articlesRoutes } from './articles.routes.ts';
export { ArticleHit, PublicArticle, SuggestQuery } from './articles.schemas.ts';
export { ArticlesService } from './articles.service.ts';
export { KNOWLEDGE_ERRORS } from './knowledge.errors.ts';
