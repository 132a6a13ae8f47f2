import type { QueryClient } from '@tanstack/react-query';
import type { AnchorKind } from '../../api/types.ts';
import { listQueryKey } from './hooks/useRecordList.ts';

/**
 * After a person or company is saved (or deleted, or restored): every query that shows it, so the header (the context
 * card: lifecycle badge, owner, tier, flags), lists, related panels, timelines, search results and My day show the
 * new values without a reload. The record's own query is set from the save's answer by the caller, or refetched here
 * when `recordKey` is given.
 */
export async function refreshRecordViews(
  queryClient: QueryClient,
  kind: AnchorKind,
  recordKey?: readonly unknown[],
): Promise<void> {
  const keys: (readonly unknown[])[] = [
    ['card'],
    listQueryKey(kind),
    [kind, 'history'],
    ['timeline'],
    ['companies', 'people'],
    ['companies', 'children'],
    ['search'],
    ['lookup'],
    ['my-day'],
  ];
  if (recordKey) keys.push(recordKey);
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
