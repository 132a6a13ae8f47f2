import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useForm } from 'react-hook-form';
import { applyServerErrors } from '../../../api/forms.ts';
import { DEPARTMENTS } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { humanize } from '../../../ui/format.ts';
import { refreshTouchpoints } from '../../activities/api/activities.ts';
import { defaultDepartment } from '../../activities/components/ActivityComposer.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { localToIso, toLocalInput } from '../../tasks/components/TaskModal.tsx';
import { createPromise } from '../api/promises.ts';

interface Values {
  description: string;
  dueAt: string;
  department: string;
}

/** Something we told the customer we would do, by when: tracked until kept, broken or renegotiated. */
export function PromiseModal({
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
  const me = useMe();
  const queryClient = useQueryClient();
  const defaults: Values = {
    description: '',
    dueAt: toLocalInput(dayjs().add(2, 'day').hour(17).minute(0)),
    department: defaultDepartment(me.user.role.key),
  };
  const { register, handleSubmit, reset, setError, setValue, watch, formState } = useForm<Values>({
    defaultValues: defaults,
  });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      createPromise({
        description: v.description.trim(),
        dueAt: localToIso(v.dueAt) ?? '',
        department: v.department,
        ...(personId ? { personId } : {}),
        ...(companyId && !personId ? { companyId } : {}),
      }),
    onSuccess: async (promise) => {
      notifications.show({
        color: 'teal',
        message: `Promise recorded, due ${dayjs(promise.dueAt).format('D MMM HH:mm')}`,
      });
      reset(defaults);
      onClose();
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => applyServerErrors(error, setError, (p) => ['description', 'dueAt'].includes(p)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Promise to ${about}`} centered>
      <form onSubmit={handleSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <Textarea
            label="What we promised"
            placeholder="Send the revised quote"
            required
            data-autofocus
            autosize
            minRows={2}
            {...register('description', { required: 'Say what was promised' })}
            error={formState.errors.description?.message}
          />
          <TextInput
            type="datetime-local"
            label="By when"
            required
            {...register('dueAt', { required: 'Say by when' })}
            error={formState.errors.dueAt?.message}
          />
          <Select
            label="Department"
            data={DEPARTMENTS.map((d) => ({ value: d, label: humanize(d) }))}
            value={watch('department')}
            onChange={(v) => setValue('department', v ?? 'sales')}
            allowDeselect={false}
          />
          {mutation.isError ? <ErrorAlert error={mutation.error} title="The promise was not recorded" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Record promise
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
