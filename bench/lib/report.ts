/** The results table, printed and kept in docs/benchmarks.md (one section per database and scale, replaced in place). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './scenario.ts';
import { fmt } from './stats.ts';

export interface Report {
  started: Date;
  machine: string;
  quick: boolean;
  /** Set when only these scenarios ran (`--only`): their rows replace those in the existing section, the rest stay. */
  only?: string[];
  runs: { db: string; scale: string; seedMs: number; results: ScenarioResult[] }[];
}

const DOC = 'docs/benchmarks.md';
const HEADER = `# Benchmarks

Measured with \`npm run bench\` (see \`bench/\`): a deterministic dataset per database and scale, the real server in its
own process, every scenario against its ceiling in the same run (interleaved rounds, so machine noise hits both),
median / p95 / p99 and the ratio. Targets are reported here, never asserted in tests. \`npm run bench -- --quick\`
runs the small dataset in under two minutes for checks before merging performance-sensitive work.

Each section below is replaced by the next run of the same database and scale; a run of some scenarios only
(\`--only\`) replaces their rows and says when.
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

/** The existing section with the rows and notes of the scenarios that ran replaced, and a line saying when. */
function merge(previous: string, fresh: string, report: Report): string {
  const rowName = (line: string) => /^\| (\S+) \|/.exec(line)?.[1];
  const noteName = (line: string) => /^- \*\*(\S+)\*\*:/.exec(line)?.[1];
  const freshLines = fresh.split('\n');
  const rows = new Map(
    freshLines.flatMap((l) => (rowName(l) && l !== '|---|---|---|---|---|' ? [[rowName(l)!, l]] : [])),
  );
  const notes = new Map(freshLines.flatMap((l) => (noteName(l) ? [[noteName(l)!, l]] : [])));
  const lines = previous.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const row = rowName(line);
    const note = noteName(line);
    if (row && rows.has(row)) {
      out.push(rows.get(row)!);
      rows.delete(row);
    } else if (note && notes.has(note)) {
      out.push(notes.get(note)!);
      notes.delete(note);
    } else if (line.startsWith('<!-- /bench:')) {
      out.push(...notes.values(), line);
    } else if (line === '' && out.at(-1)?.startsWith('| ') && rows.size > 0) {
      out.push(...rows.values(), line);
      rows.clear();
    } else if (line.startsWith('Run ')) {
      const when = report.started.toISOString().slice(0, 16).replace('T', ' ');
      out.push(line, '', `Re-run ${when} UTC (\`--only\`): ${report.only!.join(', ')}.`);
    } else out.push(line);
  }
  return out.join('\n');
}

export function writeReport(report: Report): string {
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
  const out: string[] = [];
  for (const run of report.runs) {
    let s = section(run, report);
    const re = new RegExp(`<!-- bench:${run.db}:${run.scale} -->[\\s\\S]*?<!-- /bench:${run.db}:${run.scale} -->`);
    const previous = re.exec(doc)?.[0];
    if (report.only && previous) s = merge(previous, s, report);
    out.push(s);
    doc = previous ? doc.replace(re, () => s) : `${doc.trimEnd()}\n\n${s}\n`;
  }
  writeFileSync(DOC, doc);
  return out.join('\n\n');
}
