import { Button, Group, NumberInput, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { currencyDigits } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { useTeams, useUsers } from '../../settings/api/directory.ts';

type Quota = components['schemas']['Quota'];

/** This quarter and the next three, and the year. */
function periods(): { value: string; label: string }[] {
  const now = dayjs();
  const out = Array.from({ length: 4 }, (_, i) => {
    const d = now.add(i * 3, 'month');
    const q = Math.floor(d.month() / 3) + 1;
    return { value: `${d.year()}-Q${q}`, label: `Q${q} ${d.year()}` };
  });
  return [...out, { value: String(now.year()), label: `The year ${now.year()}` }];
}

interface Draft {
  amount: number | string;
  dealCount: number | string;
}

/**
 * Settings → Quotas: what each rep and team is expected to win in a period, as an amount and/or a number of deals.
 * The forecast shows them beside each row, and each rep sees their own progress on their home page.
 */
export function QuotasPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const options = useMemo(periods, []);
  const [period, setPeriod] = useState(options[0]!.value);
  const users = useUsers();
  const teams = useTeams();
  const quotas = useQuery({
    queryKey: ['quotas', period],
    queryFn: async () => (await api.get<{ data: Quota[] }>('/quotas', { period })).data,
  });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const currency = me.workspace.defaultCurrency;
  const digits = currencyDigits(currency);
  const subjects = [
    ...(teams.data ?? []).map((t) => ({ kind: 'team' as const, id: t.id, name: t.name })),
    ...(users.data ?? [])
      .filter((u) => u.active && ['sales', 'manager'].includes(u.role.key))
      .map((u) => ({ kind: 'user' as const, id: u.id, name: u.name })),
  ];
  const current = (kind: 'user' | 'team', id: string): Draft => {
    const key = `${kind}:${id}`;
    if (drafts[key]) return drafts[key];
    const q = quotas.data?.find((x) => x.subjectKind === kind && x.subjectId === id && x.period === period);
    return {
      amount: q?.amount ? q.amount.amountMinor / 10 ** digits : '',
      dealCount: q?.dealCount ?? '',
    };
  };
  const changed = Object.entries(drafts).filter(([, d]) => d.amount !== '' || d.dealCount !== '');
  const save = useMutation({
    mutationFn: () =>
      api.put('/quotas', {
        quotas: changed.map(([key, d]) => {
          const [kind, id] = key.split(':') as ['user' | 'team', string];
          return {
            subjectKind: kind,
            subjectId: id,
            period,
            amount: d.amount === '' ? null : { amountMinor: Math.round(Number(d.amount) * 10 ** digits), currency },
            dealCount: d.dealCount === '' ? null : Number(d.dealCount),
          };
        }),
      }),
    onSuccess: async () => {
      setDrafts({});
      notifications.show({ message: 'Quotas saved.' });
      await queryClient.invalidateQueries({ queryKey: ['quotas'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });

  if (quotas.isPending || users.isPending || teams.isPending) return <PageSkeleton />;
  if (quotas.isError)
    return <ErrorAlert error={quotas.error} title="Quotas could not load" onRetry={() => quotas.refetch()} />;
  const set = (kind: 'user' | 'team', id: string, patch: Partial<Draft>) =>
    setDrafts((all) => ({ ...all, [`${kind}:${id}`]: { ...current(kind, id), ...patch } }));
  const fromParts = (kind: 'user' | 'team', id: string) =>
    quotas.data.filter((x) => x.subjectKind === kind && x.subjectId === id && x.period !== period);

  return (
    <Stack>
      <Text size="sm" c="dimmed" maw={680}>
        What each rep and team is expected to win in a period: an amount, a number of deals, or both. The forecast shows
        them beside each row, and each rep sees their progress on their home page. A quarter can also be given as its
        three months (through the API).
      </Text>
      <Group align="flex-end">
        <Select
          label="Period"
          data={options}
          value={period}
          onChange={(v) => {
            if (!v) return;
            setPeriod(v);
            setDrafts({});
          }}
          allowDeselect={false}
          w={200}
        />
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={changed.length === 0}>
          Save quotas
        </Button>
      </Group>
      <Paper withBorder radius="md">
        {subjects.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            No sales teams or reps yet. Add users with the Sales role (Settings → Users) to give them quotas.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label={`Quotas for ${options.find((o) => o.value === period)?.label}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Team or rep</Table.Th>
                  <Table.Th w={200}>Amount ({currency})</Table.Th>
                  <Table.Th w={140}>Deals won</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {subjects.map((s) => {
                  const d = current(s.kind, s.id);
                  const parts = fromParts(s.kind, s.id);
                  return (
                    <Table.Tr key={`${s.kind}:${s.id}`}>
                      <Table.Td>
                        <Text size="sm" fw={s.kind === 'team' ? 600 : 400}>
                          {s.name}
                          {s.kind === 'team' ? ' (team)' : ''}
                        </Text>
                        {parts.length > 0 && d.amount === '' ? (
                          <Text size="xs" c="dimmed">
                            Set month by month ({parts.length} {parts.length === 1 ? 'month' : 'months'})
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Amount quota of ${s.name}`}
                          min={0}
                          decimalScale={digits}
                          thousandSeparator=","
                          value={d.amount}
                          onChange={(v) => set(s.kind, s.id, { amount: v })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Deals-won quota of ${s.name}`}
                          min={0}
                          allowDecimal={false}
                          value={d.dealCount}
                          onChange={(v) => set(s.kind, s.id, { dealCount: v })}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
