/** docs/metrics.md, generated from the registry (`rapport metrics docs > docs/metrics.md`; a test keeps them equal). */
import type { MetricDef, MetricRegistry } from './registry.ts';

/** How a period's value is formed, in words. */
const VALUE: Record<MetricDef['aggregate'], string> = {
  sum: 'sum',
  ratio: 'ratio',
  mean: 'average',
  per_user: 'per active user',
  weekly_users: 'weekly average',
  level: 'at period end',
  snapshot: 'at period end',
};

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function metricsMarkdown(registry: MetricRegistry): string {
  const lines = [
    '# Metrics',
    '',
    'Every metric registered in the metric registry, generated from it (`npm run cli -- metrics docs > docs/metrics.md`;',
    'a test fails when this page and the registry disagree). Each module registers its metrics beside its code',
    '(`<module>.metrics.ts`). Values come from daily rollups (UTC days) the event spine keeps current; read them with',
    '`GET /api/v1/metrics/{id}` (docs/api.md, "Metrics"). Units: `ratio` is 0 to 1, `money` is in minor units (cents).',
    'Most count what happened in the period; the point-in-time ones (Value: *at period end*) give their value at the end',
    'of the period instead: a level kept from +1/−1 rollups, or (Counts: measured) computed from the tables for that day.',
    '',
    '| Metric | Name | Unit | Good | Split by | Counts | Value | Definition |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const m of registry.list()) {
    lines.push(
      `| \`${m.id}\` | ${cell(m.name)} | ${m.unit} | ${m.direction} | ${m.dimensions.join(', ')} | ${m.events.length > 0 ? m.events.map((e) => `\`${e}\``).join(', ') : 'measured'} | ${VALUE[m.aggregate]} | ${cell(m.definition)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
