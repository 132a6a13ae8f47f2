import { Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { createCase, refreshCases } from '../api.ts';
import { CaseForm, EMPTY_CASE } from './CaseForm.tsx';

/** `/cases/new`: log a call, an email or a visit as a case; its SLA clocks start at "Opened". */
export function NewCasePage() {
  useDocumentTitle('New case', 'Cases');
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New case" description="A customer's question or problem, to be answered within its SLA." />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={880}>
        <CaseForm
          defaults={EMPTY_CASE}
          onCancel={() => router.history.back()}
          onSubmit={async (body) => {
            const c = await createCase(body);
            await refreshCases(queryClient, c);
            notifications.show({ color: 'teal', message: `${c.reference} was opened.` });
            await navigate({ to: '/cases/$caseId', params: { caseId: c.id }, replace: true });
          }}
        />
      </Paper>
    </>
  );
}
