export const RECORD_TABS = ['details', 'history', 'related'] as const;
export type RecordTab = (typeof RECORD_TABS)[number];

/** The open tab of a record page (phone layout) lives in the URL. */
export function validateRecordSearch(raw: Record<string, unknown>): { tab?: RecordTab } {
  const tab = raw.tab;
  return typeof tab === 'string' && (RECORD_TABS as readonly string[]).includes(tab) ? { tab: tab as RecordTab } : {};
}
