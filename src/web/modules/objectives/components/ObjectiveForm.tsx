import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import {
  type CreateObjectiveBody,
  createObjective,
  metricsQueryOptions,
  problemField,
  refreshObjectives,
  toTarget,
} from '../api.ts';

interface Values {
  name: string;
  problem: string;
  metricId: string | null;
  teamId: string | null;
  userId: string | null;
  baselineFrom: string;
  baselineTo: string;
  targetKind: 'relative' | 'absolute';
  targetValue: number | string;
  startDate: string;
  endDate: string;
  ownerId: string | null;
}

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/** "New objective": a metric, its baseline period, a target, the dates and an owner; server problems on their fields. */
export function NewObjectiveModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New objective" size="lg">
      {opened ? <ObjectiveForm onClose={onClose} /> : null}
    </Modal>
  );
}

function ObjectiveForm({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const metrics = useQuery(metricsQueryOptions());
  const now = dayjs();
  const { register, control, handleSubmit, watch, setError, formState } = useForm<Values>({
    defaultValues: {
      name: '',
      problem: '',
      metricId: null,
      teamId: null,
      userId: null,
      baselineFrom: day(now.subtract(90, 'day')),
      baselineTo: day(now.subtract(1, 'day')),
      targetKind: 'relative',
      targetValue: '',
      startDate: day(now),
      endDate: day(now.add(3, 'month')),
      ownerId: me.user.id,
    },
  });
  const [failure, setFailure] = useState<string | null>(null);
  const metricId = watch('metricId');
  const targetKind = watch('targetKind');
  const metric = metrics.data?.find((m) => m.id === metricId);
  const currency = me.workspace.defaultCurrency;
  const absoluteLabel =
    metric?.unit === 'ratio'
      ? 'Target value (%)'
      : metric?.unit === 'money'
        ? `Target per week (${currency})`
        : metric?.unit === 'minutes'
          ? 'Target (minutes)'
          : 'Target per week';

  const submit = handleSubmit(async (v) => {
    setFailure(null);
    const target = toTarget(v.targetKind, Number(v.targetValue), metric?.unit, currency);
    const filter = {
      ...(v.teamId ? { teamId: v.teamId } : {}),
      ...(v.userId ? { userId: v.userId } : {}),
    };
    const body: CreateObjectiveBody = {
      name: v.name.trim(),
      problem: v.problem.trim() || null,
      metricId: v.metricId ?? '',
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      baselineFrom: v.baselineFrom,
      baselineTo: v.baselineTo,
      target,
      startDate: v.startDate,
      endDate: v.endDate,
      ownerId: v.ownerId ?? '',
    };
    try {
      const created = await createObjective(body);
      await refreshObjectives(queryClient);
      notifications.show({ color: 'teal', message: `Objective “${created.name}” set; its baseline is captured.` });
      onClose();
      void navigate({ to: '/objectives/$objectiveId', params: { objectiveId: created.id } });
    } catch (error) {
      const rest: string[] = [];
      let focused = false;
      if (error instanceof ApiError && error.errors?.length) {
        for (const p of error.errors) {
          const f = problemField(p.pointer);
          if (f) {
            setError(f, { type: 'server', message: p.detail }, { shouldFocus: !focused });
            focused = true;
          } else rest.push(p.detail);
        }
        if (rest.length > 0) setFailure(rest.join(' '));
      } else setFailure(errorMessage(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {failure ? (
          <Alert color="red" title="Not saved">
            {failure}
          </Alert>
        ) : null}
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="Raise first-contact resolution 25% by June"
          error={e.name?.message}
          {...register('name', { validate: (x) => (x.trim() ? true : 'Give the objective a name') })}
        />
        <Textarea
          label="The problem it addresses"
          autosize
          minRows={2}
          placeholder="Customers call back two or three times before their issue is solved."
          error={e.problem?.message}
          {...register('problem')}
        />
        <Controller
          control={control}
          name="metricId"
          rules={{ required: 'Choose the metric that measures it' }}
          render={({ field, fieldState }) => (
            <Select
              label="Metric"
              required
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              searchable
              placeholder={metrics.isPending ? 'Loading metrics…' : 'Choose a metric'}
              data={(metrics.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message ?? (metrics.isError ? errorMessage(metrics.error) : undefined)}
              description={metric ? metric.definition : 'What the objective is measured by, from Rapport’s own data'}
            />
          )}
        />
        {metric && (metric.dimensions.includes('team') || metric.dimensions.includes('user')) ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {metric.dimensions.includes('team') ? (
              <Controller
                control={control}
                name="teamId"
                render={({ field, fieldState }) => (
                  <TeamSelect
                    label="Count only this team"
                    placeholder="Every team"
                    value={field.value}
                    onChange={field.onChange}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
            {metric.dimensions.includes('user') ? (
              <Controller
                control={control}
                name="userId"
                render={({ field, fieldState }) => (
                  <UserSelect
                    label="Count only this person"
                    placeholder="Everyone"
                    value={field.value}
                    onChange={field.onChange}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
          </SimpleGrid>
        ) : null}
        <Stack gap={4}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="date"
              label="Baseline from"
              required
              error={e.baselineFrom?.message}
              {...register('baselineFrom', { required: 'Give a date' })}
            />
            <TextInput
              type="date"
              label="Baseline to"
              required
              error={e.baselineTo?.message}
              {...register('baselineTo', { required: 'Give a date' })}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The metric over this period is captured as the baseline when you save (by default the last 90 days).
          </Text>
        </Stack>
        <Controller
          control={control}
          name="targetKind"
          render={({ field }) => (
            <SegmentedControl
              aria-label="Target as"
              value={field.value}
              onChange={(x) => field.onChange(x === 'absolute' ? 'absolute' : 'relative')}
              data={[
                { value: 'relative', label: 'Change from the baseline (%)' },
                { value: 'absolute', label: 'An absolute value' },
              ]}
            />
          )}
        />
        <Controller
          control={control}
          name="targetValue"
          rules={{ validate: (x) => (x === '' || Number.isNaN(Number(x)) ? 'Give a target' : true) }}
          render={({ field, fieldState }) => (
            <NumberInput
              label={targetKind === 'relative' ? 'Target change (%)' : absoluteLabel}
              required
              description={
                targetKind === 'relative'
                  ? 'e.g. 25 for +25%, -40 for −40% from the baseline'
                  : metric?.unit === 'count' || metric?.unit === 'money'
                    ? 'Counts and amounts are compared as a rate per week'
                    : undefined
              }
              decimalScale={2}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label="Start date"
            required
            error={e.startDate?.message}
            {...register('startDate', { required: 'Give a date' })}
          />
          <TextInput
            type="date"
            label="End date"
            required
            error={e.endDate?.message}
            {...register('endDate', { required: 'Give a date' })}
          />
        </SimpleGrid>
        <Controller
          control={control}
          name="ownerId"
          rules={{ required: 'Choose who owns it' }}
          render={({ field, fieldState }) => (
            <UserSelect
              label="Owner"
              required
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            Create objective
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
