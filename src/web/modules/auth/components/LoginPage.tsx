import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { login, meQueryKey } from '../api/auth.ts';

const route = getRouteApi('/login');

interface LoginValues {
  email: string;
  password: string;
}

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'The email or password is not right. Check both and try again.';
    if (error.status === 429) {
      const wait = error.retryAfter ? ` Try again in ${Math.max(1, Math.ceil(error.retryAfter / 60))} minute(s).` : '';
      return `Too many sign-in attempts.${wait || ' Wait a few minutes and try again.'}`;
    }
  }
  return errorMessage(error);
}

export function LoginPage() {
  const { redirect } = route.useSearch();
  useDocumentTitle('Sign in');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LoginValues>({ defaultValues: { email: '', password: '' } });

  const mutation = useMutation({
    mutationFn: (values: LoginValues) => login(values.email.trim(), values.password),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      if (redirect && redirect !== '/login' && !redirect.startsWith('/login?')) {
        await navigate({ href: redirect, replace: true });
      } else {
        await navigate({ to: '/', replace: true });
      }
    },
  });

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={400} component="main">
        <form onSubmit={handleSubmit((values) => mutation.mutate(values))} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                Sign in to Rapport
              </Title>
              <Text size="sm" c="dimmed">
                Use the email and password your workspace admin gave you.
              </Text>
            </div>
            {mutation.isError ? (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
                {loginErrorText(mutation.error)}
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
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              error={errors.password?.message}
              {...register('password', { required: 'Enter your password' })}
            />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              Sign in
            </Button>
            <AnchorLink to="/forgot-password" size="sm" td="underline" ta="center">
              Forgot password?
            </AnchorLink>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
