import {
  Avatar,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconBuildingSkyscraper,
  IconChecklist,
  IconFlag,
  IconHandFinger,
  IconPlus,
  IconSnowflake,
  IconTarget,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { CustomerPromise, GoingColdItem, ListPage } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatTotal } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { MyObjectivesCard } from '../../objectives/components/MyObjectivesCard.tsx';
import { SetupBanner } from '../../objectives/components/SetupBanner.tsx';
import { fetchPromiseMetrics } from '../../promises/api/promises.ts';
import { PromiseCard, TellCustomerModal } from '../../promises/components/PromiseCard.tsx';
import { QuotaProgressCard } from '../../sales/components/QuotaProgressCard.tsx';
import { lastContactText, TierBadge } from '../../search/components/CardBits.tsx';
import { TaskRow } from '../../tasks/components/TaskRow.tsx';
import { fetchGoingCold, fetchMyDay, myDayKey } from '../api/myDay.ts';

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function Section({
  title,
  icon,
  count,
  action,
  children,
  label,
}: {
  title: string;
  icon: ReactNode;
  count?: number;
  action?: ReactNode;
  children: ReactNode;
  label: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={label}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={2} size="h4">
            {title}
          </Title>
          {count ? (
            <Badge variant="light" size="sm">
              {count}
            </Badge>
          ) : null}
        </Group>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function Loading() {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading">
      <Skeleton height={24} />
      <Skeleton height={24} />
      <Skeleton height={24} width="70%" />
    </Stack>
  );
}

function ColdRow({ item }: { item: GoingColdItem }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" data-testid="going-cold">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        {item.object === 'people' ? (
          <Avatar name={item.name} color="initials" size={30} radius="xl" />
        ) : (
          <Avatar color="gray" size={30} radius="md">
            <IconBuildingSkyscraper size={16} aria-hidden />
          </Avatar>
        )}
        <div style={{ minWidth: 0 }}>
          {item.object === 'people' ? (
            <AnchorLink to="/people/$personId" params={{ personId: item.id }} size="sm" fw={500}>
              {item.name}
            </AnchorLink>
          ) : (
            <AnchorLink to="/companies/$companyId" params={{ companyId: item.id }} size="sm" fw={500}>
              {item.name}
            </AnchorLink>
          )}
          <Text size="xs" c="dimmed" truncate>
            {item.lastContact ? `Last contact ${lastContactText(item.lastContact)}` : 'Never contacted'}
            {item.owner ? ` · ${item.owner.name}` : ''}
          </Text>
        </div>
      </Group>
      <Group gap={4} wrap="nowrap">
        <TierBadge tier={item.valueTier} size="xs" />
        <Tooltip label={`Next two-way contact was due ${formatDate(item.contactDueAt)}`} withArrow>
          <Badge
            color="cyan"
            variant="light"
            size="sm"
            tt="none"
            leftSection={<IconSnowflake size={12} aria-hidden />}
            tabIndex={0}
          >
            {overdueText(item)}
          </Badge>
        </Tooltip>
      </Group>
    </Group>
  );
}

/** "5 days overdue" for recent ones; "overdue since March 2024" for the long-forgotten. */
function overdueText(item: GoingColdItem): string {
  const d = item.daysOverdue;
  if (d <= 0) return 'due today';
  if (d < 60) return `${d} ${d === 1 ? 'day' : 'days'} overdue`;
  return `overdue since ${dayjs(item.contactDueAt).format('MMM YYYY')}`;
}

function GoingCold({
  mine,
  loading,
  counts,
}: {
  mine: { people: GoingColdItem[]; companies: GoingColdItem[] } | undefined;
  loading: boolean;
  counts: { people: number; companies: number } | undefined;
}) {
  const me = useMe();
  // Fixed while the page is open, so the "See all" link matches what the card counted.
  const [since] = useState(() => new Date().toISOString());
  const [scope, setScope] = useState<'me' | 'team'>('me');
  const [object, setObject] = useState<'people' | 'companies'>('people');
  const team = useQuery({
    queryKey: ['my-day', 'going-cold', scope, object],
    queryFn: () => fetchGoingCold(scope, object),
    enabled: scope === 'team',
  });
  const items = scope === 'me' ? (mine?.[object] ?? []) : (team.data?.data ?? []);
  const total = scope === 'me' ? counts?.[object] : team.data?.total;
  const teamIds = me.user.teams.map((t) => t.id);
  const filter = [
    `contactDueAt:lt:${since}`,
    ...(scope === 'me' ? [`ownerId:eq:${me.user.id}`] : teamIds.length > 0 ? [`teamId:in:${teamIds.join('|')}`] : []),
  ];
  const seeAll =
    total && total > 0 ? (
      <AnchorLink
        to={object === 'people' ? '/people' : '/companies'}
        search={{ filter, sort: 'contactDueAt' }}
        size="sm"
        underline="always"
      >
        See all {formatTotal(total, scope === 'team' && Boolean(team.data?.totalCapped))} {object}
      </AnchorLink>
    ) : null;
  return (
    <Section
      title="Going cold"
      label="Going cold"
      icon={<IconSnowflake size={20} aria-hidden />}
      action={
        <SegmentedControl
          size="xs"
          value={scope}
          onChange={(v) => setScope(v as 'me' | 'team')}
          data={[
            { value: 'me', label: 'Mine' },
            { value: 'team', label: 'My team' },
          ]}
          aria-label="Whose customers"
        />
      }
    >
      <SegmentedControl
        size="xs"
        mb="sm"
        value={object}
        onChange={(v) => setObject(v as 'people' | 'companies')}
        data={[
          { value: 'people', label: 'People' },
          { value: 'companies', label: 'Companies' },
        ]}
        aria-label="People or companies"
      />
      <Text size="xs" c="dimmed" mb="sm">
        Customers whose contact cadence has passed: their next two-way contact (a call that connected, a meeting, a
        reply) is overdue. Most overdue first.
      </Text>
      {(scope === 'me' && loading) || (scope === 'team' && team.isPending) ? (
        <Loading />
      ) : scope === 'team' && team.isError ? (
        <ErrorAlert error={team.error} title="Could not load your team's list" onRetry={() => team.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is overdue for a conversation.
        </Text>
      ) : (
        <Stack gap="xs">
          {items.map((item) => (
            <ColdRow key={item.id} item={item} />
          ))}
          {seeAll}
        </Stack>
      )}
    </Section>
  );
}

/** The charts library is the largest on this page: loaded after the page itself, so My day shows without waiting for it. */
const BarChart = lazy(async () => {
  const [charts] = await Promise.all([import('@mantine/charts'), import('@mantine/charts/styles.css')]);
  return { default: charts.BarChart };
});

function PromiseChart({ userId }: { userId: string }) {
  const from = dayjs().startOf('month').toISOString();
  const metrics = useQuery({ queryKey: ['promises', 'metrics', from], queryFn: () => fetchPromiseMetrics(from) });
  if (metrics.isPending) return <Skeleton height={180} />;
  if (metrics.isError) return <ErrorAlert error={metrics.error} title="Promise figures could not load" />;
  const mine = metrics.data.data.find((r) => r.id === userId);
  const rows = [
    { who: 'You', Kept: mine?.kept ?? 0, Broken: mine?.broken ?? 0, Renegotiated: mine?.renegotiated ?? 0 },
    {
      who: 'Everyone you see',
      Kept: metrics.data.total.kept,
      Broken: metrics.data.total.broken,
      Renegotiated: metrics.data.total.renegotiated,
    },
  ];
  const rate = mine?.keptRate ?? null;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {rate === null
          ? 'None of your promises fell due yet this month.'
          : `You kept ${Math.round(rate * 100)}% of your promises due this month (everyone: ${
              metrics.data.total.keptRate === null ? '—' : `${Math.round(metrics.data.total.keptRate * 100)}%`
            }).`}
      </Text>
      <Suspense fallback={<Skeleton height={160} />}>
        <BarChart
          h={160}
          data={rows}
          dataKey="who"
          orientation="vertical"
          type="stacked"
          yAxisProps={{ width: 120 }}
          xAxisProps={{ allowDecimals: false }}
          withLegend
          series={[
            { name: 'Kept', color: 'teal.6' },
            { name: 'Renegotiated', color: 'gray.5' },
            { name: 'Broken', color: 'red.6' },
          ]}
          aria-label="Promises kept, renegotiated and broken this month"
        />
      </Suspense>
    </Stack>
  );
}

/** "My day": what is due, what was promised, who is going cold, and how promises are going this month. */
export function HomePage() {
  const me = useMe();
  const firstName = me.user.name.split(' ')[0] ?? me.user.name;
  useDocumentTitle('My day');
  const day = useQuery({ queryKey: myDayKey, queryFn: fetchMyDay });
  const [telling, setTelling] = useState<CustomerPromise | null>(null);
  const canPromises = can(me, 'promises', 'read');
  const broken = useQuery({
    queryKey: ['promises', 'mine', 'broken'],
    queryFn: () => api.get<ListPage<CustomerPromise>>('/promises', { owner: 'me', status: 'broken', limit: 20 }),
    enabled: canPromises,
  });
  const untold = (broken.data?.data ?? []).filter((p) => !p.customerToldAt);
  const counts = day.data?.counts;

  return (
    <>
      <PageHeader
        title={`${greeting()}, ${firstName}`}
        description={
          <>
            {new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })}
            {counts
              ? ` · ${counts.overdueTasks + counts.tasksDueToday} tasks today · ${
                  counts.overduePromises + counts.promisesDueThisWeek
                } promises this week · ${counts.goingColdPeople + counts.goingColdCompanies} going cold`
              : ''}
          </>
        }
        actions={
          <>
            {can(me, 'people', 'create') ? (
              <ButtonLink to="/people/new" variant="default" leftSection={<IconPlus size={16} aria-hidden />}>
                Person
              </ButtonLink>
            ) : null}
            {can(me, 'companies', 'create') ? (
              <ButtonLink to="/companies/new" variant="default" leftSection={<IconPlus size={16} aria-hidden />}>
                Company
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <SetupBanner />
      {day.isError ? (
        <ErrorAlert error={day.error} title="Your day could not load" onRetry={() => day.refetch()} />
      ) : null}
      {untold.length > 0 ? (
        <Paper
          withBorder
          radius="md"
          p="md"
          mb="md"
          style={{ borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 }}
        >
          <Group gap="xs" mb="sm">
            <IconAlertTriangle size={20} color="var(--mantine-color-red-7)" aria-hidden />
            <Title order={2} size="h4">
              Tell the customer:{' '}
              {untold.length === 1 ? 'a promise was broken' : `${untold.length} promises were broken`}
            </Title>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {untold.map((p) => (
              <PromiseCard key={p.id} promise={p} showRecord onTell={setTelling} />
            ))}
          </SimpleGrid>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Section
            title="Tasks due"
            label="Tasks due"
            icon={<IconChecklist size={20} aria-hidden />}
            count={day.data?.tasks.length}
          >
            {day.isPending ? (
              <Loading />
            ) : !day.data || day.data.tasks.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing due today. Tasks you add on a person or company show here on the day they fall due, and stay
                until you tick them off.
              </Text>
            ) : (
              <Stack gap="sm">
                {day.data.tasks.map((t) => (
                  <TaskRow key={t.id} task={t} showRecord />
                ))}
              </Stack>
            )}
          </Section>
          {canPromises ? (
            <Section
              title="Promises due"
              label="Promises due"
              icon={<IconHandFinger size={20} aria-hidden />}
              count={day.data?.promises.length}
            >
              {day.isPending ? (
                <Loading />
              ) : !day.data || day.data.promises.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No promises due this week. When you tell a customer you will do something by a date, record it as a
                  promise on their page and it shows here before it is due.
                </Text>
              ) : (
                <Stack gap="sm">
                  {day.data.promises.map((p) => (
                    <PromiseCard key={p.id} promise={p} showRecord onTell={setTelling} />
                  ))}
                </Stack>
              )}
            </Section>
          ) : null}
        </Stack>
        <Stack gap="md">
          {me.workspace.modules.sales && can(me, 'deals', 'create') ? (
            <Section title="Your quota" label="Your quota" icon={<IconTarget size={20} aria-hidden />}>
              <QuotaProgressCard />
            </Section>
          ) : null}
          <Section title="Your objectives" label="Your objectives" icon={<IconFlag size={20} aria-hidden />}>
            <MyObjectivesCard />
          </Section>
          <GoingCold
            mine={day.data?.goingCold}
            loading={day.isPending}
            counts={
              day.data
                ? { people: day.data.counts.goingColdPeople, companies: day.data.counts.goingColdCompanies }
                : undefined
            }
          />
          {canPromises ? (
            <Section
              title="Promises this month"
              label="Promises this month"
              icon={<IconHandFinger size={20} aria-hidden />}
            >
              <PromiseChart userId={me.user.id} />
            </Section>
          ) : null}
        </Stack>
      </SimpleGrid>
      {telling ? <TellCustomerModal promise={telling} opened onClose={() => setTelling(null)} /> : null}
    </>
  );
}
