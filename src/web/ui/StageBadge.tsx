import { Badge } from '@mantine/core';
import type { LifecycleStage } from '../api/types.ts';
import { humanize } from './format.ts';

const STAGE_COLORS: Record<LifecycleStage, string> = {
  lead: 'gray',
  prospect: 'blue',
  customer: 'teal',
  former_customer: 'orange',
};

export function StageBadge({ stage, size = 'sm' }: { stage: LifecycleStage | null | undefined; size?: 'xs' | 'sm' }) {
  if (!stage) return null;
  return (
    <Badge variant="light" color={STAGE_COLORS[stage] ?? 'gray'} size={size} tt="none">
      {humanize(stage)}
    </Badge>
  );
}
