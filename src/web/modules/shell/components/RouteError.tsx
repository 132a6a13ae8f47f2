import { Center, Stack } from '@mantine/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <Center mih="50vh" p="md">
      <Stack maw={520} w="100%">
        <ErrorAlert
          error={error}
          title="This page could not load"
          onRetry={() => {
            reset();
            void router.invalidate();
          }}
        />
      </Stack>
    </Center>
  );
}
