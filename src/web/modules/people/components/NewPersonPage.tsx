import { Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { companyQueryOptions } from '../../companies/api/companies.ts';
import { listQueryKey } from '../../records/hooks/useRecordList.ts';
import { personQueryKey } from '../api/people.ts';
import { PersonForm } from './PersonForm.tsx';

const route = getRouteApi('/app/people/new');

export function NewPersonPage() {
  useDocumentTitle('New person', 'People');
  const { companyId } = route.useSearch();
  const company = useQuery({ ...companyQueryOptions(companyId ?? ''), enabled: Boolean(companyId) });
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New person" description="Someone you work with: a customer, a contact at a company, a lead." />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={880}>
        {companyId && company.isPending ? null : (
          <PersonForm
            initialCompany={company.data ? { id: company.data.record.id, name: company.data.record.name ?? '' } : null}
            onCancel={() => router.history.back()}
            onSaved={async ({ record, etag }) => {
              queryClient.setQueryData(personQueryKey(record.id), { record, etag });
              await queryClient.invalidateQueries({ queryKey: listQueryKey('people') });
              notifications.show({ color: 'teal', message: `${record.fullName} was added.` });
              await navigate({ to: '/people/$personId', params: { personId: record.id }, replace: true });
            }}
          />
        )}
      </Paper>
    </>
  );
}
