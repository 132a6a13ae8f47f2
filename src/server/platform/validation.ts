/**
 * Request validation with two Ajv instances: query strings, params and headers arrive as text and are coerced
 * ("50" → 50, "true" → true, a single value → array); JSON bodies are validated as sent, so `null` stays null
 * (coercion would turn `{"companyId": null}` into "" and write a broken reference).
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const base: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

function make(coerce: boolean): Ajv {
  const ajv = new Ajv({ ...base, coerceTypes: coerce ? 'array' : false });
  addFormats.default(ajv);
  return ajv;
}

const coercing = make(true);
const strict = make(false);

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);
