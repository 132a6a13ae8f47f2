import type { ComposerMode } from '../activities/components/ActivityComposer.tsx';

export const RECORD_TABS = ['timeline', 'changes', 'details', 'related', 'privacy'] as const;
export type RecordTab = (typeof RECORD_TABS)[number];
const MODES = ['call', 'note', 'email', 'meeting'] as const;

/**
 * What a record page shows, in the URL: the open tab, the timeline filters (`dept=sales,service`, `atype=call`) and
 * `log=call` to open the composer focused (a screen pop, a quick action from elsewhere).
 */
export interface RecordSearch {
  tab?: RecordTab;
  dept?: string;
  atype?: string;
  log?: ComposerMode;
}

export function validateRecordSearch(raw: Record<string, unknown>): RecordSearch {
  const out: RecordSearch = {};
  const tab = raw.tab === 'history' ? 'changes' : raw.tab;
  if (typeof tab === 'string' && (RECORD_TABS as readonly string[]).includes(tab)) out.tab = tab as RecordTab;
  if (typeof raw.dept === 'string' && raw.dept) out.dept = raw.dept;
  if (typeof raw.atype === 'string' && raw.atype) out.atype = raw.atype;
  if (typeof raw.log === 'string' && (MODES as readonly string[]).includes(raw.log)) out.log = raw.log as ComposerMode;
  return out;
}
