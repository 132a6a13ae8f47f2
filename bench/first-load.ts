/**
 * npm run bench:first-load [-- dist]
 *
 * What a browser downloads before a route can render: reads the Vite manifest of a build (`npm run build` first), walks
 * the static imports of the entry and of the route's lazily loaded components, and sums the bytes of those chunks as
 * sent uncompressed, as gzip and as brotli (the precompressed `.gz` / `.br` files beside them; a file below the
 * compression threshold is sent as it is). JavaScript and CSS are counted apart. Prints a Markdown table.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** The modules each route loads before it renders: the entry, then its layouts and page (lazy route components). */
export const ROUTES: Record<string, string[]> = {
  login: ['index.html', 'src/web/modules/auth/components/LoginPage.tsx'],
  home: [
    'index.html',
    'src/web/modules/shell/components/AppLayout.tsx',
    'src/web/modules/home/components/HomePage.tsx',
  ],
};

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizeOf(dist: string, file: string): Sizes {
  const path = resolve(dist, file);
  const raw = statSync(path).size;
  const alt = (ext: string) => (existsSync(path + ext) ? statSync(path + ext).size : raw);
  return { raw, gzip: alt('.gz'), brotli: alt('.br') };
}

/** The files a route needs at first load, by kind, with their summed sizes. */
export function firstLoad(dist: string, modules: string[]): { js: Sizes; css: Sizes; files: string[] } {
  const manifest = JSON.parse(readFileSync(resolve(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const seen = new Set<string>();
  const files = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the manifest`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  for (const m of modules) visit(m);
  const sum = (ext: string): Sizes => {
    const total = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of files) {
      if (!f.endsWith(ext)) continue;
      const s = sizeOf(dist, f);
      total.raw += s.raw;
      total.gzip += s.gzip;
      total.brotli += s.brotli;
    }
    return total;
  };
  return { js: sum('.js'), css: sum('.css'), files: [...files].sort() };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.main) {
  const dist = resolve(process.argv[2] ?? 'dist');
  const lines = [
    '| Route | JavaScript: files · uncompressed · gzip · brotli | CSS: uncompressed · gzip · brotli |',
    '|---|---|---|',
  ];
  for (const [route, modules] of Object.entries(ROUTES)) {
    const r = firstLoad(dist, modules);
    const jsFiles = r.files.filter((f) => f.endsWith('.js')).length;
    lines.push(
      `| ${route} | ${jsFiles} · ${kb(r.js.raw)} · ${kb(r.js.gzip)} · **${kb(r.js.brotli)}** | ${kb(r.css.raw)} · ${kb(r.css.gzip)} · ${kb(r.css.brotli)} |`,
    );
  }
  console.log(lines.join('\n'));
}
