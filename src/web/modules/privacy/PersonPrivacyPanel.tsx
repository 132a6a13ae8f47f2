import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconShieldLock, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiUrl, errorMessage } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { can, useMe } from '../auth/hooks/useMe.ts';
import { ScrollBox } from './ScrollBox.tsx';

type ConsentHistory = components['schemas']['ConsentHistory'];
type ConsentRecord = components['schemas']['ConsentRecord'];

const PURPOSES = [
  { value: 'email', label: 'Email (contact channel)' },
  { value: 'phone', label: 'Phone (contact channel)' },
  { value: 'sms', label: 'SMS (contact channel)' },
  { value: 'post', label: 'Post (contact channel)' },
  { value: 'newsletter', label: 'Newsletter' },
  { value: 'profiling', label: 'Profiling and analytics' },
];
/** What the person types to confirm an erasure. */
const CONFIRM_WORD = 'ERASE';

export const consentsQueryKey = (personId: string) => ['people', 'consents', personId] as const;

/** On a person's page: their consent records (append-only), the access export and erasure. */
export function PersonPrivacyPanel({ personId, name }: { personId: string; name: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: consentsQueryKey(personId),
    queryFn: ({ signal }) =>
      api.get<ConsentHistory>(`/people/${encodeURIComponent(personId)}/consents`, undefined, signal),
  });
  const [adding, setAdding] = useState(false);
  const [erasing, setErasing] = useState(false);
  const erasedAt = history.data?.erasedAt ?? null;
  const canExport = can(me, 'privacy', 'export');
  const canErase = can(me, 'privacy', 'delete');

  return (
    <Stack gap="md">
      {erasedAt ? (
        <Alert color="gray" icon={<IconShieldLock size={18} aria-hidden />} title="Personal data erased">
          This person’s personal data was erased on {formatDateTime(erasedAt)}. The record stays, anonymised, so the
          deals, cases and activities it is linked to keep their shape.
        </Alert>
      ) : null}
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Consent
          </Title>
          {can(me, 'people', 'update') && !erasedAt ? (
            <Button size="xs" variant="light" onClick={() => setAdding(true)}>
              Record consent
            </Button>
          ) : null}
        </Group>
        {history.isError ? (
          <ErrorAlert error={history.error} title="Consent records could not load" onRetry={() => history.refetch()} />
        ) : history.isPending ? (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        ) : history.data.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No consent recorded yet. Record each time the person gives or withdraws consent, with where it came from and
            the version of the wording they saw: records are kept, never edited, so the history answers “when did they
            agree, and to what?”.
          </Text>
        ) : (
          <ConsentTable records={history.data.data} />
        )}
      </Paper>
      {canExport || canErase ? (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Privacy requests
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Answer a request for access (everything held about {name}, from every module, as JSON and CSV in one zip) or
            for erasure (their personal data anonymised everywhere, with an audit entry that names no one).
          </Text>
          <Group gap="sm">
            {canExport ? (
              <Button
                component="a"
                href={apiUrl(`/people/${encodeURIComponent(personId)}/privacy-export`)}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                Download data export
              </Button>
            ) : null}
            {canErase ? (
              <Button
                color="red"
                variant="light"
                disabled={Boolean(erasedAt)}
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => setErasing(true)}
              >
                Erase personal data…
              </Button>
            ) : null}
          </Group>
        </Paper>
      ) : null}
      {adding ? (
        <AddConsentModal
          personId={personId}
          onClose={() => setAdding(false)}
          onSaved={async () => {
            setAdding(false);
            await queryClient.invalidateQueries({ queryKey: consentsQueryKey(personId) });
            await queryClient.invalidateQueries({ queryKey: ['people', 'record', personId] });
          }}
        />
      ) : null}
      {erasing ? (
        <EraseModal
          personId={personId}
          name={name}
          onClose={() => setErasing(false)}
          onErased={async () => {
            setErasing(false);
            await queryClient.invalidateQueries({ queryKey: ['people'] });
            await queryClient.invalidateQueries({ queryKey: ['card'] });
            await queryClient.invalidateQueries({ queryKey: ['timeline'] });
          }}
        />
      ) : null}
    </Stack>
  );
}

function ConsentTable({ records }: { records: ConsentRecord[] }) {
  // The newest record per purpose is the one in force; older ones stay as history.
  const current = new Set<string>();
  const inForce = new Set<string>();
  for (const r of records) {
    if (current.has(r.purpose)) continue;
    current.add(r.purpose);
    inForce.add(r.id);
  }
  return (
    <ScrollBox label="Consent history">
      <Table verticalSpacing={4} fz="sm" data-testid="consent-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Purpose</Table.Th>
            <Table.Th>Decision</Table.Th>
            <Table.Th>How and when</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((r) => (
            <Table.Tr key={r.id} c={inForce.has(r.id) ? undefined : 'dimmed'}>
              <Table.Td>
                {r.purpose}
                {inForce.has(r.id) ? null : (
                  <Text size="xs" c="dimmed">
                    superseded
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={r.granted ? 'teal' : 'red'} variant={inForce.has(r.id) ? 'light' : 'default'}>
                  {r.granted ? 'Given' : 'Withdrawn'}
                </Badge>
              </Table.Td>
              <Table.Td>
                {r.source}
                <Text size="xs" c="dimmed">
                  {formatDateTime(r.recordedAt)}
                  {r.wordingVersion ? ` · wording ${r.wordingVersion}` : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

function AddConsentModal({
  personId,
  onClose,
  onSaved,
}: {
  personId: string;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const [purpose, setPurpose] = useState<string | null>('email');
  const [granted, setGranted] = useState(true);
  const [source, setSource] = useState('');
  const [wording, setWording] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post(`/people/${encodeURIComponent(personId)}/consents`, {
        purpose,
        granted,
        source: source.trim(),
        ...(wording.trim() ? { wordingVersion: wording.trim() } : {}),
      }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Consent recorded.' });
      await onSaved();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Record consent">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Select
            label="Purpose"
            data={PURPOSES}
            value={purpose}
            onChange={setPurpose}
            allowDeselect={false}
            searchable
            required
          />
          <Switch
            label={granted ? 'Consent given' : 'Consent withdrawn'}
            checked={granted}
            onChange={(e) => setGranted(e.currentTarget.checked)}
          />
          <TextInput
            label="Source"
            description="Where it came from: web form, phone call, signed paper form…"
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            required
            data-autofocus
          />
          <TextInput
            label="Wording version"
            description="The version of the consent text the person saw (optional)"
            value={wording}
            onChange={(e) => setWording(e.currentTarget.value)}
          />
          {save.isError ? (
            <Alert color="red" title="Not recorded">
              {errorMessage(save.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!purpose || !source.trim()}>
              Record
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EraseModal({
  personId,
  name,
  onClose,
  onErased,
}: {
  personId: string;
  name: string;
  onClose: () => void;
  onErased: () => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () =>
      api.post<{ rowsChanged: Record<string, number>; filesChanged: number }>(
        `/people/${encodeURIComponent(personId)}/erase`,
        { reason: reason.trim() },
      ),
    onSuccess: async (r) => {
      const rows = Object.values(r.rowsChanged).reduce((a, b) => a + b, 0);
      notifications.show({
        color: 'teal',
        title: 'Personal data erased',
        message: `${rows} stored rows and ${r.filesChanged} files were anonymised.`,
      });
      await onErased();
    },
  });
  const ready = reason.trim().length > 0 && typed === CONFIRM_WORD;
  return (
    <Modal opened onClose={onClose} title={`Erase ${name}’s personal data`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) erase.mutate();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            Their name, emails, phones, address and custom fields are removed from the record, and every mention of them
            is anonymised across deals, cases, messages, activities, the timeline, the audit log, pending webhooks and
            mail, and the import and export files kept on the server. <b>This cannot be undone.</b> The audit log keeps
            who erased them, when and why.
          </Text>
          <Textarea
            label="Reason"
            description="Kept in the audit log (for example: erasure request received by email on 3 December)"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
          />
          <TextInput
            label={`Type ${CONFIRM_WORD} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          {erase.isError ? (
            <Alert color="red" title="Not erased">
              {errorMessage(erase.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={erase.isPending} disabled={!ready}>
              Erase personal data
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
