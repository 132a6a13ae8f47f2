import { ActionIcon, Button, Group, Popover, Text, UnstyledButton } from '@mantine/core';
import { IconFilterPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { FieldMeta } from '../../../api/types.ts';
import { humanize } from '../../../ui/format.ts';
import { opLabel, REFERENCE_KINDS } from '../fieldValues.ts';
import { useReferenceLabel } from '../hooks/useReferenceLabel.ts';
import { formatFilter, type ParsedFilter, parseFilter, VALUELESS_OPS } from '../listSearch.ts';
import classes from './FilterBar.module.css';
import { FilterEditor } from './FilterEditor.tsx';

function valueText(field: FieldMeta | undefined, value: string, refLabel: string): string {
  if (!field) return value;
  if (REFERENCE_KINDS[field.key]) return refLabel;
  if (field.type === 'boolean') return value === 'true' ? 'yes' : 'no';
  if (field.type === 'select' && !field.custom) return value.split('|').map(humanize).join(', ');
  return value.split('|').join(', ');
}

function FilterChip({
  filter,
  fields,
  onChange,
  onRemove,
}: {
  filter: ParsedFilter;
  fields: FieldMeta[];
  onChange: (next: ParsedFilter) => void;
  onRemove: () => void;
}) {
  const [opened, setOpened] = useState(false);
  const field = fields.find((f) => f.key === filter.field);
  const refLabel = useReferenceLabel(filter.field, filter.value);
  const text = `${field?.label ?? filter.field} ${opLabel(field?.type, filter.op)}${
    VALUELESS_OPS.has(filter.op) ? '' : ` ${valueText(field, filter.value, refLabel)}`
  }`;
  return (
    // The chip is a plain span holding two buttons: the popup's roles go on the button that opens it (a span may not
    // carry aria-expanded).
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      shadow="md"
      trapFocus
      withinPortal
      withRoles={false}
    >
      <Popover.Target>
        <span className={classes.chip}>
          <UnstyledButton
            className={classes.chipLabel}
            onClick={() => setOpened((o) => !o)}
            aria-label={`Edit filter: ${text}`}
            aria-haspopup="dialog"
            aria-expanded={opened}
          >
            <Text size="sm" truncate>
              {text}
            </Text>
          </UnstyledButton>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            radius="xl"
            onClick={onRemove}
            aria-label={`Remove filter: ${text}`}
          >
            <IconX size={14} />
          </ActionIcon>
        </span>
      </Popover.Target>
      <Popover.Dropdown>
        <FilterEditor
          fields={fields}
          initial={filter}
          onApply={(next) => {
            onChange(next);
            setOpened(false);
          }}
          onCancel={() => setOpened(false)}
        />
      </Popover.Dropdown>
    </Popover>
  );
}

/** The filters of a list as chips ("Stage is Customer"); add, edit, remove; stored in the URL as `field:op:value`. */
export function FilterBar({
  filters,
  fields,
  onChange,
}: {
  filters: string[];
  fields: FieldMeta[];
  onChange: (filters: string[]) => void;
}) {
  const [adding, setAdding] = useState(false);
  const filterable = fields.filter((f) => f.filterable);
  const parsed = filters.map((f) => ({ raw: f, parsed: parseFilter(f) }));

  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label="Filters">
      {parsed.map(({ raw, parsed: filter }, index) =>
        filter ? (
          <FilterChip
            key={raw}
            filter={filter}
            fields={filterable}
            onChange={(next) => onChange(filters.map((f, i) => (i === index ? formatFilter(next) : f)))}
            onRemove={() => onChange(filters.filter((_, i) => i !== index))}
          />
        ) : null,
      )}
      {filterable.length > 0 ? (
        <Popover opened={adding} onChange={setAdding} position="bottom-start" shadow="md" trapFocus>
          <Popover.Target>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconFilterPlus size={16} aria-hidden />}
              onClick={() => setAdding((a) => !a)}
            >
              Add filter
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <FilterEditor
              fields={filterable}
              onApply={(next) => {
                onChange([...filters, formatFilter(next)]);
                setAdding(false);
              }}
              onCancel={() => setAdding(false)}
            />
          </Popover.Dropdown>
        </Popover>
      ) : null}
      {filters.length > 1 ? (
        <Button variant="subtle" color="gray" size="compact-sm" onClick={() => onChange([])}>
          Clear all
        </Button>
      ) : null}
    </Group>
  );
}
