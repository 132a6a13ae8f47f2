import { ActionIcon, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns3 } from '@tabler/icons-react';
import { useState } from 'react';
import type { FieldMeta } from '../../../api/types.ts';

const checkboxId = (key: string) => `column-choice-${key.replace(/[^\w-]/g, '_')}`;

/** Choose and order the columns; only fields this user may see are offered. Closing returns focus to its button. */
export function ColumnChooser({
  fields,
  columns,
  defaults,
  onChange,
}: {
  fields: FieldMeta[];
  columns: string[];
  defaults: string[];
  onChange: (columns: string[]) => void;
}) {
  const [search, setSearch] = useState('');
  const chosen = columns.map((key) => fields.find((f) => f.key === key)).filter((f): f is FieldMeta => Boolean(f));
  const others = fields.filter(
    (f) => !columns.includes(f.key) && f.label.toLowerCase().includes(search.trim().toLowerCase()),
  );
  const move = (index: number, delta: number) => {
    const next = [...columns];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + delta, 0, item);
    onChange(next);
  };
  // A ticked or unticked field moves between the lists: focus follows it, not lost to the page.
  const toggle = (key: string, next: string[]) => {
    onChange(next);
    requestAnimationFrame(() => document.getElementById(checkboxId(key))?.focus());
  };

  return (
    <Popover position="bottom-end" shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns3 size={16} aria-hidden />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Shown
          </Text>
          {chosen.length === 0 ? (
            <Text size="sm" c="dimmed">
              Only the name column is shown.
            </Text>
          ) : null}
          {chosen.map((field) => {
            const index = columns.indexOf(field.key);
            return (
              <Group key={field.key} gap={4} wrap="nowrap" justify="space-between">
                <Checkbox
                  id={checkboxId(field.key)}
                  label={field.label}
                  checked
                  onChange={() =>
                    toggle(
                      field.key,
                      columns.filter((c) => c !== field.key),
                    )
                  }
                  style={{ minWidth: 0 }}
                />
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move ${field.label} left`}
                  >
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    disabled={index === columns.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move ${field.label} right`}
                  >
                    <IconArrowDown size={14} />
                  </ActionIcon>
                </Group>
              </Group>
            );
          })}
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt="xs">
            Available
          </Text>
          <TextInput
            size="xs"
            placeholder="Find a field"
            aria-label="Find a field"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <ScrollArea.Autosize mah={220} type="auto">
            <Stack gap={6}>
              {others.map((field) => (
                <Checkbox
                  key={field.key}
                  id={checkboxId(field.key)}
                  label={field.label}
                  checked={false}
                  onChange={() => toggle(field.key, [...columns, field.key])}
                />
              ))}
              {others.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No more fields.
                </Text>
              ) : null}
            </Stack>
          </ScrollArea.Autosize>
          <Button variant="subtle" size="xs" onClick={() => onChange(defaults)}>
            Reset to default columns
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
