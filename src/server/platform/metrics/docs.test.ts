/** docs/metrics.md lists exactly the registered metrics with their definitions. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestContext, testApp } from '../../test/harness.ts';
import { metricsMarkdown } from './docs.ts';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

it('docs/metrics.md is the registry, as `rapport metrics docs` writes it', () => {
  const doc = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8');
  expect(doc, 'run: npm run -s cli -- metrics docs > docs/metrics.md').toBe(
    metricsMarkdown(t.services.metrics.registry),
  );
});
