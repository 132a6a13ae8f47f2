/**
 * Every error code the server answers with is declared in a `*.errors.ts` map (or the platform's), and docs/api.md
 * lists exactly those codes with their statuses, so neither the code nor the documentation can drift.
 */
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ErrorCodes, PLATFORM_ERRORS } from './platform/errors.ts';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(serverDir, '..', '..');

async function errorMaps(): Promise<Map<string, { status: number[]; from: string }>> {
  const maps: [string, ErrorCodes][] = [['platform/errors.ts', PLATFORM_ERRORS]];
  for (const file of globSync('**/*.errors.ts', { cwd: serverDir }).sort()) {
    const mod = (await import(join(serverDir, file))) as Record<string, unknown>;
    const found = Object.entries(mod).filter(([name]) => name.endsWith('_ERRORS'));
    expect(found.length, `${file} exports one <MODULE>_ERRORS map`).toBe(1);
    maps.push([file, found[0]![1] as ErrorCodes]);
  }
  const all = new Map<string, { status: number[]; from: string }>();
  for (const [from, codes] of maps) {
    for (const [code, status] of Object.entries(codes)) {
      const known = all.get(code);
      expect(known, `${code} is declared in ${known?.from} and ${from}`).toBeUndefined();
      all.set(code, { status: typeof status === 'number' ? [status] : [...status], from });
    }
  }
  return all;
}

/** Codes written as literals where errors are raised: `new AppError('x.y'`, `notFound('x')`, `salesError('x.y'`… */
function thrownCodes(): Map<string, string> {
  const out = new Map<string, string>();
  const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/\bnew AppError\(\s*'([a-z_]+(?:\.[a-z_]+)?)'/g, (m) => m[1]!],
    [/\bsuper\(\s*'([a-z_]+\.[a-z_]+)'/g, (m) => m[1]!],
    [/\bcodedError\(\s*\w+,\s*'([a-z_]+\.[a-z_]+)'/g, (m) => m[1]!],
    [/\b(?:conflict|invalid|[a-z]\w*Error)\(\s*'([a-z_]+\.[a-z_]+)'/g, (m) => m[1]!],
    [/\bnotFound\(\s*'([a-z_]+)'/g, (m) => `${m[1]}.not_found`],
  ];
  for (const file of globSync('**/*.ts', { cwd: serverDir })) {
    if (file.endsWith('.test.ts') || file.includes('/test/') || file.startsWith('test/')) continue;
    const text = readFileSync(join(serverDir, file), 'utf8');
    for (const [re, code] of patterns) for (const m of text.matchAll(re)) out.set(code(m), file);
  }
  return out;
}

/** The table under "## Error codes" in docs/api.md: `| \`code\` | 404 | meaning |`. */
function documentedCodes(): Map<string, number[]> {
  const text = readFileSync(join(root, 'docs', 'api.md'), 'utf8');
  const section = text.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';
  const out = new Map<string, number[]>();
  for (const m of section.matchAll(/^\| `([^`]+)` \| ([0-9, ]+) \| (.+) \|$/gm)) {
    out.set(
      m[1]!,
      m[2]!.split(',').map((s) => Number(s.trim())),
    );
  }
  return out;
}

describe('error codes', () => {
  it('every code raised in the server is declared in an error map', async () => {
    const declared = await errorMaps();
    const undeclared = [...thrownCodes()].filter(([code]) => !declared.has(code)).map(([c, f]) => `${c} (${f})`);
    expect(undeclared).toEqual([]);
  });

  it('docs/api.md lists every declared code with its status, and nothing else', async () => {
    const declared = await errorMaps();
    const documented = documentedCodes();
    const missing = [...declared.keys()].filter((c) => !documented.has(c));
    expect(missing, 'codes to add to the "Error codes" table in docs/api.md').toEqual([]);
    const stale = [...documented.keys()].filter((c) => !declared.has(c));
    expect(stale, 'codes in docs/api.md that no error map declares').toEqual([]);
    const wrong = [...declared]
      .filter(([code, { status }]) => documented.get(code)?.join(',') !== status.join(','))
      .map(([code, { status }]) => `${code}: ${status.join(', ')}`);
    expect(wrong, 'statuses that differ from docs/api.md').toEqual([]);
  });

  it('every module has its errors map', () => {
    const modules = globSync('modules/*/index.ts', { cwd: serverDir }).map((f) => f.split('/')[1]!);
    const maps = new Set(globSync('modules/*/*.errors.ts', { cwd: serverDir }).map((f) => f.split('/')[1]!));
    expect(modules.filter((m) => !maps.has(m))).toEqual([]);
  });
});
