import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../../api/client.ts';
import type { RequestBody } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { currencyDigits } from '../../../ui/format.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import {
  type Metric,
  metricsQueryOptions,
  type Objective,
  refreshObjectives,
  toTarget,
  updateObjective,
} from '../api.ts';

interface Row {
  key: number;
  metricId: string | null;
  kind: 'relative' | 'absolute';
  typed: number | string;
  weight: number | string;
}

type KeyResultInput = NonNullable<RequestBody<'updateObjective'>['keyResults']>[number];

let seq = 0;

/** A stored target as the form types it: a relative change in %, a ratio in %, money in major units. */
function typedOf(k: Objective['keyResults'][number], unit: Metric['unit'] | undefined, currency: string): number {
  const t = k.targetInput;
  if ('relativeChange' in t) return Math.round(t.relativeChange * 1000) / 10;
  if (unit === 'ratio') return Math.round(t.value * 1000) / 10;
  if (unit === 'money') return t.value / 10 ** currencyDigits(currency);
  return t.value;
}

/**
 * Adds, changes and removes an objective's key results: several metrics under it, each with a target (a change from
 * its baseline over the objective's baseline period, or an absolute value) and a weight in the objective's progress.
 */
export function KeyResultsForm({ objective: o, onClose }: { objective: Objective; onClose: () => void }) {
  const currency = useMe().workspace.defaultCurrency;
  const queryClient = useQueryClient();
  const metrics = useQuery(metricsQueryOptions());
  const unitOf = (id: string | null) => metrics.data?.find((m) => m.id === id)?.unit;
  const [rows, setRows] = useState<Row[]>(() =>
    o.keyResults.map((k) => ({
      key: ++seq,
      metricId: k.metricId,
      kind: 'relativeChange' in k.targetInput ? 'relative' : 'absolute',
      typed: typedOf(k, unitOf(k.metricId), currency),
      weight: k.weight,
    })),
  );
  const set = (key: number, patch: Partial<Row>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const save = useMutation({
    mutationFn: () =>
      updateObjective(
        o.id,
        {
          keyResults: rows.map(
            (r): KeyResultInput => ({
              metricId: r.metricId ?? '',
              target: toTarget(r.kind, Number(r.typed), unitOf(r.metricId), currency),
              weight: Number(r.weight),
            }),
          ),
        },
        o.version,
      ),
    onSuccess: async () => {
      await refreshObjectives(queryClient);
      notifications.show({ message: 'Key results saved; their baselines are measured over the objective’s.' });
      onClose();
    },
  });
  const problems = save.error instanceof ApiError ? (save.error.errors ?? []) : [];
  const problemOf = (i: number, field: string) =>
    problems.find((p) => p.pointer.startsWith(`/keyResults/${i}/${field}`))?.detail;
  const incomplete = rows.some(
    (r) => !r.metricId || r.typed === '' || Number.isNaN(Number(r.typed)) || !(Number(r.weight) > 0),
  );
  return (
    <Modal opened onClose={onClose} title="Key results" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          Each key result is a metric with its own target, measured over the objective’s baseline period and dates. The
          objective’s progress is their weighted mean.
        </Text>
        {rows.length === 0 ? (
          <Text size="sm">No key results: the objective’s progress follows its own metric.</Text>
        ) : null}
        {rows.map((r, i) => {
          const unit = unitOf(r.metricId);
          const suffix = r.kind === 'relative' || unit === 'ratio' ? '%' : unit === 'money' ? ` ${currency}` : '';
          return (
            <Paper key={r.key} withBorder p="sm" radius="md" component="fieldset" aria-label={`Key result ${i + 1}`}>
              <Group align="flex-end" wrap="wrap" gap="sm">
                <Select
                  label={`Key result ${i + 1}: metric`}
                  searchable
                  data={(metrics.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
                  value={r.metricId}
                  onChange={(v) => set(r.key, { metricId: v })}
                  error={problemOf(i, 'metricId') ?? problemOf(i, 'filter')}
                  style={{ flex: 2, minWidth: 200 }}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500} id={`kr-${r.key}-kind`}>
                    Target as
                  </Text>
                  <SegmentedControl
                    aria-labelledby={`kr-${r.key}-kind`}
                    value={r.kind}
                    onChange={(v) => set(r.key, { kind: v as Row['kind'] })}
                    data={[
                      { value: 'relative', label: 'Change' },
                      { value: 'absolute', label: 'Value' },
                    ]}
                  />
                </Stack>
                <NumberInput
                  label={r.kind === 'relative' ? 'Change from baseline (%)' : 'Target value'}
                  value={r.typed}
                  onChange={(v) => set(r.key, { typed: v })}
                  suffix={suffix}
                  error={problemOf(i, 'target')}
                  w={170}
                />
                <NumberInput
                  label="Weight"
                  min={0.1}
                  max={100}
                  value={r.weight}
                  onChange={(v) => set(r.key, { weight: v })}
                  error={problemOf(i, 'weight')}
                  w={100}
                />
                <Tooltip label="Remove">
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={`Remove key result ${i + 1}`}
                    onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
                    mb={4}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Paper>
          );
        })}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          w="fit-content"
          onClick={() => setRows([...rows, { key: ++seq, metricId: null, kind: 'relative', typed: '', weight: 1 }])}
          disabled={rows.length >= 10}
        >
          Add a key result
        </Button>
        {save.isError ? <ErrorAlert error={save.error} title="The key results were not saved" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={incomplete}>
            Save key results
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
