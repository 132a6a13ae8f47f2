import { Group, Progress, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatMoney } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';

type QuotaProgress = components['schemas']['QuotaProgress'];

const periodLabel = (p: string) => {
  const q = /^(\d{4})-Q([1-4])$/.exec(p);
  return q ? `Q${q[2]} ${q[1]}` : p;
};

/** The rep's own progress against their quota this quarter: won so far, the quota, and what the pipeline weighs. */
export function QuotaProgressCard() {
  const progress = useQuery({
    queryKey: ['quotas', 'progress'],
    queryFn: () => api.get<QuotaProgress>('/quotas/progress'),
  });
  if (progress.isPending) return <Skeleton height={72} />;
  if (progress.isError) return <ErrorAlert error={progress.error} title="Your quota could not load" />;
  const p = progress.data;
  const won = formatMoney(p.closedWon.amountMinor, p.closedWon.currency);
  const weighted = formatMoney(p.weighted.amountMinor, p.weighted.currency);
  const deals = `${p.wonCount} deal${p.wonCount === 1 ? '' : 's'} won`;
  if (!p.quota) {
    return (
      <Stack gap={4}>
        <Text size="sm">
          {won} won in {periodLabel(p.period)} ({deals}); {weighted} weighted in your open pipeline.
        </Text>
        <Text size="sm" c="dimmed">
          No quota is set for you this quarter. An admin sets quotas per person or team; your progress then shows here.
        </Text>
      </Stack>
    );
  }
  const percent = p.percent ?? 0;
  const color = percent >= 100 ? 'teal' : percent >= 50 ? 'blue' : 'orange';
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {won} of {formatMoney(p.quota.amountMinor, p.quota.currency)}
        </Text>
        <Text size="sm">{Math.round(percent)}%</Text>
      </Group>
      <Progress
        value={Math.min(100, percent)}
        color={color}
        size="lg"
        aria-label={`Quota for ${periodLabel(p.period)}: ${Math.round(percent)}% won`}
      />
      <Text size="sm" c="dimmed">
        {periodLabel(p.period)} · {deals}
        {p.dealCountTarget ? ` of ${p.dealCountTarget}` : ''} · {weighted} weighted in your open pipeline ·{' '}
        <AnchorLink to="/deals/forecast">Forecast</AnchorLink>
      </Text>
    </Stack>
  );
}
