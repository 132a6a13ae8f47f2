import { useEffect } from 'react';

export const APP_NAME = 'Rapport';

/** "Ada Lovelace · People · Rapport": the parts given, most specific first, then the app's name. */
export function documentTitle(...parts: (string | null | undefined | false)[]): string {
  return [...parts.filter((p): p is string => typeof p === 'string' && p.trim() !== ''), APP_NAME].join(' · ');
}

/**
 * Sets the browser title while the page is shown, so tabs, history and bookmarks tell pages apart. One component per
 * page calls it (a layout's effect runs after its children's, so the settings layout titles its sections itself).
 */
export function useDocumentTitle(...parts: (string | null | undefined | false)[]): void {
  const title = documentTitle(...parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
