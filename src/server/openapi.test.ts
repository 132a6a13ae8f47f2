import { beforeAll, describe, expect, it } from 'vitest';
import { lintOpenApi } from '../../scripts/lint-api.ts';
import { buildOpenApiDocument, type OpenApiDocument, operations } from './openapi.ts';
import { nameSchemas } from './platform/openapi.ts';

let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await buildOpenApiDocument();
});

describe('the OpenAPI document integrators generate clients from', () => {
  it('gives every operation a unique camelCase operationId and a summary', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    const missing = ops
      .filter(({ operation }) => !operation.operationId || !operation.summary?.trim())
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(missing, 'operations without an operationId or a summary').toEqual([]);
    const ids = ops.map(({ operation }) => operation.operationId!);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates, 'operationIds used twice').toEqual([]);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
  });

  it('passes the recommended OpenAPI lint rules without errors', async () => {
    const problems = await lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('names the shared record shapes as components', () => {
    for (const name of ['Person', 'Company', 'Problem']) expect(doc.components.schemas).toHaveProperty(name);
    const getPerson = doc.paths['/api/v1/people/{id}']?.get?.responses?.['200'] as Record<string, unknown>;
    expect(JSON.stringify(getPerson)).toContain('"$ref":"#/components/schemas/Person"');
  });
});

describe('nameSchemas', () => {
  const person = { title: 'Person', type: 'object', properties: { title: { type: 'string' } } };

  it('moves a titled schema into components and refers to it everywhere it appears', () => {
    const out = nameSchemas({
      paths: { '/a': { get: { responses: { 200: { content: { 'application/json': { schema: person } } } } } } },
      components: { schemas: {} },
    }) as unknown as OpenApiDocument;
    expect(out.components.schemas.Person).toEqual(person);
    expect(JSON.stringify(out.paths)).toBe(
      JSON.stringify({
        '/a': {
          get: {
            responses: {
              200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } },
            },
          },
        },
      }),
    );
  });

  it('refuses two different shapes under one title', () => {
    const other = { ...person, properties: { name: { type: 'string' } } };
    expect(() => nameSchemas({ paths: { '/a': { get: { x: person } }, '/b': { get: { x: other } } } })).toThrow(
      /two different schemas are titled "Person"/,
    );
  });
});
