import { Anchor, Avatar, Stack } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { countryName } from '../../../../shared/countries.ts';
import { isApiError } from '../../../api/client.ts';
import type { Company, FieldMeta } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, formatMoney, fromNow } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { CompanyAccounts } from '../../accounts/components/CompanyAccounts.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { MergedFromBanner } from '../../duplicates/components/MergedFromBanner.tsx';
import { fieldsQueryOptions } from '../../records/api/records.ts';
import { DeletedBanner } from '../../records/components/DeletedBanner.tsx';
import { type DetailRow, DetailsPanel } from '../../records/components/DetailsPanel.tsx';
import { EditDrawer } from '../../records/components/EditDrawer.tsx';
import { FieldValue } from '../../records/components/FieldValue.tsx';
import { HistoryPanel } from '../../records/components/HistoryPanel.tsx';
import { RecordHeaderActions, TagBadges } from '../../records/components/RecordHeaderActions.tsx';
import { RecordWorkspace } from '../../records/components/RecordWorkspace.tsx';
import { readField } from '../../records/fieldValues.ts';
import { useDeleteRestore } from '../../records/hooks/useDeleteRestore.tsx';
import { useRecordPageKeys } from '../../records/hooks/useRecordPageKeys.ts';
import { refreshRecordViews } from '../../records/refresh.ts';
import { NotFound } from '../../shell/components/NotFound.tsx';
import {
  companyHistoryKey,
  companyQueryKey,
  companyQueryOptions,
  deleteCompany,
  fetchCompanyHistory,
  restoreCompany,
} from '../api/companies.ts';
import { CompanyForm } from './CompanyForm.tsx';
import { CompanyRelated } from './CompanyRelated.tsx';

const route = getRouteApi('/app/companies/$companyId');

function detailRows(company: Company, fields: FieldMeta[]): DetailRow[] {
  const rows: DetailRow[] = [];
  if (company.domain !== undefined) {
    rows.push({
      key: 'domain',
      label: 'Website',
      value: company.domain ? (
        <Anchor href={`https://${company.domain}`} target="_blank" rel="noreferrer noopener" size="sm">
          {company.domain}
        </Anchor>
      ) : (
        '—'
      ),
    });
  }
  if (company.industry !== undefined) rows.push({ key: 'industry', label: 'Industry', value: company.industry || '—' });
  if (company.size !== undefined) rows.push({ key: 'size', label: 'Employees', value: company.size ?? '—' });
  if (company.creditLimit !== undefined) {
    rows.push({
      key: 'creditLimit',
      label: 'Credit limit',
      value: company.creditLimit ? formatMoney(company.creditLimit.amountMinor, company.creditLimit.currency) : '—',
    });
  }
  if (company.address !== undefined) {
    const a = company.address;
    const text = a
      ? [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, countryName(a.country)]
          .filter((p) => p && String(p).trim())
          .join(', ')
      : '';
    rows.push({ key: 'address', label: 'Address', value: text || '—' });
  }
  if (company.team !== undefined) rows.push({ key: 'team', label: 'Team', value: company.team?.name ?? '—' });
  for (const field of fields.filter((f) => f.custom)) {
    rows.push({
      key: field.key,
      label: field.label,
      value: <FieldValue field={field} value={readField(company, field.key)} />,
    });
  }
  rows.push({ key: 'createdAt', label: 'Created', value: formatDateTime(company.createdAt) });
  rows.push({
    key: 'updatedAt',
    label: 'Last updated',
    value: `${formatDateTime(company.updatedAt)} (${fromNow(company.updatedAt)})`,
  });
  return rows;
}

export function CompanyPage() {
  const { companyId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const query = useQuery(companyQueryOptions(companyId));
  const fields = useQuery(fieldsQueryOptions('companies'));
  const { deleteMutation, restoreMutation } = useDeleteRestore({
    object: 'companies',
    recordKey: companyQueryKey(companyId),
    remove: () => deleteCompany(companyId),
    restore: () => restoreCompany(companyId),
  });
  const canEdit = can(me, 'companies', 'update');
  const deleted = Boolean(query.data?.record.deletedAt);

  useRecordPageKeys({ canEdit, deleted, editing, startEditing: () => setEditing(true), listPath: '/companies' });

  if (query.isPending) return <PageSkeleton />;
  if (query.isError) {
    if (isApiError(query.error, 404)) return <NotFound />;
    return <ErrorAlert error={query.error} title="This company could not load" onRetry={() => query.refetch()} />;
  }
  const { record: company, etag } = query.data;
  if (company.id && company.id !== companyId) {
    // A merged record's address answers with the survivor (308): show the survivor at its own address.
    void navigate({ to: '/companies/$companyId', params: { companyId: company.id }, replace: true });
    return <PageSkeleton />;
  }
  const metaFields = fields.data ?? [];

  return (
    <>
      {company.deletedAt ? (
        <DeletedBanner
          deletedAt={company.deletedAt}
          what="company"
          canRestore={can(me, 'companies', 'delete')}
          onRestore={() => restoreMutation.mutate()}
          restoring={restoreMutation.isPending}
        />
      ) : null}
      <MergedFromBanner kind="companies" id={companyId} />
      <RecordWorkspace
        kind="companies"
        id={companyId}
        name={company.name ?? ''}
        deleted={deleted}
        avatar={
          <Avatar color="gray" size={56} radius="md">
            <IconBuildingSkyscraper size={28} aria-hidden />
          </Avatar>
        }
        subtitle={
          company.industry || company.domain || company.parent || company.size ? (
            <>
              {[company.industry, company.domain, company.size ? `${company.size} employees` : null]
                .filter(Boolean)
                .join(' · ')}
              {company.parent ? (
                <>
                  {company.industry || company.domain || company.size ? ' · ' : ''}
                  part of{' '}
                  <AnchorLink to="/companies/$companyId" params={{ companyId: company.parent.id }} size="sm">
                    {company.parent.name}
                  </AnchorLink>
                </>
              ) : null}
            </>
          ) : undefined
        }
        extra={<TagBadges tags={company.tags} />}
        headerActions={
          <RecordHeaderActions
            deleted={Boolean(company.deletedAt)}
            canEdit={canEdit}
            canDelete={can(me, 'companies', 'delete')}
            onEdit={() => setEditing(true)}
            onDelete={() => deleteMutation.mutate(company.name ?? '')}
            deleteLabel="Delete company"
          />
        }
        search={search}
        onSearch={(next) =>
          void navigate({ to: '/companies/$companyId', params: { companyId }, search: next, replace: true })
        }
        details={
          <DetailsPanel
            rows={detailRows(company, metaFields)}
            onEdit={canEdit && !company.deletedAt ? () => setEditing(true) : undefined}
          />
        }
        history={
          <HistoryPanel
            queryKey={[...companyHistoryKey(companyId), company.version]}
            fetcher={() => fetchCompanyHistory(companyId)}
            fields={metaFields}
          />
        }
        related={
          <Stack gap="md">
            {me.workspace.modules.accounts && can(me, 'invoices', 'read') ? (
              <CompanyAccounts company={company} />
            ) : null}
            <CompanyRelated company={company} canAddPerson={can(me, 'people', 'create')} />
          </Stack>
        }
      />
      <EditDrawer opened={editing} onClose={() => setEditing(false)} title={`Edit ${company.name}`}>
        {({ onDirtyChange, close, forceClose }) => (
          <CompanyForm
            company={company}
            etag={etag}
            footer="sticky"
            onDirtyChange={onDirtyChange}
            onCancel={close}
            onSaved={async (saved) => {
              queryClient.setQueryData(companyQueryKey(companyId), saved);
              void refreshRecordViews(queryClient, 'companies');
              forceClose();
            }}
          />
        )}
      </EditDrawer>
    </>
  );
}
