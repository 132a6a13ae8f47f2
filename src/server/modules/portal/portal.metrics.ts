/**
 * Self-service metrics in the metric registry, counted from the portal's own events: visits judged after their
 * follow-up window (`portal.visit_evaluated`) and answers to "this answered my question" (`portal.article_feedback`).
 * Customers are not users: contributions carry no user or team.
 */
import type { MetricRegistry } from '../../platform/metrics/registry.ts';

export function registerPortalMetrics(registry: MetricRegistry): void {
  registry.register(
    {
      id: 'self_service.deflection_rate',
      name: 'Deflection rate',
      definition:
        'Of the portal visits that searched or read articles, the share that was deflected: no request raised in the visit, not answered "no" without a "yes", and (signed-in customers) no case opened for the person on any channel within 7 days. Counted on the day the visit is judged, 7 days after it. Anonymous visits are judged on the visit alone. A ratio from 0 to 1.',
      unit: 'ratio',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'cases',
      events: ['portal.visit_evaluated'],
      aggregate: 'ratio',
      contribute: (e) =>
        e.payload.selfServed === true
          ? { numerator: e.payload.deflected === true ? 1 : 0, denominator: 1, userId: null, teamId: null }
          : undefined,
    },
    {
      id: 'self_service.deflected_visits',
      name: 'Deflected visits',
      definition:
        'How many portal visits were deflected (see Deflection rate), counted on the day they are judged, 7 days after the visit.',
      unit: 'count',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'cases',
      events: ['portal.visit_evaluated'],
      aggregate: 'sum',
      contribute: (e) => (e.payload.deflected === true ? { numerator: 1, userId: null, teamId: null } : undefined),
    },
    {
      id: 'self_service.article_helpfulness',
      name: 'Article helpfulness',
      definition:
        'Of the answers to "Did this answer your question?" under public articles in the period, the share that said yes. A ratio from 0 to 1.',
      unit: 'ratio',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'cases',
      events: ['portal.article_feedback'],
      aggregate: 'ratio',
      contribute: (e) => ({
        numerator: e.payload.helpful === true ? 1 : 0,
        denominator: 1,
        userId: null,
        teamId: null,
      }),
    },
  );
}
