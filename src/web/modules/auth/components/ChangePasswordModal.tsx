import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { FieldProblem } from '../../../api/client.ts';
import { applyServerErrors } from '../../../api/forms.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { changePassword } from '../api/password.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const FIELDS = new Set(['currentPassword', 'newPassword']);

/** Change your own password: needs the current one; every other session of yours ends. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const form = useForm<Values>({ defaultValues: { currentPassword: '', newPassword: '', confirm: '' } });
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = form;
  const close = () => {
    reset();
    mutation.reset();
    setProblems([]);
    onClose();
  };
  const mutation = useMutation({
    mutationFn: (v: Values) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: (result) => {
      notifications.show({
        color: 'teal',
        message:
          result.sessionsEnded > 0
            ? `Password changed. ${result.sessionsEnded} other session(s) were signed out.`
            : 'Password changed.',
      });
      close();
    },
    onError: (error) => setProblems(applyServerErrors(error, form.setError, (p) => FIELDS.has(p))),
  });

  return (
    <Modal opened={opened} onClose={close} title="Change password" centered>
      <form
        noValidate
        onSubmit={handleSubmit((v) => {
          setProblems([]);
          mutation.mutate(v);
        })}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Other devices and browsers where you are signed in will be signed out. API tokens keep working.
          </Text>
          {mutation.isError && (problems.length > 0 || Object.keys(errors).length === 0) ? (
            <ErrorAlert error={mutation.error} title="Not changed" problems={problems} />
          ) : null}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            data-autofocus
            error={errors.currentPassword?.message}
            {...register('currentPassword', { required: 'Enter your current password' })}
          />
          <PasswordInput
            label="New password"
            description="At least 8 characters; a few unrelated words make a strong one."
            autoComplete="new-password"
            required
            error={errors.newPassword?.message}
            {...register('newPassword', { minLength: { value: 8, message: 'Use at least 8 characters' } })}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            error={errors.confirm?.message}
            {...register('confirm', {
              validate: (v, all) => v === all.newPassword || 'The two passwords are not the same',
            })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
