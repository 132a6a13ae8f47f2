/** Error codes of the knowledge module (articles) and their HTTP status. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const KNOWLEDGE_ERRORS = {
  'articles.not_found': 404,
  'articles.not_publishable': 422,
} as const;

export type KnowledgeErrorCode = keyof typeof KNOWLEDGE_ERRORS;

export const knowledgeError = (
  code: KnowledgeErrorCode,
  title: string,
  detail: string,
  errors?: FieldError[],
): AppError => new AppError(code, KNOWLEDGE_ERRORS[code], title, detail, errors);
