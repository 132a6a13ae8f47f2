import type { Queue } from './api.ts';

/** `/cases` in the URL: the queue tab (or the breach list) and the quick search. */
export interface CasesSearch {
  queue?: Queue | 'breaches';
  q?: string;
}

const TABS = ['mine', 'team', 'unassigned', 'breaching', 'pending', 'all', 'breaches'] as const;

export function validateCasesSearch(raw: Record<string, unknown>): CasesSearch {
  const out: CasesSearch = {};
  if (typeof raw.queue === 'string' && (TABS as readonly string[]).includes(raw.queue))
    out.queue = raw.queue as CasesSearch['queue'];
  if (typeof raw.q === 'string' && raw.q.trim()) out.q = raw.q.trim();
  return out;
}
