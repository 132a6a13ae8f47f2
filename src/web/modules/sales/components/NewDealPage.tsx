import { Paper, Skeleton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { createDeal, refreshDeals } from '../api/deals.ts';
import { DealForm, dealToForm } from './DealForm.tsx';
import { usePipelines } from './DealsPage.tsx';

const route = getRouteApi('/app/deals/new');

/** `/deals/new`: a deal in the chosen pipeline (from the board), starting in its first stage, owned by you. */
export function NewDealPage() {
  useDocumentTitle('New deal', 'Deals');
  const search = route.useSearch();
  const me = useMe();
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const pipeline = pipelines.active.find((p) => p.id === search.pipeline) ?? pipelines.active[0];
  const first = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position)[0];

  return (
    <>
      <PageHeader title="New deal" description="A sale you are working on: who is buying, how much, by when." />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={880}>
        {pipelines.isError ? (
          <ErrorAlert
            error={pipelines.error}
            title="The pipelines could not load"
            onRetry={() => pipelines.refetch()}
          />
        ) : pipelines.isPending ? (
          <Skeleton height={300} />
        ) : !pipeline || !first ? (
          <ErrorAlert
            error={
              new Error('There is no pipeline to put a deal in yet. An admin sets one up in Settings → Pipelines.')
            }
            title="No pipeline yet"
          />
        ) : (
          <DealForm
            deal={null}
            pipelines={pipelines.active}
            defaults={dealToForm(null, {
              pipelineId: pipeline.id,
              stageId: first.id,
              currency: me.workspace.defaultCurrency,
              ownerId: me.user.id,
            })}
            submitLabel="Create deal"
            onCancel={() => router.history.back()}
            onSubmit={async (body) => {
              const deal = await createDeal(body);
              await refreshDeals(queryClient, deal);
              notifications.show({ color: 'teal', message: `${deal.name ?? 'The deal'} was added.` });
              await navigate({ to: '/deals/$dealId', params: { dealId: deal.id }, replace: true });
            }}
          />
        )}
      </Paper>
    </>
  );
}
