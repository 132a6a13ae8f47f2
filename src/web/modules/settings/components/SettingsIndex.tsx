import { Navigate } from '@tanstack/react-router';
import { useMe } from '../../auth/hooks/useMe.ts';
import { visibleSections } from '../sections.ts';

export function SettingsIndex() {
  const me = useMe();
  const first = visibleSections(me)[0];
  return first ? <Navigate to={first.to} replace /> : null;
}
