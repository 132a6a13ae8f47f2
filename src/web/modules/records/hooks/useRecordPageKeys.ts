import { useHotkeys } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { overlayOpen } from '../../../ui/overlay.ts';
import { lastListSearch } from '../listMemory.ts';

/**
 * A record page's keys: `e` opens the editor (when the reader may edit a live record), Escape goes back to the list
 * the user came from (same view, filters, sort, columns and scroll).
 */
export function useRecordPageKeys({
  canEdit,
  deleted,
  editing,
  startEditing,
  listPath,
}: {
  canEdit: boolean;
  deleted: boolean;
  editing: boolean;
  startEditing: () => void;
  listPath: '/people' | '/companies';
}): void {
  const navigate = useNavigate();
  useHotkeys([
    ['e', () => canEdit && !deleted && !editing && startEditing()],
    [
      'Escape',
      () => {
        if (!editing && !overlayOpen())
          void navigate({ to: listPath, search: lastListSearch(listPath === '/people' ? 'people' : 'companies') });
      },
      { preventDefault: false },
    ],
  ]);
}
