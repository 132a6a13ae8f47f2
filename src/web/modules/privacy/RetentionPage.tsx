import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { formatCount, formatDate, fromNow } from '../../ui/format.ts';
import { AnchorLink } from '../../ui/links.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { can, useMe } from '../auth/hooks/useMe.ts';
import { ScrollBox } from './ScrollBox.tsx';

type Settings = components['schemas']['RetentionSettings'];
type Report = components['schemas']['RetentionReport'];

const settingsKey = ['privacy', 'retention'] as const;
const reportKey = ['privacy', 'retention', 'report'] as const;

/** Settings → Privacy: the retention rule (inactive for N months → flag or anonymise) and its dry run. */
export function RetentionPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => api.get<Settings>('/privacy/retention') });
  const report = useQuery({ queryKey: reportKey, queryFn: () => api.get<Report>('/privacy/retention/report') });
  const [enabled, setEnabled] = useState(false);
  const [months, setMonths] = useState<number>(36);
  const [action, setAction] = useState<'flag' | 'anonymise'>('flag');
  useEffect(() => {
    if (!settings.data) return;
    setEnabled(settings.data.enabled);
    setMonths(settings.data.months);
    setAction(settings.data.action);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => api.put<Settings>('/privacy/retention', { enabled, months, action }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Retention rule saved.' });
      await queryClient.invalidateQueries({ queryKey: ['privacy', 'retention'] });
    },
  });
  const run = useMutation({
    mutationFn: () => api.post<Report>('/privacy/retention/run'),
    onSuccess: async (r) => {
      notifications.show({
        color: 'teal',
        message: `${formatCount(r.applied)} people ${r.action === 'flag' ? 'flagged' : 'anonymised'}.`,
      });
      await queryClient.invalidateQueries({ queryKey: ['privacy', 'retention'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not run', message: errorMessage(e) }),
  });

  if (settings.isPending) return <PageSkeleton />;
  if (settings.isError)
    return (
      <ErrorAlert error={settings.error} title="The retention rule could not load" onRetry={() => settings.refetch()} />
    );
  const writable = can(me, 'privacy', 'update');
  const dirty = enabled !== settings.data.enabled || months !== settings.data.months || action !== settings.data.action;

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="xs">
          Retention rule
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          People with no contact and no change for the chosen number of months are flagged for review or have their
          personal data anonymised, by a job every night at 02:20. Erased people are never matched again.
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm" maw={520}>
            <Switch
              label="Apply the rule every night"
              checked={enabled}
              onChange={(e) => setEnabled(e.currentTarget.checked)}
              disabled={!writable}
            />
            <NumberInput
              label="Inactive for (months)"
              description="No contact logged and no change to the record for this long"
              min={1}
              max={240}
              value={months}
              onChange={(v) => setMonths(typeof v === 'number' ? v : Number(v) || 1)}
              disabled={!writable}
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                Then
              </Text>
              <SegmentedControl
                value={action}
                onChange={(v) => setAction(v as 'flag' | 'anonymise')}
                disabled={!writable}
                data={[
                  { value: 'flag', label: 'Flag for review' },
                  { value: 'anonymise', label: 'Anonymise' },
                ]}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {action === 'flag'
                  ? 'Adds the “retention-due” flag: filter the people list by it to review them.'
                  : 'Erases their personal data, as an erasure request would. This cannot be undone.'}
              </Text>
            </div>
            {save.isError ? (
              <Alert color="red" title="Not saved">
                {errorMessage(save.error)}
              </Alert>
            ) : null}
            {writable ? (
              <Group>
                <Button type="submit" disabled={!dirty} loading={save.isPending}>
                  Save rule
                </Button>
              </Group>
            ) : null}
          </Stack>
        </form>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            Dry run
          </Title>
          {can(me, 'privacy', 'delete') && report.data && report.data.matched > 0 ? (
            <Button
              size="xs"
              color={report.data.action === 'anonymise' ? 'red' : undefined}
              variant="light"
              loading={run.isPending}
              disabled={dirty}
              onClick={() => {
                const verb = report.data.action === 'flag' ? 'Flag' : 'Anonymise';
                if (window.confirm(`${verb} ${report.data.matched} people now?`)) run.mutate();
              }}
            >
              {report.data.action === 'flag' ? 'Flag them now' : 'Anonymise them now'}
            </Button>
          ) : null}
        </Group>
        {report.isError ? (
          <ErrorAlert error={report.error} title="The dry run could not load" onRetry={() => report.refetch()} />
        ) : report.isPending ? (
          <Text size="sm" c="dimmed">
            Working out who the rule matches…
          </Text>
        ) : report.data.matched === 0 ? (
          <Alert variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
            Nobody has been inactive for {report.data.months} months (since {formatDate(report.data.cutoff)}): the rule
            would change nothing today.
          </Alert>
        ) : (
          <Stack gap="xs">
            <Text size="sm" data-testid="retention-summary">
              {formatCount(report.data.matched)} people have been inactive since {formatDate(report.data.cutoff)} and
              would be {report.data.action === 'flag' ? 'flagged' : 'anonymised'}.
              {report.data.matched > report.data.data.length
                ? ` The ${report.data.data.length} inactive longest are listed.`
                : ''}
            </Text>
            <ScrollBox label="People the rule matches">
              <Table fz="sm" verticalSpacing={4} data-testid="retention-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Last activity</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.data.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <AnchorLink to="/people/$personId" params={{ personId: p.id }} size="sm">
                          {p.name}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        {formatDate(p.lastActivityAt)} ({fromNow(p.lastActivityAt)})
                      </Table.Td>
                      <Table.Td>
                        {p.flagged ? (
                          <Badge variant="light" color="orange">
                            Flagged
                          </Badge>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
