/**
 * Data-quality metrics in the metric registry. The registry counts events, and a quality score is a state rather than
 * a flow, so the score is measured once a day (`data_quality.measure`, a recurring job) over every live person and
 * company and published as `data_quality.measured`; each metric is the mean of the day's measurements over a period.
 * The measurement covers the whole workspace (it has no user or team), so readers see it when their role's visibility
 * on people is "all"; "raise data quality to 85" can then be an objective.
 */
import type { MetricRegistry } from '../../platform/metrics/registry.ts';

export const MEASURED = 'data_quality.measured';

const PARTS = [
  [
    'score',
    'Data-quality score',
    'The data-quality score of every live person and company (0-100, the mean of each record’s score: completeness 40%, validity 30%, uniqueness 15%, freshness 15%), measured daily; a period’s value is the mean of its daily measurements.',
  ],
  [
    'completeness',
    'Data completeness',
    'The share (0-100) of the weighted quality fields filled on live people and companies, measured daily; a period’s value is the mean of its daily measurements.',
  ],
  [
    'validity',
    'Data validity',
    'The share (0-100) of live people and companies without an email, phone or domain that fails validation, measured daily; a period’s value is the mean of its daily measurements.',
  ],
  [
    'uniqueness',
    'Data uniqueness',
    'The share (0-100) of live people and companies in no open likely-duplicate pair, measured daily; a period’s value is the mean of its daily measurements.',
  ],
  [
    'freshness',
    'Data freshness',
    'The share (0-100) of live people and companies contacted (or added) in the last 6 months, measured daily; a period’s value is the mean of its daily measurements.',
  ],
] as const;

export function registerQualityMetrics(registry: MetricRegistry): void {
  for (const [key, name, definition] of PARTS) {
    registry.register({
      id: `data_quality.${key}`,
      name,
      definition,
      unit: 'score',
      direction: 'up',
      dimensions: [],
      visibility: 'people',
      events: [MEASURED],
      aggregate: 'mean',
      contribute: (e) => {
        const v = e.payload[key];
        return typeof v === 'number' && Number.isFinite(v)
          ? { numerator: v, denominator: 1, userId: null, teamId: null }
          : undefined;
      },
    });
  }
}
