/**
 * Request validation with two Ajv instances: query strings, params and headers arrive as text and are coerced
 * ("50" → 50, "true" → true, a single value → array); JSON bodies are validated as sent, so `null` stays null
 * (coercion would turn `{"companyId": null}` into "" and write a broken reference).
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyRequest, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { AppError, type FieldError } from './errors.ts';

const base: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

function make(coerce: boolean): Ajv {
  const ajv = new Ajv({ ...base, coerceTypes: coerce ? 'array' : false });
  addFormats.default(ajv);
  // RFC 3339 allows times JavaScript cannot hold (a leap second, 23:59:60): a date-time must also be a Date, or code
  // reading it (new Date(x).toISOString()) would throw.
  const rfc3339 = ajv.formats['date-time'] as { validate: (s: string) => boolean } | ((s: string) => boolean);
  const matches = (s: string): boolean => (typeof rfc3339 === 'function' ? rfc3339(s) : rfc3339.validate(s));
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => matches(s) && !Number.isNaN(Date.parse(s)) });
  return ajv;
}

const coercing = make(true);
const strict = make(false);

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);

/**
 * Every string a request carries (body, query, path parameters, headers; property names too) must be text a database
 * can store as sent: no NUL (PostgreSQL refuses U+0000 in text) and no unpaired UTF-16 surrogate (it would be stored
 * as U+FFFD, silently changing the value). Checked once for every route, before schema validation, so each bad
 * field gets a 400 naming it. The walk is iterative: a deeply nested body cannot overflow the stack.
 */
export function unsafeStringErrors(parts: Partial<Record<NonNullable<FieldError['in']>, unknown>>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [part, root] of Object.entries(parts) as [NonNullable<FieldError['in']>, unknown][]) {
    const stack: [unknown, string][] = [[root, '']];
    while (stack.length > 0 && errors.length < MAX_REPORTED) {
      const [value, pointer] = stack.pop()!;
      if (typeof value === 'string') {
        const problem = stringProblem(value);
        if (problem) errors.push({ pointer, detail: problem, in: part });
      } else if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
      } else if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [key, v] = entries[i]!;
          const problem = stringProblem(key);
          if (problem) errors.push({ pointer, detail: `has a property name that ${problem}`, in: part });
          else stack.push([v, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`]);
        }
      }
    }
  }
  return errors;
}

const MAX_REPORTED = 20;

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (!s.isWellFormed()) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** preValidation hook: 400 `validation.failed` naming every field holding a string no database may store. */
export async function rejectUnsafeStrings(request: FastifyRequest): Promise<void> {
  const errors = unsafeStringErrors({
    params: request.params,
    query: request.query,
    headers: request.headers,
    body: request.body,
  });
  if (errors.length > 0) {
    throw new AppError(
      'validation.failed',
      400,
      'Invalid request',
      errors.map((e) => `${e.in} ${e.pointer || '/'} ${e.detail}`).join('; '),
      errors,
    );
  }
}
