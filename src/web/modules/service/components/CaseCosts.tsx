import { Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, formatMoney } from '../../../ui/format.ts';
import {
  CASE_CHANNELS,
  type CaseChannel,
  type CostRates,
  caseCostsQueryOptions,
  costRatesKey,
  fetchCostRates,
  logCaseTime,
  saveCostRates,
} from '../api.ts';

const fieldError = (error: unknown, pointer: string) =>
  isApiError(error) ? error.errors?.find((e) => e.pointer === pointer)?.detail : undefined;

/** Minor-unit digits of a currency (2 for EUR, 0 for JPY). */
const digitsOf = (currency: string) => {
  try {
    return (
      new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
};

/** A case's time and cost: its channel's cost, the minutes logged by agents, and a form to log more. */
export function CaseCostsPanel({ caseId, canLog }: { caseId: string; canLog: boolean }) {
  const queryClient = useQueryClient();
  const costs = useQuery(caseCostsQueryOptions(caseId));
  const [minutes, setMinutes] = useState<number | string>('');
  const [note, setNote] = useState('');
  const log = useMutation({
    mutationFn: () => logCaseTime(caseId, { minutes: Number(minutes), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: `${minutes} min logged.` });
      setMinutes('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['cases', 'costs', caseId] });
      await queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not logged', message: errorMessage(e) }),
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb={4}>
        Time and cost
      </Title>
      {costs.isError ? (
        <ErrorAlert error={costs.error} title="The costs could not load" onRetry={() => costs.refetch()} />
      ) : costs.data ? (
        <Stack gap="xs">
          <Text size="sm">
            {costs.data.minutes} min logged · {formatMoney(costs.data.totalMinor, costs.data.currency)} in all
          </Text>
          {costs.data.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing recorded yet. Log the minutes you spend so the cost per case can be measured; a channel cost is
              added when the rates are set in Settings → Case types &amp; SLAs.
            </Text>
          ) : (
            <Table fz="sm" aria-label="Cost entries">
              <Table.Tbody>
                {costs.data.data.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>
                      {e.kind === 'channel' ? 'Channel' : `${e.minutes} min${e.user ? `, ${e.user.name}` : ''}`}
                      {e.note ? (
                        <Text span size="xs" c="dimmed" display="block">
                          {e.note}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(e.costMinor, e.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ) : null}
      {canLog ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (Number(minutes) > 0) log.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" mt="sm" wrap="wrap">
            <NumberInput
              label="Minutes"
              min={1}
              max={1440}
              allowDecimal={false}
              value={minutes}
              onChange={setMinutes}
              w={110}
              error={fieldError(log.error, '/minutes')}
            />
            <TextInput
              label="Note"
              placeholder="What you did (optional)"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={500}
              style={{ flex: 1, minWidth: 160 }}
            />
            <Button type="submit" variant="default" loading={log.isPending} disabled={!(Number(minutes) > 0)}>
              Log time
            </Button>
          </Group>
        </form>
      ) : null}
    </Paper>
  );
}

/** Settings: what a case costs by channel and per agent-minute (major units here, minor units in the API). */
export function CostRatesSettings() {
  const queryClient = useQueryClient();
  const rates = useQuery({ queryKey: costRatesKey, queryFn: fetchCostRates });
  const [draft, setDraft] = useState<CostRates | null>(null);
  const value = draft ?? rates.data;
  const save = useMutation({
    mutationFn: (r: CostRates) =>
      saveCostRates({ currency: r.currency, agentMinuteMinor: r.agentMinuteMinor, channels: r.channels }),
    onSuccess: async () => {
      setDraft(null);
      notifications.show({ message: 'Service cost rates saved. New costs use them; recorded costs keep theirs.' });
      await queryClient.invalidateQueries({ queryKey: costRatesKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  if (rates.isError)
    return <ErrorAlert error={rates.error} title="The cost rates could not load" onRetry={() => rates.refetch()} />;
  if (!value) return null;
  const digits = digitsOf(value.currency);
  const toMajor = (minor: number | undefined) => (minor ?? 0) / 10 ** digits;
  const toMinor = (major: number | string) => Math.round(Number(major || 0) * 10 ** digits);
  const edit = (next: Partial<CostRates>) => setDraft({ ...value, ...next });
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        Service costs
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        What a case costs, so the service cost and cost per case can be measured (and set as objectives): a cost per
        case by the channel it comes in on, and a cost per agent-minute logged on cases.
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Currency"
          value={value.currency}
          onChange={(e) => edit({ currency: e.currentTarget.value.toUpperCase().slice(0, 3) })}
          w={90}
          error={fieldError(save.error, '/currency')}
        />
        <NumberInput
          label="Per agent-minute"
          min={0}
          decimalScale={digits}
          value={toMajor(value.agentMinuteMinor)}
          onChange={(v) => edit({ agentMinuteMinor: toMinor(v) })}
          w={150}
          error={fieldError(save.error, '/agentMinuteMinor')}
        />
        {CASE_CHANNELS.map((c) => (
          <NumberInput
            key={c.value}
            label={`Per ${c.label.toLowerCase()} case`}
            min={0}
            decimalScale={digits}
            value={toMajor(value.channels[c.value as CaseChannel])}
            onChange={(v) => edit({ channels: { ...value.channels, [c.value]: toMinor(v) } })}
            w={150}
            error={fieldError(save.error, `/channels/${c.value}`)}
          />
        ))}
        <Button onClick={() => draft && save.mutate(draft)} loading={save.isPending} disabled={draft === null}>
          Save costs
        </Button>
      </Group>
      {value.updatedAt ? (
        <Text size="xs" c="dimmed" mt="xs">
          Last changed {formatDateTime(value.updatedAt)}.
        </Text>
      ) : null}
    </Paper>
  );
}
