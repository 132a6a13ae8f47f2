/**
 * What a deal writes about itself: its timeline lines and its search document. The service uses these when a deal
 * changes and the seed uses the same functions for the demo's history, so both say exactly the same.
 */

import { formatMoney } from '../../../shared/money.ts';
import type { SearchDocument } from '../../platform/search/documents.ts';

export { formatMoney };

/** "Deal Northwind renewal opened in Qualified (EUR 5,000.00)". */
export function dealCreatedLine(d: {
  name: string;
  stageName: string | null;
  amount: { amountMinor: number; currency: string } | null;
}): string {
  const amount = d.amount ? ` (${formatMoney(d.amount.amountMinor, d.amount.currency)})` : '';
  return `Deal ${d.name} opened in ${d.stageName ?? 'its first stage'}${amount}`;
}

/** "Deal Northwind renewal won (from Negotiation after 12 days)". */
export function stageChangedLine(c: {
  name: string;
  from: string;
  to: string;
  outcome: 'open' | 'won' | 'lost';
  days: number | null;
}): string {
  const rounded = c.days === null ? null : Math.round(c.days);
  const spent =
    c.days === null ? '' : ` after ${c.days < 1 ? 'less than a day' : `${rounded} day${rounded === 1 ? '' : 's'}`}`;
  const verb = c.outcome === 'won' ? 'won' : c.outcome === 'lost' ? 'lost' : `moved to ${c.to}`;
  return `Deal ${c.name} ${verb} (from ${c.from}${spent})`;
}

/** A deal's global search document, from its row. */
export function dealSearchDocument(row: {
  id: string;
  name: string;
  owner_id: string | null;
  team_id: string | null;
  amount_minor: number | string | null;
  currency: string | null;
  source: string | null;
  next_step: string | null;
}): SearchDocument {
  return {
    kind: 'deals',
    recordId: row.id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    title: row.name,
    subtitle: row.amount_minor !== null && row.currency ? formatMoney(Number(row.amount_minor), row.currency) : null,
    terms: [row.name, row.source, row.next_step],
  };
}
