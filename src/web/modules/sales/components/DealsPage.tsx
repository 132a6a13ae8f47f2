import {
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconChartBar,
  IconCircleCheck,
  IconCircleX,
  IconFilter,
  IconFilterOff,
  IconPlus,
  IconSettings,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Board, type BoardColumn } from '../../../ui/Board.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatMoney } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';
import { boardQueryOptions, type Deal, dealQueryOptions } from '../api/deals.ts';
import { fetchPipelines, type Pipeline, pipelinesKey } from '../api/pipelines.ts';
import { boardFilters, type DealsSearch } from '../search.ts';
import { useStageMove } from './StageMove.tsx';

const route = getRouteApi('/app/deals');

export const money = (m: { amountMinor: number; currency: string } | null | undefined) =>
  m ? formatMoney(m.amountMinor, m.currency) : '';

/** The pipelines people work in (not archived), in the admin's order. */
export function usePipelines() {
  const query = useQuery({ queryKey: pipelinesKey, queryFn: fetchPipelines });
  const active = useMemo(
    () => (query.data ?? []).filter((p) => !p.archived).sort((a, b) => a.position - b.position),
    [query.data],
  );
  return { ...query, active };
}

/** `/deals`: a pipeline's deals as a board (or the same deals as a table), filtered in the URL. */
export function DealsPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  useDocumentTitle('Deals');
  const pipelines = usePipelines();
  const pipeline = pipelines.active.find((p) => p.id === search.pipeline) ?? pipelines.active[0];
  const go = (next: DealsSearch, replace = true) => void navigate({ to: '/deals', search: next, replace });

  if (pipelines.isError) {
    return (
      <ErrorAlert error={pipelines.error} title="The pipelines could not load" onRetry={() => pipelines.refetch()} />
    );
  }
  if (pipelines.isPending) return <Skeleton height={400} aria-label="Loading deals" />;
  if (!pipeline) {
    return (
      <>
        <PageHeader title="Deals" />
        <Center mih={300}>
          <EmptyState
            icon={<IconSettings size={28} aria-hidden />}
            variant="light"
            title="No pipeline yet"
            description="Deals move through a pipeline: your sales process in stages, from first talk to won or lost. An admin describes it once in Settings."
          >
            {can(me, 'settings', 'update') ? (
              <EmptyState.Actions>
                <ButtonLink to="/settings/pipelines">Set up a pipeline</ButtonLink>
              </EmptyState.Actions>
            ) : null}
          </EmptyState>
        </Center>
      </>
    );
  }

  const layoutSwitch = (
    <SegmentedControl
      aria-label="Show deals as"
      value={search.layout ?? 'board'}
      onChange={(value) => {
        if (value === 'table') {
          const filter = [`pipelineId:eq:${pipeline.id}`, ...boardFilters(search)];
          go({ pipeline: pipeline.id, layout: 'table', filter }, false);
        } else {
          go({ pipeline: pipeline.id }, false);
        }
      }}
      data={[
        { value: 'board', label: 'Board' },
        { value: 'table', label: 'Table' },
      ]}
    />
  );
  const forecastLink = (
    <ButtonLink
      variant="default"
      to="/deals/forecast"
      search={{ pipeline: pipeline.id }}
      leftSection={<IconChartBar size={16} aria-hidden />}
    >
      Forecast
    </ButtonLink>
  );

  if (search.layout === 'table') {
    return <DealsTable search={search} actions={[layoutSwitch, forecastLink]} />;
  }
  return (
    <DealsBoard
      search={search}
      pipeline={pipeline}
      pipelines={pipelines.active}
      go={go}
      actions={
        <>
          {layoutSwitch}
          {forecastLink}
          {can(me, 'deals', 'create') ? (
            <ButtonLink
              to="/deals/new"
              search={{ pipeline: pipeline.id }}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              New deal
            </ButtonLink>
          ) : null}
        </>
      }
    />
  );
}

function DealsBoard({
  search,
  pipeline,
  pipelines,
  go,
  actions,
}: {
  search: DealsSearch;
  pipeline: Pipeline;
  pipelines: Pipeline[];
  go: (next: DealsSearch, replace?: boolean) => void;
  actions: React.ReactNode;
}) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const filter = boardFilters(search);
  const board = useQuery(boardQueryOptions(pipeline.id, filter));
  const currency = board.data?.currency ?? me.workspace.defaultCurrency;
  const { move, dialog } = useStageMove(currency);
  const stages = useMemo(() => [...pipeline.stages].sort((a, b) => a.position - b.position), [pipeline]);
  const mayMove = can(me, 'deals', 'update');
  const hasFilters = filter.length > 0;
  // On a phone the filters fold under one button, so the board starts near the top of the screen.
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, setFiltersOpen] = useState(false);

  const columns: BoardColumn<Deal>[] = useMemo(
    () =>
      (board.data?.columns ?? []).map((column) => {
        const other = column.otherCurrencyCount ?? 0;
        return {
          id: column.stageId,
          title: column.name,
          icon:
            column.outcome === 'won' ? (
              <IconCircleCheck size={16} color="var(--mantine-color-teal-8)" aria-hidden />
            ) : column.outcome === 'lost' ? (
              <IconCircleX size={16} color="var(--mantine-color-red-8)" aria-hidden />
            ) : null,
          subtitle: (
            <>
              <span>
                {column.count} {column.count === 1 ? 'deal' : 'deals'} · {money(column.amount)}
              </span>
              {column.outcome === 'open' ? (
                <span>
                  {' '}
                  · weighted {money(column.weightedAmount)} ({column.probability}%)
                </span>
              ) : null}
              {other > 0 ? <span> · {other} in other currencies, not summed</span> : null}
            </>
          ),
          cards: column.deals,
          emptyText: hasFilters ? 'No deals here match.' : 'No deals in this stage.',
          footer:
            column.count > column.deals.length ? (
              <AnchorLink
                size="sm"
                to="/deals"
                search={{
                  pipeline: pipeline.id,
                  layout: 'table',
                  filter: [`pipelineId:eq:${pipeline.id}`, `stageId:eq:${column.stageId}`, ...filter],
                }}
              >
                See all {column.count} in the table
              </AnchorLink>
            ) : undefined,
        };
      }),
    [board.data, hasFilters, pipeline.id, filter],
  );

  const total = (board.data?.columns ?? []).reduce((n, c) => n + c.count, 0);

  return (
    <Stack gap="sm">
      <PageHeader
        title="Deals"
        description={
          board.data ? (
            <span aria-live="polite">
              {total} {total === 1 ? 'deal' : 'deals'} in {pipeline.name}
              {hasFilters ? ' match' : ''}
            </span>
          ) : (
            <Skeleton height={14} width={120} component="span" display="inline-block" />
          )
        }
        actions={actions}
      />
      {isPhone ? (
        <Button
          variant="default"
          size="sm"
          w="fit-content"
          leftSection={<IconFilter size={16} aria-hidden />}
          aria-expanded={filtersOpen}
          onClick={() => setFiltersOpen((o) => !o)}
        >
          {hasFilters ? `Filters (${filter.length})` : 'Filters'}
        </Button>
      ) : null}
      <Group gap="xs" align="flex-end" wrap="wrap" display={isPhone && !filtersOpen ? 'none' : undefined}>
        {pipelines.length > 1 ? (
          <Select
            label="Pipeline"
            size="sm"
            w={200}
            allowDeselect={false}
            data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={pipeline.id}
            onChange={(v) => v && go({ ...search, pipeline: v }, false)}
          />
        ) : null}
        <UserSelect
          label="Owner"
          size="sm"
          w={180}
          clearable
          placeholder="Anyone"
          value={search.owner ?? null}
          onChange={(v) => go({ ...search, owner: v ?? undefined })}
        />
        <TeamSelect
          label="Team"
          size="sm"
          w={160}
          clearable
          placeholder="Any team"
          value={search.team ?? null}
          onChange={(v) => go({ ...search, team: v ?? undefined })}
        />
        <TextInput
          label="Closing from"
          type="date"
          size="sm"
          w={150}
          value={search.closeFrom ?? ''}
          onChange={(e) => go({ ...search, closeFrom: e.currentTarget.value || undefined })}
        />
        <TextInput
          label="Closing by"
          type="date"
          size="sm"
          w={150}
          value={search.closeTo ?? ''}
          onChange={(e) => go({ ...search, closeTo: e.currentTarget.value || undefined })}
        />
        <TagsInput
          label="Tags"
          size="sm"
          w={200}
          placeholder={search.tag?.length ? '' : 'Any tag'}
          value={search.tag ?? []}
          onChange={(tags) => go({ ...search, tag: tags.length ? tags : undefined })}
        />
        {hasFilters ? (
          <Button
            variant="subtle"
            size="sm"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={() => go({ pipeline: search.pipeline })}
          >
            Clear filters
          </Button>
        ) : null}
      </Group>

      {board.isError ? (
        <ErrorAlert error={board.error} title="The board could not load" onRetry={() => board.refetch()} />
      ) : !board.data ? (
        <Group gap="sm" wrap="nowrap" aria-busy="true" aria-label="Loading the board">
          {stages.slice(0, 4).map((s) => (
            <Skeleton key={s.id} height={320} width={280} />
          ))}
        </Group>
      ) : (
        <>
          {total === 0 && !hasFilters ? (
            <EmptyState
              icon={<IconPlus size={28} aria-hidden />}
              variant="light"
              title={`No deals in ${pipeline.name} yet`}
              description="A deal is a sale you are working on: who is buying, how much, by when. Add one and move it through the stages as it progresses."
            >
              {can(me, 'deals', 'create') ? (
                <EmptyState.Actions>
                  <ButtonLink to="/deals/new" search={{ pipeline: pipeline.id }}>
                    Create the first deal
                  </ButtonLink>
                </EmptyState.Actions>
              ) : null}
            </EmptyState>
          ) : null}
          <Board<Deal>
            label={`Deals in ${pipeline.name}, by stage`}
            columns={columns}
            cardId={(d) => d.id}
            cardName={(d) => d.name ?? 'Deal'}
            cardDescription={describeDeal}
            renderCard={(d) => <DealCard deal={d} />}
            canMove={(d) => mayMove && !d.deletedAt}
            onOpen={(d) => void navigate({ to: '/deals/$dealId', params: { dealId: d.id } })}
            onMove={async (deal, toStageId) => {
              const stage = stages.find((s) => s.id === toStageId);
              if (!stage) throw new Error('That stage is no longer in the pipeline; reload the page.');
              await move(deal, stage);
              void queryClient.invalidateQueries({ queryKey: dealQueryOptions(deal.id).queryKey });
            }}
          />
          <Text size="xs" c="dimmed" visibleFrom="sm">
            Drag a card to another stage, or focus it and press Shift+→ / Shift+← (M lists the stages). Enter opens it.
          </Text>
        </>
      )}
      {dialog}
    </Stack>
  );
}

function describeDeal(d: Deal): string {
  return [
    d.name ?? 'Deal',
    d.company?.name,
    money(d.amount),
    d.expectedCloseDate ? `closes ${formatDate(d.expectedCloseDate)}` : null,
    d.owner ? `owner ${d.owner.name}` : null,
    d.stalled ? `stalled, ${Math.floor(d.daysInStage ?? 0)} days in this stage` : null,
    d.commit ? 'committed' : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function DealCard({ deal }: { deal: Deal }) {
  return (
    <Stack gap={2}>
      <AnchorLink
        to="/deals/$dealId"
        params={{ dealId: deal.id }}
        tabIndex={-1}
        size="sm"
        fw={600}
        c="dark"
        lineClamp={2}
      >
        {deal.name ?? 'Deal'}
      </AnchorLink>
      {deal.company ? (
        <Text size="xs" c="dimmed" truncate>
          {deal.company.name}
        </Text>
      ) : null}
      <Group gap={6} wrap="wrap">
        {deal.amount ? (
          <Text size="sm" fw={500}>
            {money(deal.amount)}
          </Text>
        ) : null}
        {deal.expectedCloseDate ? (
          <Text size="xs" c="dimmed">
            closes {formatDate(deal.expectedCloseDate)}
          </Text>
        ) : null}
      </Group>
      <Group gap={4} wrap="wrap">
        {deal.owner ? (
          <Text size="xs" c="dimmed">
            {deal.owner.name}
          </Text>
        ) : null}
        {deal.stalled ? (
          <Badge
            size="sm"
            color="orange"
            variant="light"
            tt="none"
            leftSection={<IconAlertTriangle size={12} aria-hidden />}
          >
            Stalled · {Math.floor(deal.daysInStage ?? 0)} days
          </Badge>
        ) : null}
        {deal.commit ? (
          <Badge size="sm" variant="outline" tt="none">
            Commit
          </Badge>
        ) : null}
      </Group>
    </Stack>
  );
}

function DealsTable({ search, actions }: { search: DealsSearch; actions: React.ReactNode[] }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const config = useMemo<RecordListConfig<Deal>>(
    () => ({
      object: 'deals',
      title: 'Deals',
      singular: 'deal',
      plural: 'deals',
      nameFieldKeys: ['name'],
      exportNameColumns: ['name'],
      nameColumn: {
        label: 'Deal',
        sortKey: 'name',
        render: (d) => (
          <Group gap="xs" wrap="nowrap">
            <AnchorLink
              to="/deals/$dealId"
              params={{ dealId: d.id }}
              size="sm"
              fw={500}
              c="dark"
              truncate
              onClick={(e) => e.stopPropagation()}
            >
              {d.name ?? 'Deal'}
            </AnchorLink>
            {d.stalled ? (
              <Badge
                size="xs"
                color="orange"
                variant="light"
                tt="none"
                leftSection={<IconAlertTriangle size={10} aria-hidden />}
              >
                Stalled
              </Badge>
            ) : null}
          </Group>
        ),
      },
      defaultColumns: ['stageId', 'amount', 'expectedCloseDate', 'companyId', 'ownerId', 'updatedAt'],
      emptyText: 'Deals are the sales you are working on, each moving through the stages of a pipeline.',
      onOpen: (d) => void navigate({ to: '/deals/$dealId', params: { dealId: d.id } }),
      onCreate: () => void navigate({ to: '/deals/new', search: search.pipeline ? { pipeline: search.pipeline } : {} }),
      onPrefetch: (d) => void queryClient.prefetchQuery(dealQueryOptions(d.id)),
      actions: <>{actions}</>,
    }),
    [navigate, queryClient, search.pipeline, actions],
  );
  return (
    <RecordList<Deal>
      config={config}
      search={search}
      onSearch={(next, options) =>
        void navigate({
          to: '/deals',
          search: { ...next, layout: 'table', ...(search.pipeline ? { pipeline: search.pipeline } : {}) },
          replace: options?.replace ?? false,
        })
      }
    />
  );
}
