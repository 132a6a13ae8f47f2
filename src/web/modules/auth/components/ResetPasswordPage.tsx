import { Alert, Button, Center, Paper, PasswordInput, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { errorMessage, type FieldProblem } from '../../../api/client.ts';
import { applyServerErrors } from '../../../api/forms.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { checkPasswordLink, resetPassword } from '../api/password.ts';

const route = getRouteApi('/reset-password');

interface Values {
  password: string;
  confirm: string;
}

/** Where a reset or invitation link lands: checks the link, then sets the password. */
export function ResetPasswordPage() {
  const { token = '', invite } = route.useSearch();
  useDocumentTitle(invite ? 'Accept invitation' : 'Choose a new password');
  const link = useQuery({
    queryKey: ['password-link', token],
    queryFn: () => checkPasswordLink(token),
    enabled: token !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const form = useForm<Values>({ defaultValues: { password: '', confirm: '' } });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = form;
  const mutation = useMutation({
    mutationFn: (v: Values) => resetPassword(token, v.password),
    onError: (error) => setProblems(applyServerErrors(error, form.setError, (p) => p === 'password')),
  });
  const inviting = link.data?.purpose === 'invite' || Boolean(invite);

  let body: React.ReactNode;
  if (token === '' || link.isError) {
    body = (
      <>
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
          {token === '' ? 'This link is incomplete.' : errorMessage(link.error)}
        </Alert>
        <AnchorLink to="/forgot-password" size="sm" td="underline">
          Ask for a new link
        </AnchorLink>
      </>
    );
  } else if (link.isPending) {
    body = <Skeleton height={120} />;
  } else if (mutation.isSuccess) {
    body = (
      <>
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} aria-hidden />} role="status">
          Your password is set. Sign in with it now.
        </Alert>
        <AnchorLink to="/login" size="sm" td="underline">
          Go to sign in
        </AnchorLink>
      </>
    );
  } else {
    body = (
      <form
        noValidate
        onSubmit={handleSubmit((v) => {
          setProblems([]);
          mutation.mutate(v);
        })}
      >
        <Stack gap="md">
          <Text size="sm">
            For <strong>{link.data.email}</strong>
          </Text>
          {mutation.isError && (problems.length > 0 || !form.formState.errors.password) ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
              {problems.length > 0 ? problems.map((p) => p.detail).join(' ') : errorMessage(mutation.error)}
            </Alert>
          ) : null}
          <PasswordInput
            label="New password"
            description="At least 8 characters; a few unrelated words make a strong one."
            autoComplete="new-password"
            autoFocus
            required
            error={errors.password?.message}
            {...register('password', { minLength: { value: 8, message: 'Use at least 8 characters' } })}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            error={errors.confirm?.message}
            {...register('confirm', {
              validate: (v, all) => v === all.password || 'The two passwords are not the same',
            })}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {inviting ? 'Set password and join' : 'Set new password'}
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={420} component="main">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {inviting ? `Welcome${link.data ? `, ${link.data.name}` : ''}` : 'Choose a new password'}
            </Title>
            <Text size="sm" c="dimmed">
              {inviting
                ? 'Set the password you will sign in to Rapport with.'
                : 'Setting it signs you out on every device.'}
            </Text>
          </div>
          {body}
        </Stack>
      </Paper>
    </Center>
  );
}
