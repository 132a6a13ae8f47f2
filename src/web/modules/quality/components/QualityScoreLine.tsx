import { Group, Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { scoreLevel } from './DataQualityPage.tsx';

/** One line for other pages (the set-up's data step): the overall data-quality score and a link to the page. */
export function QualityScoreLine() {
  const report = useQuery({
    queryKey: ['data-quality', 'report'],
    queryFn: () => api.get<components['schemas']['QualityReport']>('/data-quality/report'),
  });
  if (report.isPending) return <Skeleton h={24} w={280} />;
  if (!report.data) return null;
  const level = scoreLevel(report.data.score);
  return (
    <Group gap="xs">
      <Text size="sm">
        Data-quality score: <strong>{report.data.score.toFixed(1)}</strong> / 100 ({level.label.toLowerCase()}).
      </Text>
      <AnchorLink to="/data-quality" size="sm" underline="always">
        See what to fix
      </AnchorLink>
    </Group>
  );
}
