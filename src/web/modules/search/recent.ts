import type { CardKind } from '../../api/types.ts';

/** A record the user opened lately, as the search box lists it before anything is typed. */
export interface RecentItem {
  kind: CardKind;
  id: string;
  title: string;
  subtitle: string | null;
}

const MAX = 8;
const key = (userId: string) => `rapport.recent.${userId}`;

/**
 * Recently opened records, newest first, kept in this browser only (per user, at most eight). Names only: what the
 * user saw on the page they opened; a record they lose access to simply answers "not found" when opened again.
 */
export function recentItems(userId: string): RecentItem[] {
  try {
    const raw = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter(
        (r): r is RecentItem =>
          typeof r === 'object' &&
          r !== null &&
          (r.kind === 'people' || r.kind === 'companies') &&
          typeof r.id === 'string' &&
          typeof r.title === 'string',
      )
      .slice(0, MAX);
  } catch {
    return [];
  }
}

export function rememberRecent(userId: string, item: RecentItem): void {
  const rest = recentItems(userId).filter((r) => !(r.kind === item.kind && r.id === item.id));
  try {
    localStorage.setItem(key(userId), JSON.stringify([item, ...rest].slice(0, MAX)));
  } catch {
    // storage full or disabled: recent items are a convenience
  }
}
