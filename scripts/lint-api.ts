/**
 * `npm run lint:api`: lints the OpenAPI document with Redocly's `recommended` rules and prints every problem. Exits 1
 * when there is an error; warnings are printed and allowed. The same check runs in the test suite (src/server/openapi.test.ts).
 */
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import { buildOpenApiDocument, type OpenApiDocument } from '../src/server/openapi.ts';

export interface LintProblem {
  severity: 'error' | 'warn';
  rule: string;
  message: string;
  pointer: string;
}

export async function lintOpenApi(doc: OpenApiDocument): Promise<LintProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const document = makeDocumentFromString(JSON.stringify(doc), '/api/openapi.json');
  const problems = await lintDocument({ document, config: config.styleguide, externalRefResolver: new BaseResolver() });
  return problems.map((p) => ({
    severity: p.severity === 'error' ? 'error' : 'warn',
    rule: p.ruleId,
    message: p.message,
    pointer: p.location[0]?.pointer ?? '',
  }));
}

if (import.meta.main) {
  const problems = await lintOpenApi(await buildOpenApiDocument());
  for (const p of problems) console.log(`${p.severity.padEnd(5)} ${p.rule}: ${p.message} (${p.pointer})`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  console.log(`\n${errors} errors, ${problems.length - errors} warnings`);
  process.exit(errors > 0 ? 1 : 0);
}
