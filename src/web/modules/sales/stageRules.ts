import type { Deal } from './api/deals.ts';
import type { PipelineStage } from './api/pipelines.ts';

/** Fields the move dialog can ask for; a 400 naming anything else is an error to show, not a question. */
export const ASKABLE: ReadonlySet<string> = new Set([
  'lostReasonId',
  'lostNote',
  'amount',
  'expectedCloseDate',
  'companyId',
  'source',
  'nextStep',
  'nextStepDate',
  'ownerId',
  'teamId',
]);

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * What the deal lacks to enter the stage, as far as the web can tell (the server has the last word): a lost reason for
 * a lost stage, and the stage's required fields that are empty. A field the reader's role hides is absent from the
 * deal and left to the server.
 */
export function missingFor(deal: Deal, stage: Pick<PipelineStage, 'outcome' | 'requiredFields'>): string[] {
  const out: string[] = [];
  if (stage.outcome === 'lost' && !deal.lostReasonId) out.push('lostReasonId');
  for (const field of stage.requiredFields) {
    if (!ASKABLE.has(field) || !(field in deal)) continue;
    if (isEmpty((deal as unknown as Record<string, unknown>)[field])) out.push(field);
  }
  return out;
}

/** The top-level field a problem's JSON pointer names: `/amount/currency` → `amount`. */
export function fieldOf(pointer: string): string {
  return pointer.replace(/^\//, '').split('/')[0] ?? '';
}
