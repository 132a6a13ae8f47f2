/** docs/metrics.md, generated from the registry (`rapport metrics docs > docs/metrics.md`; a test keeps them equal). */
import type { MetricRegistry } from './registry.ts';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function metricsMarkdown(registry: MetricRegistry): string {
  const lines = [
    '# Metrics',
    '',
    'Every metric registered in the metric registry, generated from it (`npm run cli -- metrics docs > docs/metrics.md`;',
    'a test fails when this page and the registry disagree). Each module registers its metrics beside its code',
    '(`<module>.metrics.ts`). Values come from daily rollups (UTC days) the event spine keeps current; read them with',
    '`GET /api/v1/metrics/{id}` (docs/api.md, "Metrics"). Units: `ratio` is 0 to 1, `money` is in minor units (cents).',
    '',
    '| Metric | Name | Unit | Good | Split by | Counts | Definition |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const m of registry.list()) {
    lines.push(
      `| \`${m.id}\` | ${cell(m.name)} | ${m.unit} | ${m.direction} | ${m.dimensions.join(', ')} | ${m.events.map((e) => `\`${e}\``).join(', ')} | ${cell(m.definition)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
