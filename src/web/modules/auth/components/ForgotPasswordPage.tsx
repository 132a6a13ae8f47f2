import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { errorMessage } from '../../../api/client.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { forgotPassword } from '../api/password.ts';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ email: string }>({ defaultValues: { email: '' } });
  const mutation = useMutation({ mutationFn: (email: string) => forgotPassword(email.trim()) });

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={400} component="main">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              Forgot your password?
            </Title>
            <Text size="sm" c="dimmed">
              Enter the email you sign in with. We will mail you a link to choose a new password.
            </Text>
          </div>
          {mutation.isSuccess ? (
            <Alert color="teal" variant="light" icon={<IconMailCheck size={18} aria-hidden />} role="status">
              {mutation.data}
            </Alert>
          ) : (
            <form onSubmit={handleSubmit((v) => mutation.mutate(v.email))} noValidate>
              <Stack gap="md">
                {mutation.isError ? (
                  <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
                    {errorMessage(mutation.error)}
                  </Alert>
                ) : null}
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="username"
                  autoFocus
                  required
                  error={errors.email?.message}
                  {...register('email', {
                    required: 'Enter your email address',
                    pattern: { value: /^\S+@\S+\.\S+$/, message: 'This does not look like an email address' },
                  })}
                />
                <Button type="submit" loading={mutation.isPending} fullWidth>
                  Send the link
                </Button>
              </Stack>
            </form>
          )}
          <AnchorLink to="/login" size="sm" td="underline">
            Back to sign in
          </AnchorLink>
        </Stack>
      </Paper>
    </Center>
  );
}
