import { Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, isApiError } from '../../../api/client.ts';
import type { ContextCardData, FieldMeta, HistoryEntry, ObjectName } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { fieldsQueryOptions, objectsQueryOptions } from '../api/records.ts';
import { DetailsPanel } from './DetailsPanel.tsx';
import { FieldValue } from './FieldValue.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { SubjectTimeline } from './SubjectTimeline.tsx';

const route = getRouteApi('/app/records/$kind/$recordId');

type Dto = Record<string, unknown> & { id: string; deletedAt?: string | null };

/** A reference field's value as the record shows it: the linked record's name (`companyId` → `company`). */
function fieldValue(record: Dto, field: FieldMeta): unknown {
  if (field.custom) return (record.customFields as Record<string, unknown> | undefined)?.[field.key.slice(3)];
  if (field.type === 'reference' && field.key.endsWith('Id')) {
    const ref = record[field.key.slice(0, -2)];
    if (ref && typeof ref === 'object') return ref;
  }
  return record[field.key];
}

/**
 * The page of a record of any kind without a hand-written one (orders, invoices, payments…), at
 * `/records/{kind}/{id}`: its title from its context card, its fields as `/meta/fields` lists them for the reader (hidden
 * fields are absent), its field history and its own timeline. Read-only: a kind that may be edited has its own page.
 */
export function KindRecordPage() {
  const { kind, recordId } = route.useParams();
  const objects = useQuery(objectsQueryOptions);
  const meta = objects.data?.find((o) => o.kind === kind && !o.touchpoint);
  const path = `/${encodeURIComponent(kind)}/${encodeURIComponent(recordId)}`;
  const record = useQuery({
    queryKey: [kind, recordId],
    queryFn: () => api.get<Dto>(path),
    enabled: meta !== undefined,
    retry: false,
  });
  const fields = useQuery({ ...fieldsQueryOptions(kind as ObjectName), enabled: meta !== undefined });
  // The title its kind declares for search and cards (a kind without a card shows its label).
  const card = useQuery({
    queryKey: ['card', kind, recordId],
    queryFn: () => api.get<ContextCardData>(`${path}/card`),
    enabled: meta !== undefined,
    retry: false,
  });
  const title = card.data?.name ?? meta?.label.replace(/s$/, '') ?? 'Record';
  useDocumentTitle(record.data ? title : undefined, meta?.label);

  if (objects.isPending) return <PageSkeleton />;
  if (objects.isError) return <ErrorAlert error={objects.error} title="This page could not load" />;
  if (!meta) {
    return (
      <Stack gap="xs" maw={560}>
        <Title order={1} size="h3">
          Nothing to show here
        </Title>
        <Text c="dimmed">
          “{kind}” is not a kind of record your role may read. Ask an admin if you need it, or open the record from a
          list you can see.
        </Text>
      </Stack>
    );
  }
  if (record.isPending) return <PageSkeleton />;
  if (record.isError) {
    const gone = isApiError(record.error) && record.error.status === 404;
    return gone ? (
      <Stack gap="xs" maw={560}>
        <Title order={1} size="h3">
          {meta.label.replace(/s$/, '')} not found
        </Title>
        <Text c="dimmed">It does not exist, or your role does not let you see it.</Text>
      </Stack>
    ) : (
      <ErrorAlert error={record.error} title="This record could not load" onRetry={() => record.refetch()} />
    );
  }
  const dto = record.data;
  const rows = (fields.data ?? []).map((f) => ({
    key: f.key,
    label: f.label,
    value: <FieldValue field={f} value={fieldValue(dto, f)} />,
  }));

  return (
    <Stack gap="lg">
      <div>
        <Group gap="xs">
          <Title order={1} size="h2">
            {title}
          </Title>
          <Badge variant="default">{meta.label.replace(/s$/, '')}</Badge>
          {dto.deletedAt ? <Badge color="red">In the bin</Badge> : null}
        </Group>
        {card.data?.subtitle ? (
          <Text c="dimmed" size="sm">
            {card.data.subtitle}
          </Text>
        ) : null}
      </div>
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <DetailsPanel rows={rows} />
            <HistoryPanel
              queryKey={[kind, 'history', recordId]}
              fetcher={async () => (await api.get<{ data: HistoryEntry[] }>(`${path}/history`)).data}
              fields={fields.data ?? []}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <SubjectTimeline
            kind={kind}
            id={recordId}
            empty="Nothing has happened on this record yet: its changes and what is linked to it will show here."
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
