import { Box, Button, Group, Paper, Stack, VisuallyHidden } from '@mantine/core';
import type { Column } from './VirtualTable.tsx';

/**
 * A list on a phone: one compact card per record (its name, and one line of the first chosen columns that have a
 * value) instead of a table wider than the screen. Tapping a card opens the record; "Show more" loads the next page.
 */
export function CardList<T extends { id: string }>({
  label,
  rows,
  columns,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  onOpen,
  rowMuted,
  details = 2,
}: {
  label: string;
  rows: T[];
  columns: Column<T>[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  onOpen: (row: T) => void;
  rowMuted?: (row: T) => boolean;
  /** How many columns besides the name a card shows at most. */
  details?: number;
}) {
  const [name, ...rest] = columns;
  return (
    <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
      <Stack component="ul" aria-label={label} gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
        {rows.map((row) => {
          const shown = rest.filter((c) => !c.isEmpty?.(row)).slice(0, details);
          return (
            <Paper
              component="li"
              key={row.id}
              withBorder
              radius="md"
              px="sm"
              py={6}
              data-testid="record-card"
              onClick={() => onOpen(row)}
              style={{ cursor: 'pointer', opacity: rowMuted?.(row) ? 0.6 : 1 }}
            >
              {name?.render(row)}
              {shown.length > 0 ? (
                // One line of the first chosen columns with a value, each named for screen readers.
                <Group gap={10} wrap="nowrap" mt={2} pl={34} style={{ overflow: 'hidden' }}>
                  {shown.map((c) => (
                    <Box
                      key={c.key}
                      fz="xs"
                      style={{ minWidth: 0, flexShrink: 1, whiteSpace: 'nowrap', overflow: 'hidden' }}
                    >
                      <VisuallyHidden>{c.label}: </VisuallyHidden>
                      {c.render(row)}
                    </Box>
                  ))}
                </Group>
              ) : null}
            </Paper>
          );
        })}
      </Stack>
      {hasNextPage ? (
        <Button variant="default" fullWidth mt="sm" loading={isFetchingNextPage} onClick={fetchNextPage}>
          Show more
        </Button>
      ) : null}
    </div>
  );
}
