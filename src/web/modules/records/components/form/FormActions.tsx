import { Button, Group } from '@mantine/core';

/** Cancel and submit for a record form; `sticky` keeps them in view at the bottom of a long form (drawers). */
export function FormActions({
  submitLabel,
  saving,
  onCancel,
  footer = 'inline',
}: {
  submitLabel: string;
  saving: boolean;
  onCancel: () => void;
  footer?: 'inline' | 'sticky';
}) {
  const actions = (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={saving}>
        {submitLabel}
      </Button>
    </Group>
  );
  if (footer === 'inline') return actions;
  return (
    <div
      style={{
        position: 'sticky',
        bottom: 0,
        background: 'var(--mantine-color-body)',
        padding: '12px 0',
        borderTop: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      {actions}
    </div>
  );
}
