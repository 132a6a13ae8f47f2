/**
 * Self-service metrics in the metric registry, counted from the portal's own events: visits judged after their
 * follow-up window (`portal.visit_evaluated`) and answers to "this answered my question" (`portal.article_feedback`).
 * Customers are not users: contributions carry no user or team, except where a case's assignee and queue say who.
 * Also the self-service share (with `case.created` and `portal.request_closed`), the customers active in the portal
 * (`portal.customer_active`) and requests by channel (`case.created`).
 */
import { type MetricRegistry, str } from '../../platform/metrics/registry.ts';

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
    {
      id: 'self_service.share',
      name: 'Self-service share',
      definition:
        'Of all requests (cases opened on any channel) plus deflected portal visits, the share served without an agent: deflected visits (see Deflection rate), plus requests the customer closed themself in the portal before any agent reply (no public outbound message on the case). Each part counts on its own day: cases on the day they are opened, closes on the day of the close, visits on the day they are judged. Requests resolved or closed by an agent never count as self-served, even without a written reply (a phone call is an agent). A ratio from 0 to 1.',
      unit: 'ratio',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'cases',
      events: ['portal.visit_evaluated', 'case.created', 'portal.request_closed'],
      aggregate: 'ratio',
      contribute: (e) => {
        const none = { userId: null, teamId: null };
        if (e.type === 'portal.visit_evaluated')
          return e.payload.deflected === true ? { numerator: 1, denominator: 1, ...none } : undefined;
        if (e.type === 'case.created')
          return { numerator: 0, denominator: 1, at: str(e.payload.openedAt) ?? undefined, ...none };
        const unassisted =
          e.payload.agentReplied === false && e.payload.fromStatus !== 'resolved' && e.payload.fromStatus !== 'closed';
        return unassisted ? { numerator: 1, denominator: 0, ...none } : undefined;
      },
    },
    {
      id: 'self_service.portal_active_customers',
      name: 'Portal active customers',
      definition:
        'Portal adoption, as a count: customers who used the portal signed in (signed in, or came back with their session) in a calendar month, each counted once per month, on the day of their first use that month. Over a period of several months a customer counts once per month. Not a share of all active customers: that needs a count of customers at a point in time, which rollups of events cannot give; compare it with Cases opened by person over the same months instead. Anonymous visits do not count.',
      unit: 'count',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'cases',
      events: ['portal.customer_active'],
      aggregate: 'sum',
      contribute: () => ({ numerator: 1, userId: null, teamId: null }),
    },
    {
      id: 'self_service.requests_by_channel',
      name: 'Requests by channel',
      definition:
        'Requests (cases) opened in the period, by the channel they came in on (phone, email, portal, chat, walk-in): split it by channel to watch the shift from phone and email to the portal. Counted on the day the case was opened as recorded, under its assignee and queue. Fewer requests in all is the good direction, as for Cases opened.',
      unit: 'count',
      direction: 'down',
      dimensions: ['user', 'team', 'channel'],
      visibility: 'cases',
      events: ['case.created'],
      aggregate: 'sum',
      contribute: (e) => ({
        numerator: 1,
        userId: str(e.payload.ownerId),
        teamId: str(e.payload.teamId),
        at: str(e.payload.openedAt) ?? undefined,
        dims: { channel: str(e.payload.channel) },
      }),
    },
  );
}
