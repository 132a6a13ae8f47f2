/**
 * One error handler: every error leaves as RFC 9457 `application/problem+json`. Validation errors name each bad field
 * with a JSON pointer; unknown errors become a generic 500 logged with the request id, never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from './errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

const PROBLEM_TYPE_BASE = 'https://rapport.dev/problems/';

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${err.code}`,
    title: err.title,
    status: err.status,
    detail: err.detail,
    instance: request.url,
    code: err.code,
    requestId: String(request.id),
  };
  if (err.errors && err.errors.length > 0) body.errors = err.errors;
  if ('location' in err && typeof err.location === 'string') reply.header('location', err.location);
  return reply.status(err.status).type('application/problem+json').send(body);
}

/** The problem for an error the router raises before any hook runs (a path it cannot decode, an over-long parameter). */
export function frameworkProblem(error: FastifyError): AppError {
  if (error.code === 'FST_ERR_BAD_URL') {
    return new AppError('request.bad_url', 400, 'Bad Request', 'The path is not valid percent-encoded UTF-8.', [
      { pointer: '', detail: 'is not valid percent-encoded UTF-8', in: 'params' },
    ]);
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return new AppError('request.invalid', status, titleFor(status), error.message);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Fastify/Ajv validation output into field errors with JSON pointers. */
export function fieldErrorsFromValidation(validation: AjvError[], context: string | undefined): FieldError[] {
  // Fastify names the query part `querystring`; problems name it `query`, as every other error does.
  const part = (context === 'querystring' ? 'query' : (context ?? 'body')) as FieldError['in'];
  return validation.map((v) => {
    let pointer = v.instancePath;
    if (v.keyword === 'required' && typeof v.params.missingProperty === 'string') {
      pointer = `${pointer}/${v.params.missingProperty}`;
      return { pointer, detail: 'is required', in: part };
    }
    if (v.keyword === 'additionalProperties' && typeof v.params.additionalProperty === 'string') {
      return { pointer: `${pointer}/${v.params.additionalProperty}`, detail: 'is not a known field', in: part };
    }
    return { pointer, detail: v.message ?? 'is invalid', in: part };
  });
}

export default fp(
  async function problems(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) return sendProblem(reply, request, error);
      const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
      if (fe.validation) {
        const errors = fieldErrorsFromValidation(fe.validation, fe.validationContext);
        return sendProblem(
          reply,
          request,
          new AppError(
            'validation.failed',
            400,
            'Invalid request',
            errors.map((e) => `${e.in} ${e.pointer || '/'} ${e.detail}`).join('; '),
            errors,
          ),
        );
      }
      if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
        const code =
          fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'request.unsupported_media_type' : 'request.invalid';
        const status = fe.statusCode === 429 ? 429 : fe.statusCode;
        return sendProblem(
          reply,
          request,
          new AppError(status === 429 ? 'request.rate_limited' : code, status, titleFor(status), fe.message),
        );
      }
      request.log.error({ err: error, requestId: request.id }, 'unhandled error');
      return sendProblem(
        reply,
        request,
        new AppError(
          'internal',
          500,
          'Internal Server Error',
          `Something failed on our side. Quote request id ${request.id}.`,
        ),
      );
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request,
        new AppError('route.not_found', 404, 'Not found', `No route ${request.method} ${request.url.split('?')[0]}`),
      ),
    );
  },
  { name: 'problems' },
);

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Unauthenticated';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 409:
      return 'Conflict';
    case 412:
      return 'Precondition Failed';
    case 414:
      return 'URI Too Long';
    case 413:
      return 'Payload Too Large';
    case 415:
      return 'Unsupported Media Type';
    case 429:
      return 'Too Many Requests';
    default:
      return 'Bad Request';
  }
}
