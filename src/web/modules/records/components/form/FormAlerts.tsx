import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { FieldProblem } from '../../../../api/client.ts';
import { ErrorAlert } from '../../../../ui/ErrorAlert.tsx';

/** A stale save (412): someone else changed the record since this form was opened. */
export function StaleAlert({ onReapply, loading }: { onReapply: () => void; loading: boolean }) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      role="alert"
      title="This record was changed by someone else"
    >
      <Text size="sm">
        Your changes are not saved yet. Reload the latest version and your edits are applied on top of it; then check
        and save again.
      </Text>
      <Group mt="sm">
        <Button size="xs" leftSection={<IconRefresh size={14} aria-hidden />} onClick={onReapply} loading={loading}>
          Reload and re-apply
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * Why a save failed: every field problem named by its label, each a link to its field. Focus goes to the first
 * invalid field (useSaveRecord), or here when no field on the form can show the problem.
 */
export function SaveErrorAlert({
  error,
  problems,
  fields,
  onPick,
  focus = false,
}: {
  error: unknown;
  problems: FieldProblem[];
  fields?: readonly { key: string; label: string }[];
  onPick?: (problem: FieldProblem) => void;
  focus?: boolean;
}) {
  return (
    <ErrorAlert
      error={error}
      title="Not saved"
      problems={problems}
      fields={fields}
      onPick={onPick}
      focusOnShow={focus}
    />
  );
}
