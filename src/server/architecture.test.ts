/**
 * Module boundaries: a module is reached only through its `index.ts`, and the platform never depends on a module. A
 * file in `modules/a/` may import anything in `modules/a/`, but from `modules/b/` only `modules/b/index.ts`; files
 * outside the modules (app, services, seed, CLI, bench, tests) follow the same rule, except the registry of record kinds
 * (`modules/kinds.ts`), which imports each module's `*.kind.ts`; nothing in `platform/` imports from `modules/`.
 */
import { globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const modulesDir = join(root, 'src', 'server', 'modules');
const platformDir = join(root, 'src', 'server', 'platform');

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;

/** Every relative import in a file, resolved to a path under the repository. */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!));
}

/** The module a path belongs to (`people` for `src/server/modules/people/x.ts`), or null. */
function moduleOf(path: string): string | null {
  const rel = relative(modulesDir, path);
  if (rel.startsWith('..') || !rel.includes(sep)) return null;
  return rel.split(sep)[0]!;
}

/** Why an import breaks a boundary, or null when it is allowed. */
function violation(from: string, to: string): string | null {
  const target = moduleOf(to);
  if (isUnder(from, platformDir) && isUnder(to, modulesDir)) return 'platform/ imports from modules/';
  if (target === null || moduleOf(from) === target) return null;
  if (relative(join(modulesDir, target), to) === 'index.ts') return null;
  // The registry of record kinds reads each module's kind declaration directly (a module's index would load its
  // routes and services, which read the registry).
  if (from === join(modulesDir, 'kinds.ts') && to.endsWith('.kind.ts')) return null;
  return `reaches past modules/${target}/index.ts`;
}

const isUnder = (path: string, dir: string) => !relative(dir, path).startsWith('..');

function sourceFiles(): string[] {
  return ['src', 'bench', 'e2e', 'scripts'].flatMap((dir) =>
    globSync(`${dir}/**/*.{ts,tsx}`, { cwd: root, exclude: (f) => String(f).includes('node_modules') }).map((f) =>
      join(root, f),
    ),
  );
}

/**
 * Imports that break the rule today, in files being moved onto the record kernel (issue 10). Remove a line when its
 * import is fixed; the test fails on a line that no longer matches anything, so the list only shrinks.
 */
const KNOWN: readonly string[] = [
  'src/server/platform/access/policy.test.ts → src/server/modules/kinds.ts',
  'src/server/modules/people/people.schemas.ts → src/server/modules/identity/identity.schemas.ts',
  'src/server/modules/people/people.service.ts → src/server/modules/custom-fields/custom-fields.service.ts',
  'src/server/modules/people/people.service.ts → src/server/modules/identity/identity.service.ts',
  'src/server/modules/people/people.service.ts → src/server/modules/workspace/workspace.service.ts',
  'src/server/modules/companies/companies.routes.ts → src/server/modules/people/people.schemas.ts',
  'src/server/modules/companies/companies.schemas.ts → src/server/modules/identity/identity.schemas.ts',
  'src/server/modules/companies/companies.schemas.ts → src/server/modules/people/people.schemas.ts',
  'src/server/modules/companies/companies.service.ts → src/server/modules/custom-fields/custom-fields.service.ts',
  'src/server/modules/companies/companies.service.ts → src/server/modules/identity/identity.service.ts',
  'src/server/modules/companies/companies.service.ts → src/server/modules/people/people.schemas.ts',
  'src/server/modules/companies/companies.service.ts → src/server/modules/people/people.service.ts',
  'src/server/modules/companies/companies.service.ts → src/server/modules/workspace/workspace.service.ts',
  'src/server/modules/companies/companies.test.ts → src/server/modules/custom-fields/custom-fields.service.ts',
  'src/server/modules/companies/companies.test.ts → src/server/modules/identity/identity.service.ts',
  'src/server/modules/companies/companies.test.ts → src/server/modules/people/people.service.ts',
  'src/server/modules/companies/companies.test.ts → src/server/modules/workspace/workspace.service.ts',
  'bench/scenarios/list-first-page.ts → src/server/modules/companies/companies.repository.ts',
  'bench/scenarios/list-first-page.ts → src/server/modules/people/people.repository.ts',
];

describe('module boundaries', () => {
  it('no file imports past a module’s index.ts, and platform/ never imports a module', () => {
    const found = new Map<string, string>();
    for (const file of sourceFiles()) {
      for (const target of importsOf(file, readFileSync(file, 'utf8'))) {
        const why = violation(file, target);
        if (why) found.set(`${relative(root, file)} → ${relative(root, target)}`, why);
      }
    }
    const unexpected = [...found].filter(([edge]) => !KNOWN.includes(edge)).map(([edge, why]) => `${edge}: ${why}`);
    expect(unexpected, 'import the other module through its index.ts (export what you need there)').toEqual([]);
    expect(
      KNOWN.filter((edge) => !found.has(edge)),
      'fixed: remove these lines from KNOWN',
    ).toEqual([]);
  });

  it('tells allowed imports from violations', () => {
    const m = (p: string) => join(modulesDir, p);
    expect(violation(m('people/people.service.ts'), m('people/people.repository.ts'))).toBeNull();
    expect(violation(m('people/people.service.ts'), m('companies/index.ts'))).toBeNull();
    expect(violation(m('people/people.service.ts'), m('companies/companies.schemas.ts'))).toMatch(/past/);
    expect(violation(join(root, 'src/server/app.ts'), m('views/views.routes.ts'))).toMatch(/past/);
    expect(violation(join(platformDir, 'events.ts'), m('people/index.ts'))).toMatch(/platform/);
    expect(violation(join(platformDir, 'events.ts'), join(platformDir, 'ids.ts'))).toBeNull();
    expect(violation(m('kinds.ts'), m('people/people.kind.ts'))).toBeNull();
    expect(violation(m('kinds.ts'), m('people/people.service.ts'))).toMatch(/past/);
    expect(importsOf('/a/b/c.ts', "import { x } from '../d/e.ts';\nimport type { Y } from './f.ts';")).toEqual([
      '/a/d/e.ts',
      '/a/b/f.ts',
    ]);
  });
});
