import {
  Accordion,
  Button,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import {
  ERP_ENTITY_LABEL,
  ERP_FIELDS,
  type ErpConnection,
  type ErpEntity,
  type ErpFeed,
  erpConnectionQuery,
  saveErpConnection,
} from '../api/accounts.ts';

const ENTITIES: ErpEntity[] = ['companies', 'orders', 'invoices', 'payments'];

interface FeedDraft {
  on: boolean;
  url: string;
  format: 'json' | 'csv';
  recordsPath: string;
  delimiter: string;
  fields: Record<string, string>;
  defaults: Record<string, string>;
}

interface Draft {
  feeds: Record<ErpEntity, FeedDraft>;
  authHeader: string;
  authValue: string;
  schedule: string;
}

function draftOf(c: ErpConnection): Draft {
  const feeds = {} as Record<ErpEntity, FeedDraft>;
  for (const e of ENTITIES) {
    const f = (c.entities as Partial<Record<ErpEntity, ErpFeed>>)[e];
    feeds[e] = {
      on: Boolean(f),
      url: f?.url ?? '',
      format: f?.format ?? 'json',
      recordsPath: f?.recordsPath ?? '',
      delimiter: f?.delimiter ?? '',
      fields: { ...(f?.fields ?? {}) },
      defaults: Object.fromEntries(Object.entries(f?.defaults ?? {}).map(([k, v]) => [k, String(v)])),
    };
  }
  return { feeds, authHeader: c.auth?.header ?? '', authValue: '', schedule: c.schedule ?? '' };
}

const trimmed = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()]] : [])));

/** Settings → ERP connection: the feeds Rapport pulls from the ERP, their field mapping, the auth header, the schedule. */
export function ErpConnectionPage() {
  useDocumentTitle('ERP connection', 'Settings');
  const queryClient = useQueryClient();
  const connection = useQuery(erpConnectionQuery);
  const [draft, setDraft] = useState<Draft | null>(null);
  // The form starts from the stored connection once; a background refetch never overwrites what is being edited.
  useEffect(() => {
    if (connection.data) setDraft((d) => d ?? draftOf(connection.data));
  }, [connection.data]);
  const save = useMutation({
    mutationFn: (d: Draft) =>
      saveErpConnection({
        entities: Object.fromEntries(
          ENTITIES.filter((e) => d.feeds[e].on).map((e) => {
            const f = d.feeds[e];
            return [
              e,
              {
                url: f.url.trim(),
                format: f.format,
                ...(f.format === 'json' && f.recordsPath.trim() ? { recordsPath: f.recordsPath.trim() } : {}),
                ...(f.format === 'csv' && f.delimiter ? { delimiter: f.delimiter } : {}),
                fields: trimmed(f.fields),
                defaults: trimmed(f.defaults),
              },
            ];
          }),
        ),
        auth: d.authHeader.trim()
          ? { header: d.authHeader.trim(), ...(d.authValue ? { value: d.authValue } : {}) }
          : null,
        schedule: d.schedule.trim() || null,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(erpConnectionQuery.queryKey, saved);
      setDraft(draftOf(saved));
      notifications.show({ message: 'ERP connection saved.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  if (connection.isError) {
    return <ErrorAlert error={connection.error} title="The ERP connection could not load" />;
  }
  if (connection.isPending || !draft) return <PageSkeleton />;
  const c = connection.data;
  const setFeed = (e: ErpEntity, patch: Partial<FeedDraft>) =>
    setDraft({ ...draft, feeds: { ...draft.feeds, [e]: { ...draft.feeds[e], ...patch } } });
  return (
    <Paper withBorder p="md" radius="md" maw={880}>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Rapport pulls the records the ERP publishes as JSON or CSV over HTTPS, through the same sync as the push
            API: a record is written only when it changed, a bad row is rejected with its reason in the sync log (on the
            Accounts page). Map each of Rapport's fields to the feed's column or JSON path; a field left empty is read
            from the feed field of the same name.
          </Text>
          <Accordion multiple variant="separated" defaultValue={ENTITIES.filter((e) => draft.feeds[e].on)}>
            {ENTITIES.map((e) => {
              const f = draft.feeds[e];
              return (
                <Accordion.Item key={e} value={e}>
                  <Accordion.Control>
                    {ERP_ENTITY_LABEL[e]} {f.on ? `· ${f.format.toUpperCase()}` : '· not pulled'}
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="sm">
                      <Switch
                        label={`Pull ${ERP_ENTITY_LABEL[e].toLowerCase()} from a feed`}
                        checked={f.on}
                        onChange={(ev) => setFeed(e, { on: ev.currentTarget.checked })}
                      />
                      {f.on ? (
                        <>
                          <TextInput
                            label="Feed URL"
                            required
                            placeholder={`https://erp.example.org/export/${e}.json`}
                            value={f.url}
                            onChange={(ev) => setFeed(e, { url: ev.currentTarget.value })}
                          />
                          <Group align="end">
                            <Stack gap={4}>
                              <Text size="sm" fw={500} id={`format-${e}`}>
                                Format
                              </Text>
                              <SegmentedControl
                                aria-labelledby={`format-${e}`}
                                value={f.format}
                                onChange={(v) => setFeed(e, { format: v as 'json' | 'csv' })}
                                data={[
                                  { value: 'json', label: 'JSON' },
                                  { value: 'csv', label: 'CSV' },
                                ]}
                              />
                            </Stack>
                            {f.format === 'json' ? (
                              <TextInput
                                label="Records at (JSON path)"
                                description="Empty: the document, or its records, data or items"
                                value={f.recordsPath}
                                onChange={(ev) => setFeed(e, { recordsPath: ev.currentTarget.value })}
                              />
                            ) : (
                              <TextInput
                                label="Delimiter"
                                description="Empty: a comma"
                                maxLength={1}
                                w={120}
                                value={f.delimiter}
                                onChange={(ev) => setFeed(e, { delimiter: ev.currentTarget.value })}
                              />
                            )}
                          </Group>
                          <Text size="sm" fw={500}>
                            Field mapping
                          </Text>
                          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                            {ERP_FIELDS[e].map((field) => (
                              <TextInput
                                key={field}
                                size="xs"
                                label={field}
                                placeholder={field}
                                value={f.fields[field] ?? ''}
                                onChange={(ev) =>
                                  setFeed(e, { fields: { ...f.fields, [field]: ev.currentTarget.value } })
                                }
                              />
                            ))}
                          </SimpleGrid>
                          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                            {ERP_FIELDS[e]
                              .filter((field) => field.endsWith('.currency'))
                              .map((field) => (
                                <TextInput
                                  key={field}
                                  size="xs"
                                  label={`Default ${field}`}
                                  description="When the feed has none, e.g. EUR"
                                  value={f.defaults[field] ?? ''}
                                  onChange={(ev) =>
                                    setFeed(e, { defaults: { ...f.defaults, [field]: ev.currentTarget.value } })
                                  }
                                />
                              ))}
                          </SimpleGrid>
                        </>
                      ) : null}
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              );
            })}
          </Accordion>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Auth header"
              description="Sent with every request, e.g. Authorization"
              value={draft.authHeader}
              onChange={(ev) => setDraft({ ...draft, authHeader: ev.currentTarget.value })}
            />
            <PasswordInput
              label="Auth header value"
              description={
                c.auth ? `Stored (${c.auth.valueHint}); leave empty to keep it` : 'e.g. Bearer and the ERP’s key'
              }
              value={draft.authValue}
              onChange={(ev) => setDraft({ ...draft, authValue: ev.currentTarget.value })}
            />
          </SimpleGrid>
          <TextInput
            label="Schedule"
            description={
              c.nextRunAt
                ? `Cron expression; next pull ${formatDateTime(c.nextRunAt)}. Empty: pull by hand only.`
                : 'Cron expression, e.g. */15 * * * * for every quarter of an hour. Empty: pull by hand only.'
            }
            value={draft.schedule}
            onChange={(ev) => setDraft({ ...draft, schedule: ev.currentTarget.value })}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {c.runAs ? `The sync writes as ${c.runAs.name} (who saved it last).` : 'The sync will write as you.'}
            </Text>
            <Button type="submit" loading={save.isPending}>
              Save connection
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
