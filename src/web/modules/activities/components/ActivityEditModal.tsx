import { Button, Group, Modal, NumberInput, Select, Skeleton, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { isApiError } from '../../../api/client.ts';
import { applyServerErrors } from '../../../api/forms.ts';
import { DEPARTMENTS } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { humanize } from '../../../ui/format.ts';
import { localToIso, toLocalInput } from '../../tasks/components/TaskModal.tsx';
import { fetchActivity, refreshTouchpoints, updateActivity } from '../api/activities.ts';
import { htmlToText, textToHtml } from '../html.ts';
import { validateWhen } from './ActivityComposer.tsx';

interface Values {
  subject: string;
  body: string;
  when: string;
  direction: 'in' | 'out';
  outcome: string;
  minutes: number | string;
  department: string;
}

/** Correct a logged touchpoint: what it was about, the notes, when it happened, direction, outcome and duration. */
export function ActivityEditModal({ activityId, onClose }: { activityId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const loaded = useQuery({
    queryKey: ['activities', 'edit', activityId],
    queryFn: () => fetchActivity(activityId),
    staleTime: 0,
    gcTime: 0,
  });
  const form = useForm<Values>({
    defaultValues: { subject: '', body: '', when: '', direction: 'out', outcome: '', minutes: '', department: 'sales' },
  });
  const { register, control, handleSubmit, reset, setError, formState } = form;
  const activity = loaded.data?.activity;

  useEffect(() => {
    if (!activity) return;
    reset({
      subject: activity.subject,
      body: htmlToText(activity.body),
      when: toLocalInput(dayjs(activity.occurredAt)),
      direction: activity.direction ?? 'out',
      outcome: activity.outcome ?? '',
      minutes: activity.durationSeconds === null ? '' : Math.round(activity.durationSeconds / 6) / 10,
      department: activity.department,
    });
  }, [activity, reset]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      if (!activity) throw new Error('Not loaded');
      const minutes = typeof values.minutes === 'number' ? values.minutes : Number.parseFloat(values.minutes);
      return updateActivity(
        activity.id,
        {
          subject: values.subject.trim(),
          body: values.body.trim() ? textToHtml(values.body) : null,
          department: values.department,
          ...(formState.dirtyFields.when ? { occurredAt: localToIso(values.when) ?? undefined } : {}),
          ...(activity.type === 'note' ? {} : { direction: values.direction }),
          ...(activity.type === 'call'
            ? {
                outcome: values.outcome.trim() || null,
                durationSeconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : null,
              }
            : {}),
        },
        loaded.data?.etag ?? `"${activity.version}"`,
      );
    },
    onSuccess: async (updated) => {
      notifications.show({ color: 'teal', message: `Saved: ${updated.subject}` });
      onClose();
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => applyServerErrors(error, setError, (path) => ['subject', 'body', 'outcome'].includes(path)),
  });

  return (
    <Modal opened onClose={onClose} title={`Edit ${activity ? humanize(activity.type).toLowerCase() : 'touchpoint'}`}>
      {loaded.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading the touchpoint">
          <Skeleton height={36} />
          <Skeleton height={72} />
          <Skeleton height={36} />
        </Stack>
      ) : loaded.isError ? (
        <ErrorAlert error={loaded.error} title="The touchpoint could not load" onRetry={() => loaded.refetch()} />
      ) : (
        <form onSubmit={handleSubmit((values) => save.mutate(values))} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Subject"
              required
              data-autofocus
              {...register('subject', {
                required: 'Say what it was about',
                maxLength: { value: 200, message: 'At most 200 characters' },
              })}
              error={formState.errors.subject?.message}
            />
            <Textarea label="Notes" autosize minRows={2} maxRows={10} {...register('body')} />
            <TextInput
              type="datetime-local"
              label="When"
              max={toLocalInput(dayjs().add(5, 'minute'))}
              {...register('when', { validate: validateWhen })}
              error={formState.errors.when?.message}
            />
            <Group gap="sm" grow wrap="wrap" align="flex-start">
              {activity?.type !== 'note' ? (
                <Controller
                  control={control}
                  name="direction"
                  render={({ field }) => (
                    <Select
                      label="Direction"
                      data={[
                        { value: 'out', label: 'Outbound (we reached out)' },
                        { value: 'in', label: 'Inbound (they reached us)' },
                      ]}
                      allowDeselect={false}
                      value={field.value}
                      onChange={(v) => field.onChange(v ?? 'out')}
                    />
                  )}
                />
              ) : null}
              <Controller
                control={control}
                name="department"
                render={({ field }) => (
                  <Select
                    label="Department"
                    data={DEPARTMENTS.map((d) => ({ value: d, label: humanize(d) }))}
                    allowDeselect={false}
                    value={field.value}
                    onChange={(v) => field.onChange(v ?? 'sales')}
                  />
                )}
              />
            </Group>
            {activity?.type === 'call' ? (
              <Group gap="sm" grow wrap="wrap" align="flex-start">
                <TextInput label="Outcome" {...register('outcome')} error={formState.errors.outcome?.message} />
                <Controller
                  control={control}
                  name="minutes"
                  render={({ field }) => (
                    <NumberInput
                      label="Duration (minutes)"
                      min={0}
                      max={600}
                      decimalScale={1}
                      value={field.value}
                      onChange={field.onChange}
                    />
                  )}
                />
              </Group>
            ) : null}
            {save.isError && !formState.errors.subject ? (
              <ErrorAlert
                error={save.error}
                title={
                  isApiError(save.error, 412)
                    ? 'Someone changed this touchpoint meanwhile: close and open it again'
                    : 'Not saved'
                }
              />
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
