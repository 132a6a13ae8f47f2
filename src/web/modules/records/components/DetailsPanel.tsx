import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface DetailRow {
  key: string;
  label: string;
  value: ReactNode;
}

/** Label/value pairs of a record, with the way to edit them. */
export function DetailsPanel({
  title = 'Details',
  rows,
  onEdit,
  children,
}: {
  title?: string;
  rows: DetailRow[];
  onEdit?: (() => void) | undefined;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {onEdit ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={onEdit}
          >
            Edit
          </Button>
        ) : null}
      </Group>
      <Stack gap={10} component="dl" m={0}>
        {rows.map((row) => (
          <div key={row.key}>
            <Text component="dt" size="xs" c="dimmed" fw={500}>
              {row.label}
            </Text>
            <Text component="dd" size="sm" m={0} style={{ wordBreak: 'break-word' }}>
              {row.value}
            </Text>
          </div>
        ))}
      </Stack>
      {children}
    </Paper>
  );
}
