import { Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { listQueryKey } from '../../records/hooks/useRecordList.ts';
import { companyQueryKey } from '../api/companies.ts';
import { CompanyForm } from './CompanyForm.tsx';

export function NewCompanyPage() {
  useDocumentTitle('New company', 'Companies');
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New company" description="An organisation you work with: a customer, prospect or partner." />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={880}>
        <CompanyForm
          onCancel={() => router.history.back()}
          onSaved={async ({ record, etag }) => {
            queryClient.setQueryData(companyQueryKey(record.id), { record, etag });
            await queryClient.invalidateQueries({ queryKey: listQueryKey('companies') });
            notifications.show({ color: 'teal', message: `${record.name} was added.` });
            await navigate({ to: '/companies/$companyId', params: { companyId: record.id }, replace: true });
          }}
        />
      </Paper>
    </>
  );
}
