/** The results table, printed and kept in docs/benchmarks.md (one section per database and scale, replaced in place). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './scenario.ts';
import { fmt } from './stats.ts';

export interface Report {
  started: Date;
  machine: string;
  quick: boolean;
  runs: { db: string; scale: string; seedMs: number; results: ScenarioResult[] }[];
}

const DOC = 'docs/benchmarks.md';
const HEADER = `# Benchmarks

Measured with \`npm run bench\` (see \`bench/\`): a deterministic dataset per database and scale, the real server in its
own process, every scenario against its ceiling in the same run (interleaved rounds, so machine noise hits both),
median / p95 / p99 and the ratio. Targets are reported here, never asserted in tests. \`npm run bench -- --quick\`
runs the small dataset in under two minutes for checks before merging performance-sensitive work.

Each section below is replaced by the next run of the same database and scale.
`;

function figures(r: ScenarioResult): string {
  return Object.entries(r.figures)
    .map(
      ([k, v]) =>
        `${k} ${k === 'req/s' || k === 'n' || k === 'errors' || k.startsWith('peak') ? Math.round(v).toLocaleString('en') : fmt(v)}`,
    )
    .join(' · ');
}

function ceiling(r: ScenarioResult): string {
  if (!r.ceiling) return '–';
  return Object.entries(r.ceiling)
    .map(([k, v]) => `${k} ${k === 'req/s' ? Math.round(v).toLocaleString('en') : fmt(v)}`)
    .join(' · ');
}

export function section(run: Report['runs'][number], report: Report): string {
  const rows = run.results.map((r) => {
    const targets = r.targets.map((t) => `${t.pass ? '✅' : '❌'} ${t.label}`).join('<br>');
    const ratio = r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)} (${r.ratioLabel})`;
    return `| ${r.name} | ${figures(r)} | ${ceiling(r)} | ${ratio} | ${targets} |`;
  });
  const notes = run.results.filter((r) => r.note).map((r) => `- **${r.name}**: ${r.note}`);
  return [
    `<!-- bench:${run.db}:${run.scale} -->`,
    `## ${run.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${run.scale} dataset${report.quick ? ' (quick mode)' : ''}`,
    '',
    `Run ${report.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${report.machine}.${run.seedMs ? ` Dataset seeded in ${(run.seedMs / 1000).toFixed(0)} s.` : ''} Latencies in ms.`,
    '',
    '| Scenario | Rapport | Ceiling (same run) | Ratio | Targets |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...notes,
    `<!-- /bench:${run.db}:${run.scale} -->`,
  ].join('\n');
}

export function writeReport(report: Report): string {
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
  const out: string[] = [];
  for (const run of report.runs) {
    const s = section(run, report);
    out.push(s);
    const re = new RegExp(`<!-- bench:${run.db}:${run.scale} -->[\\s\\S]*?<!-- /bench:${run.db}:${run.scale} -->`);
    doc = re.test(doc) ? doc.replace(re, s) : `${doc.trimEnd()}\n\n${s}\n`;
  }
  writeFileSync(DOC, doc);
  return out.join('\n\n');
}
