import { Alert, Button, Group, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, errorMessage, type FieldProblem } from '../api/client.ts';

/** An error said plainly, with what to do next. */
export function ErrorAlert({
  error,
  title,
  onRetry,
  problems,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  problems?: FieldProblem[];
}) {
  const heading = title ?? (error instanceof ApiError ? error.title : 'Something did not work');
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title={heading} role="alert">
      {errorMessage(error)}
      {problems?.length ? (
        <List size="sm" mt="xs">
          {problems.map((p) => (
            <List.Item key={`${p.pointer}:${p.detail}`}>
              {p.pointer ? `${p.pointer}: ` : ''}
              {p.detail}
            </List.Item>
          ))}
        </List>
      ) : null}
      {onRetry ? (
        <Group mt="sm">
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      ) : null}
    </Alert>
  );
}
