import { Anchor, Avatar, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { countryName } from '../../../../shared/countries.ts';
import { isApiError } from '../../../api/client.ts';
import type { FieldMeta, Person } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, fromNow } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { formatPhone } from '../../../ui/phone.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { MergedFromBanner } from '../../duplicates/components/MergedFromBanner.tsx';
import { PersonPrivacyPanel } from '../../privacy/PersonPrivacyPanel.tsx';
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
  deletePerson,
  fetchPersonHistory,
  personHistoryKey,
  personQueryKey,
  personQueryOptions,
  restorePerson,
} from '../api/people.ts';
import { PersonForm } from './PersonForm.tsx';
import { PersonRelated } from './PersonRelated.tsx';

const route = getRouteApi('/app/people/$personId');

function formatAddress(person: Person): string | null {
  const a = person.address;
  if (!a) return null;
  const parts = [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, countryName(a.country)];
  const text = parts.filter((p) => p && String(p).trim()).join(', ');
  return text || null;
}

function detailRows(person: Person, fields: FieldMeta[]): DetailRow[] {
  const rows: DetailRow[] = [];
  if (person.emails !== undefined) {
    rows.push({
      key: 'emails',
      label: 'Email',
      value: person.emails.length ? (
        <Stack gap={2}>
          {person.emails.map((e) => (
            <span key={`${e.email}-${e.label}`}>
              <Anchor href={`mailto:${e.email}`} size="sm">
                {e.email}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {e.label}
              </Text>
            </span>
          ))}
        </Stack>
      ) : (
        '—'
      ),
    });
  }
  if (person.phones !== undefined) {
    rows.push({
      key: 'phones',
      label: 'Phone',
      value: person.phones.length ? (
        <Stack gap={2}>
          {person.phones.map((p) => (
            <span key={`${p.number}-${p.label}`}>
              <Anchor href={`tel:${p.number}`} size="sm">
                {formatPhone(p.number)}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {p.label}
              </Text>
            </span>
          ))}
        </Stack>
      ) : (
        '—'
      ),
    });
  }
  if (person.jobTitle !== undefined) rows.push({ key: 'jobTitle', label: 'Job title', value: person.jobTitle || '—' });
  if (person.company !== undefined) {
    rows.push({
      key: 'company',
      label: 'Company',
      value: person.company ? (
        <AnchorLink to="/companies/$companyId" params={{ companyId: person.company.id }} size="sm">
          {person.company.name}
        </AnchorLink>
      ) : (
        '—'
      ),
    });
  }
  if (person.address !== undefined)
    rows.push({ key: 'address', label: 'Address', value: formatAddress(person) ?? '—' });
  if (person.team !== undefined) rows.push({ key: 'team', label: 'Team', value: person.team?.name ?? '—' });
  if (person.topics !== undefined)
    rows.push({
      key: 'topics',
      label: 'Hears about',
      value: person.topics.length > 0 ? person.topics.join(', ') : 'No topics chosen',
    });
  for (const field of fields.filter((f) => f.custom)) {
    rows.push({
      key: field.key,
      label: field.label,
      value: <FieldValue field={field} value={readField(person, field.key)} />,
    });
  }
  rows.push({ key: 'createdAt', label: 'Created', value: formatDateTime(person.createdAt) });
  rows.push({
    key: 'updatedAt',
    label: 'Last updated',
    value: `${formatDateTime(person.updatedAt)} (${fromNow(person.updatedAt)})`,
  });
  return rows;
}

export function PersonPage() {
  const { personId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const query = useQuery(personQueryOptions(personId));
  const fields = useQuery(fieldsQueryOptions('people'));
  const { deleteMutation, restoreMutation } = useDeleteRestore({
    object: 'people',
    recordKey: personQueryKey(personId),
    remove: () => deletePerson(personId),
    restore: () => restorePerson(personId),
  });

  const canEdit = can(me, 'people', 'update');
  const deleted = Boolean(query.data?.record.deletedAt);

  useRecordPageKeys({ canEdit, deleted, editing, startEditing: () => setEditing(true), listPath: '/people' });

  if (query.isPending) return <PageSkeleton />;
  if (query.isError) {
    if (isApiError(query.error, 404)) return <NotFound />;
    return <ErrorAlert error={query.error} title="This person could not load" onRetry={() => query.refetch()} />;
  }
  const { record: person, etag } = query.data;
  if (person.id && person.id !== personId) {
    // A merged record's address answers with the survivor (308): show the survivor at its own address.
    void navigate({ to: '/people/$personId', params: { personId: person.id }, replace: true });
    return <PageSkeleton />;
  }
  const metaFields = fields.data ?? [];

  return (
    <>
      {person.deletedAt ? (
        <DeletedBanner
          deletedAt={person.deletedAt}
          what="person"
          canRestore={can(me, 'people', 'delete')}
          onRestore={() => restoreMutation.mutate()}
          restoring={restoreMutation.isPending}
        />
      ) : null}
      <MergedFromBanner kind="people" id={personId} />
      <RecordWorkspace
        kind="people"
        id={personId}
        name={person.fullName || `${person.firstName} ${person.lastName}`}
        deleted={deleted}
        avatar={<Avatar name={person.fullName} color="initials" size={56} radius="xl" />}
        subtitle={
          person.jobTitle || person.company ? (
            <>
              {person.jobTitle}
              {person.jobTitle && person.company ? ' at ' : ''}
              {person.company ? (
                <AnchorLink to="/companies/$companyId" params={{ companyId: person.company.id }} size="sm">
                  {person.company.name}
                </AnchorLink>
              ) : null}
            </>
          ) : undefined
        }
        consent={person.consent}
        extra={<TagBadges tags={person.tags} />}
        headerActions={
          <RecordHeaderActions
            deleted={Boolean(person.deletedAt)}
            canEdit={canEdit}
            canDelete={can(me, 'people', 'delete')}
            onEdit={() => setEditing(true)}
            onDelete={() => deleteMutation.mutate(person.fullName ?? '')}
            deleteLabel="Delete person"
          />
        }
        search={search}
        onSearch={(next) =>
          void navigate({ to: '/people/$personId', params: { personId }, search: next, replace: true })
        }
        details={
          <DetailsPanel
            rows={detailRows(person, metaFields)}
            onEdit={canEdit && !person.deletedAt ? () => setEditing(true) : undefined}
          />
        }
        history={
          <HistoryPanel
            queryKey={[...personHistoryKey(personId), person.version]}
            fetcher={() => fetchPersonHistory(personId)}
            fields={metaFields}
          />
        }
        related={<PersonRelated person={person} />}
        privacy={<PersonPrivacyPanel personId={personId} name={person.fullName || 'this person'} />}
      />
      <EditDrawer opened={editing} onClose={() => setEditing(false)} title={`Edit ${person.fullName}`}>
        {({ onDirtyChange, close, forceClose }) => (
          <PersonForm
            person={person}
            etag={etag}
            footer="sticky"
            onDirtyChange={onDirtyChange}
            onCancel={close}
            onSaved={async (saved) => {
              queryClient.setQueryData(personQueryKey(personId), saved);
              void refreshRecordViews(queryClient, 'people');
              forceClose();
            }}
          />
        )}
      </EditDrawer>
    </>
  );
}
