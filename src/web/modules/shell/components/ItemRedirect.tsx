import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from '@tanstack/react-router';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';

interface Linked {
  personId: string | null;
  companyId: string | null;
  title?: string;
  description?: string;
  notes?: string | null;
  status: string;
  dueAt: string | null;
  assignee?: { name: string } | null;
  owner?: { name: string } | null;
}

/**
 * `/tasks/:id` and `/promises/:id` (links in notifications, rows of the lists) open the customer they are about, on
 * the Related tab. A task about nobody in particular is shown here on its own.
 */
export function ItemRedirect({ object }: { object: 'tasks' | 'promises' }) {
  const params = useParams({ strict: false }) as { itemId?: string };
  const id = params.itemId ?? '';
  const item = useQuery({
    queryKey: [object, 'item', id],
    queryFn: () => api.get<Linked>(`/${object}/${encodeURIComponent(id)}`),
  });
  if (item.isPending) return <PageSkeleton />;
  if (item.isError) return <ErrorAlert error={item.error} title="This item could not be opened" />;
  if (item.data.personId)
    return (
      <Navigate to="/people/$personId" params={{ personId: item.data.personId }} search={{ tab: 'related' }} replace />
    );
  if (item.data.companyId)
    return (
      <Navigate
        to="/companies/$companyId"
        params={{ companyId: item.data.companyId }}
        search={{ tab: 'related' }}
        replace
      />
    );
  return <Unlinked item={item.data} object={object} />;
}

function Unlinked({ item, object }: { item: Linked; object: 'tasks' | 'promises' }) {
  const name = item.title ?? item.description ?? '';
  useDocumentTitle(`${name} · ${object === 'tasks' ? 'Tasks' : 'Promises'}`);
  const who = item.assignee ?? item.owner;
  return (
    <>
      <PageHeader title={name} description={object === 'tasks' ? 'A task about nobody in particular' : undefined} />
      <Stack gap="xs" maw={640}>
        <Text size="sm">
          {humanize(item.status)}
          {item.dueAt ? ` · due ${formatDateTime(item.dueAt)}` : ' · no due date'}
          {who ? ` · ${who.name}` : ''}
        </Text>
        {item.notes ? <Text size="sm">{item.notes}</Text> : null}
        <AnchorLink to={object === 'tasks' ? '/tasks' : '/promises'} size="sm" td="underline">
          Back to {object}
        </AnchorLink>
      </Stack>
    </>
  );
}
