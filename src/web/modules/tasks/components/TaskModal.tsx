import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useForm } from 'react-hook-form';
import { applyServerErrors } from '../../../api/forms.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { refreshTouchpoints } from '../../activities/api/activities.ts';
import { createTask } from '../api/tasks.ts';

interface Values {
  title: string;
  notes: string;
  dueAt: string;
  priority: string;
}

/** A local `datetime-local` value as an ISO instant. */
export function localToIso(value: string): string | null {
  const d = dayjs(value);
  return value && d.isValid() ? d.toISOString() : null;
}

export const toLocalInput = (d: dayjs.Dayjs) => d.format('YYYY-MM-DDTHH:mm');

/** A follow-up for yourself, about this person or company (`about`; empty: about nobody in particular). */
export function TaskModal({
  opened,
  onClose,
  personId,
  companyId,
  about,
}: {
  opened: boolean;
  onClose: () => void;
  personId?: string | null;
  companyId?: string | null;
  about: string;
}) {
  const queryClient = useQueryClient();
  const defaults: Values = {
    title: '',
    notes: '',
    dueAt: toLocalInput(dayjs().add(1, 'day').hour(9).minute(0)),
    priority: 'normal',
  };
  const { register, handleSubmit, reset, setError, setValue, watch, formState } = useForm<Values>({
    defaultValues: defaults,
  });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      createTask({
        title: v.title.trim(),
        notes: v.notes.trim() || null,
        dueAt: localToIso(v.dueAt),
        priority: v.priority as 'low' | 'normal' | 'high',
        ...(personId ? { personId } : {}),
        ...(companyId && !personId ? { companyId } : {}),
      }),
    onSuccess: async (task) => {
      notifications.show({ color: 'teal', message: `Task added: ${task.title}` });
      reset(defaults);
      onClose();
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => applyServerErrors(error, setError, (p) => ['title', 'notes', 'dueAt'].includes(p)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={about ? `New task about ${about}` : 'New task'} centered>
      <form onSubmit={handleSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <TextInput
            label="What needs doing"
            required
            data-autofocus
            {...register('title', { required: 'Say what needs doing' })}
            error={formState.errors.title?.message}
          />
          <TextInput type="datetime-local" label="Due" {...register('dueAt')} error={formState.errors.dueAt?.message} />
          <Select
            label="Priority"
            data={[
              { value: 'low', label: 'Low' },
              { value: 'normal', label: 'Normal' },
              { value: 'high', label: 'High' },
            ]}
            value={watch('priority')}
            onChange={(v) => setValue('priority', v ?? 'normal')}
            allowDeselect={false}
          />
          <Textarea label="Notes" autosize minRows={2} {...register('notes')} />
          {mutation.isError ? <ErrorAlert error={mutation.error} title="The task was not added" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Add task
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
