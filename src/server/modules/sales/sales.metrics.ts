/**
 * Sales performance, one definition per metric: its id, name, definition in words, unit, good direction and the
 * dimensions it splits by, and how it is computed for a period. The objectives' metric registry reads this list; the
 * performance report (`GET /api/v1/sales/performance`) computes them all per owner or team.
 */
import { type MetricEvent, type MetricRegistry, num, str } from '../../platform/metrics/registry.ts';

export type MetricUnit = 'money' | 'count' | 'percent' | 'days';

export interface SalesMetricDef {
  id: string;
  name: string;
  definition: string;
  unit: MetricUnit;
  goodDirection: 'up' | 'down';
  dimensions: readonly ('owner' | 'team' | 'pipeline')[];
}

/** What one owner's or team's deals did in a period: the inputs every metric below is computed from. */
export interface SalesFacts {
  wonAmount: number;
  wonCount: number;
  lostCount: number;
  /** Sum over won deals of the days from opening to winning. */
  cycleDaysSum: number;
  activities: number;
  stalled: number;
}

export const emptyFacts = (): SalesFacts => ({
  wonAmount: 0,
  wonCount: 0,
  lostCount: 0,
  cycleDaysSum: 0,
  activities: 0,
  stalled: 0,
});

export function addFacts(a: SalesFacts, b: SalesFacts): SalesFacts {
  return {
    wonAmount: a.wonAmount + b.wonAmount,
    wonCount: a.wonCount + b.wonCount,
    lostCount: a.lostCount + b.lostCount,
    cycleDaysSum: a.cycleDaysSum + b.cycleDaysSum,
    activities: a.activities + b.activities,
    stalled: a.stalled + b.stalled,
  };
}

const DIMS = ['owner', 'team', 'pipeline'] as const;

export const SALES_METRICS: readonly (SalesMetricDef & { compute(f: SalesFacts): number | null })[] = [
  {
    id: 'sales.won_amount',
    name: 'Won amount',
    definition: "The amount of the deals that entered a won stage in the period, in the workspace's currency.",
    unit: 'money',
    goodDirection: 'up',
    dimensions: DIMS,
    compute: (f) => f.wonAmount,
  },
  {
    id: 'sales.won_count',
    name: 'Deals won',
    definition: 'How many deals entered a won stage in the period.',
    unit: 'count',
    goodDirection: 'up',
    dimensions: DIMS,
    compute: (f) => f.wonCount,
  },
  {
    id: 'sales.win_rate',
    name: 'Win rate',
    definition: 'Of the deals closed in the period (won or lost), the share that was won.',
    unit: 'percent',
    goodDirection: 'up',
    dimensions: DIMS,
    compute: (f) => (f.wonCount + f.lostCount === 0 ? null : round1((100 * f.wonCount) / (f.wonCount + f.lostCount))),
  },
  {
    id: 'sales.avg_deal_size',
    name: 'Average deal size',
    definition: 'The won amount divided by the number of deals won in the period.',
    unit: 'money',
    goodDirection: 'up',
    dimensions: DIMS,
    compute: (f) => (f.wonCount === 0 ? null : Math.round(f.wonAmount / f.wonCount)),
  },
  {
    id: 'sales.cycle_days',
    name: 'Sales cycle',
    definition: 'For the deals won in the period, the average number of days from opening the deal to winning it.',
    unit: 'days',
    goodDirection: 'down',
    dimensions: DIMS,
    compute: (f) => (f.wonCount === 0 ? null : round1(f.cycleDaysSum / f.wonCount)),
  },
  {
    id: 'sales.activities_logged',
    name: 'Activities logged',
    definition: 'Calls, emails, meetings, notes and other touchpoints that happened in the period.',
    unit: 'count',
    goodDirection: 'up',
    dimensions: ['owner', 'team'],
    compute: (f) => f.activities,
  },
  {
    id: 'sales.deals_stalled',
    name: 'Deals stalled',
    definition: "Open deals that have stayed in their stage longer than the stage's stalled-after days, as of now.",
    unit: 'count',
    goodDirection: 'down',
    dimensions: DIMS,
    compute: (f) => f.stalled,
  },
];

/** Stage-to-stage conversion (the funnel) is per pipeline, not per owner: defined here beside the others. */
export const STAGE_CONVERSION: SalesMetricDef = {
  id: 'sales.stage_conversion',
  name: 'Stage conversion',
  definition:
    'Of the deals that entered a stage in the period, the share that went on to enter the next stage (at any time since).',
  unit: 'percent',
  goodDirection: 'up',
  dimensions: ['pipeline'],
};

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A won or lost deal's stage change: the deal's owner and team, and its amount in minor units. */
function closed(e: MetricEvent) {
  const outcome = e.payload.outcome;
  if (outcome !== 'won' && outcome !== 'lost') return undefined;
  return {
    won: outcome === 'won',
    amount: num(e.payload.amountMinor) ?? 0,
    userId: str(e.payload.ownerId),
    teamId: str(e.payload.teamId),
  };
}

/**
 * Registers sales' metrics in the metric registry, counted from `deal.stage_changed` events (a deal entering a won or
 * lost stage), by the deal's owner and team. Amounts are in the workspace currency's minor units.
 */
export function registerSalesMetrics(registry: MetricRegistry): void {
  const base = { dimensions: ['user', 'team'], visibility: 'deals', events: ['deal.stage_changed'] } as const;
  const def = (id: string) => SALES_METRICS.find((m) => m.id === id)!;
  registry.register(
    {
      ...base,
      id: 'sales.won_amount',
      name: def('sales.won_amount').name,
      definition: `${def('sales.won_amount').definition} In minor units (cents).`,
      unit: 'money',
      direction: 'up',
      aggregate: 'sum',
      contribute: (e) => {
        const c = closed(e);
        return c?.won ? { numerator: c.amount, userId: c.userId, teamId: c.teamId } : undefined;
      },
    },
    {
      ...base,
      id: 'sales.won_count',
      name: def('sales.won_count').name,
      definition: def('sales.won_count').definition,
      unit: 'count',
      direction: 'up',
      aggregate: 'sum',
      contribute: (e) => {
        const c = closed(e);
        return c?.won ? { numerator: 1, userId: c.userId, teamId: c.teamId } : undefined;
      },
    },
    {
      ...base,
      id: 'sales.win_rate',
      name: def('sales.win_rate').name,
      definition: `${def('sales.win_rate').definition} A ratio from 0 to 1.`,
      unit: 'ratio',
      direction: 'up',
      aggregate: 'ratio',
      contribute: (e) => {
        const c = closed(e);
        return c ? { numerator: c.won ? 1 : 0, denominator: 1, userId: c.userId, teamId: c.teamId } : undefined;
      },
    },
  );
}
