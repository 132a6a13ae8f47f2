import { IconCopy, IconFileImport } from '@tabler/icons-react';
import { ButtonLink } from '../../../ui/links.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { type ImportKind, mayImport } from '../api/imports.ts';

/** "Import" on a list's header, for those who may import its records. */
export function ImportButton({ kind }: { kind: ImportKind }) {
  const me = useMe();
  if (!mayImport(me, (o, a) => can(me, o, a), kind)) return null;
  return (
    <ButtonLink
      to="/imports/new"
      search={{ kind }}
      variant="default"
      leftSection={<IconFileImport size={16} aria-hidden />}
      // A phone keeps the list's one-row header: importing files is desk work (Settings → Import on a phone).
      visibleFrom="sm"
    >
      Import
    </ButtonLink>
  );
}

/** "Duplicates" on a list's header: the review queue of likely duplicates, for those who may change its records. */
export function DuplicatesButton({ kind }: { kind: 'people' | 'companies' }) {
  const me = useMe();
  if (!can(me, kind, 'update')) return null;
  return (
    <ButtonLink
      to="/duplicates"
      search={{ kind }}
      variant="default"
      leftSection={<IconCopy size={16} aria-hidden />}
      visibleFrom="sm"
    >
      Duplicates
    </ButtonLink>
  );
}
