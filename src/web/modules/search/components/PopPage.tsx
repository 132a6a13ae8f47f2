import { Avatar, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconBuildingSkyscraper, IconPhoneIncoming, IconUserQuestion } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../api/client.ts';
import type { LookupMatch } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { formatPhone } from '../../../ui/phone.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { personQueryKey } from '../../people/api/people.ts';
import { PersonForm } from '../../people/components/PersonForm.tsx';
import { refreshRecordViews } from '../../records/refresh.ts';
import { lookup } from '../api/search.ts';
import { CardLine } from './CardBits.tsx';

const route = getRouteApi('/app/pop');

function LookupForm({ initial }: { initial: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const v = value.trim();
        if (!v) return;
        void navigate({ to: '/pop', search: v.includes('@') ? { email: v } : { phone: v } });
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Phone number or email"
          placeholder="+44 20 7946 0958"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          style={{ flex: 1 }}
          maw={360}
        />
        <Button type="submit">Look up</Button>
      </Group>
    </form>
  );
}

/**
 * The screen pop: `/pop?phone=…` (or `?email=`) from a softphone or mail gateway. One match opens the record with the
 * call composer ready; several show a chooser; none offer to create the person with the number filled in.
 */
export function PopPage() {
  const { phone, email } = route.useSearch();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const given = phone ?? email ?? '';
  useDocumentTitle(given ? `Who is ${given}?` : 'Who is this?');
  const result = useQuery({
    queryKey: ['lookup', phone ?? null, email ?? null],
    queryFn: ({ signal }) => lookup(phone ? { phone } : { email: email ?? '' }, signal),
    enabled: Boolean(given),
    staleTime: 0,
    retry: false,
  });
  const matches = result.data?.matches ?? [];
  const people = matches.filter((m) => m.kind === 'people');
  const single: LookupMatch | null =
    people.length === 1
      ? (people[0] ?? null)
      : people.length === 0 && matches.length === 1
        ? (matches[0] ?? null)
        : null;

  useEffect(() => {
    if (!single) return;
    if (single.kind === 'people')
      void navigate({
        to: '/people/$personId',
        params: { personId: single.id },
        search: { log: 'call' },
        replace: true,
      });
    else
      void navigate({
        to: '/companies/$companyId',
        params: { companyId: single.id },
        search: { log: 'call' },
        replace: true,
      });
  }, [single, navigate]);

  const shown = result.data?.query.normalised
    ? phone
      ? formatPhone(result.data.query.normalised)
      : result.data.query.normalised
    : given;

  if (!given) {
    return (
      <>
        <PageHeader title="Who is this?" description="Find the person behind a phone number or an email address." />
        <LookupForm initial="" />
      </>
    );
  }
  if (result.isPending || single) return <PageSkeleton />;
  if (result.isError) {
    const invalid = isApiError(result.error, 400);
    return (
      <Stack maw={640}>
        <PageHeader title="Who is this?" />
        <ErrorAlert
          error={result.error}
          title={invalid ? `“${given}” does not look like a ${phone ? 'phone number' : 'email address'}` : undefined}
          onRetry={invalid ? undefined : () => result.refetch()}
        />
        <LookupForm initial={given} />
      </Stack>
    );
  }

  if (matches.length > 0) {
    return (
      <>
        <PageHeader
          title={`${people.length || matches.length} records have ${shown}`}
          description="Pick the one you are talking to; the call form opens on their page."
        />
        <Stack gap="sm" maw={720}>
          {matches.map((m) => (
            <Paper
              key={`${m.kind}:${m.id}`}
              withBorder
              radius="md"
              p="md"
              component="button"
              type="button"
              style={{ textAlign: 'left', cursor: 'pointer', font: 'inherit', background: 'var(--mantine-color-body)' }}
              onClick={() =>
                m.kind === 'people'
                  ? navigate({ to: '/people/$personId', params: { personId: m.id }, search: { log: 'call' } })
                  : navigate({ to: '/companies/$companyId', params: { companyId: m.id }, search: { log: 'call' } })
              }
            >
              <Group wrap="nowrap" align="flex-start" gap="sm">
                {m.kind === 'people' ? (
                  <Avatar name={m.title} color="initials" radius="xl" />
                ) : (
                  <Avatar color="gray" radius="md">
                    <IconBuildingSkyscraper size={18} aria-hidden />
                  </Avatar>
                )}
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{m.title}</Text>
                  {m.subtitle ? (
                    <Text size="sm" c="dimmed">
                      {m.subtitle}
                    </Text>
                  ) : null}
                  <CardLine card={m.card} />
                </div>
              </Group>
            </Paper>
          ))}
        </Stack>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <IconUserQuestion size={28} aria-hidden />
            {phone ? 'No one has this number yet' : 'No one has this email yet'}
          </Group>
        }
        description={
          <>
            <IconPhoneIncoming size={14} aria-hidden style={{ verticalAlign: 'middle' }} /> {shown}.{' '}
            {can(me, 'people', 'create')
              ? 'Add who it is, then log the call on their page.'
              : 'Nobody you can see has it. Ask a colleague who may add people.'}
          </>
        }
      />
      {can(me, 'people', 'create') ? (
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={880}>
          <Title order={2} size="h4" mb="sm">
            New person
          </Title>
          <PersonForm
            {...(phone ? { initialPhone: formatPhone(result.data?.query.normalised ?? phone) } : {})}
            {...(email ? { initialEmail: result.data?.query.normalised ?? email } : {})}
            onCancel={() => navigate({ to: '/' })}
            onSaved={async ({ record, etag }) => {
              queryClient.setQueryData(personQueryKey(record.id), { record, etag });
              void refreshRecordViews(queryClient, 'people');
              await navigate({
                to: '/people/$personId',
                params: { personId: record.id },
                search: { log: 'call' },
                replace: true,
              });
            }}
          />
        </Paper>
      ) : null}
    </>
  );
}
