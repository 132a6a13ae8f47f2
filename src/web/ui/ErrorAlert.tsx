import { Alert, Anchor, Button, Group, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type Ref, useEffect, useRef } from 'react';
import { ApiError, errorMessage, type FieldProblem } from '../api/client.ts';
import { problemLabel } from '../api/forms.ts';

/** An error said plainly, with what to do next. */
export function ErrorAlert({
  error,
  title,
  onRetry,
  problems,
  fields,
  onPick,
  focusOnShow = false,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  /** Field problems to list, each named by the field's label (never its JSON pointer). */
  problems?: FieldProblem[];
  /** Labels of the form's fields by key (the list catalogue's), for the problems' names. */
  fields?: readonly { key: string; label: string }[];
  /** Makes each problem a link that takes the user to its field. */
  onPick?: (problem: FieldProblem) => void;
  /** Moves focus to the alert when it appears (a form error with no field to focus). */
  focusOnShow?: boolean;
}) {
  const heading = title ?? (error instanceof ApiError ? error.title : 'Something did not work');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnShow) ref.current?.focus();
  }, [focusOnShow]);
  return (
    <Alert
      ref={ref as Ref<HTMLDivElement>}
      tabIndex={-1}
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={heading}
      role="alert"
    >
      {/* With field problems, the list says it all (the server's detail would repeat it with JSON pointers). */}
      {problems?.length
        ? problems.length === 1
          ? 'One field needs a change:'
          : `${problems.length} fields need a change:`
        : errorMessage(error)}
      {problems?.length ? (
        <List size="sm" mt="xs">
          {problems.map((p) => {
            const label = problemLabel(p.pointer, fields);
            const text = `${label ? `${label}: ` : ''}${p.detail}`;
            return (
              <List.Item key={`${p.pointer}:${p.detail}`}>
                {onPick && label ? (
                  <Anchor component="button" type="button" size="sm" td="underline" onClick={() => onPick(p)}>
                    {text}
                  </Anchor>
                ) : (
                  text
                )}
              </List.Item>
            );
          })}
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
