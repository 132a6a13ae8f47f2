import { Badge } from '@mantine/core';
import { type ObjectiveStatus, STATUS } from '../api.ts';

/** On track / at risk / off track: a colour, an icon and the word. */
export function StatusBadge({ status, size = 'md' }: { status: ObjectiveStatus; size?: 'sm' | 'md' | 'lg' }) {
  const s = STATUS[status];
  const Icon = s.icon;
  return (
    <Badge
      color={s.color}
      variant="light"
      size={size}
      leftSection={<Icon size={14} aria-hidden />}
      styles={{ label: { color: 'var(--mantine-color-text)' } }}
    >
      {s.label}
    </Badge>
  );
}
