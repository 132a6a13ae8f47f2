import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from '@tanstack/react-router';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';

interface Linked {
  personId: string | null;
  companyId: string | null;
}

/** `/tasks/:id` and `/promises/:id` (links in notifications) open the customer they are about, on the Related tab. */
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
  return <Navigate to="/" replace />;
}
