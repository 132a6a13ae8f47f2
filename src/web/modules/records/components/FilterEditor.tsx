import { Button, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FieldMeta } from '../../../api/types.ts';
import { humanize } from '../../../ui/format.ts';
import { opLabel, opsFor, optionsFor, REFERENCE_KINDS } from '../fieldValues.ts';
import { type FilterOp, type ParsedFilter, VALUELESS_OPS } from '../listSearch.ts';
import { CompanyPicker } from './pickers/CompanyPicker.tsx';
import { TeamSelect } from './pickers/TeamSelect.tsx';
import { UserSelect } from './pickers/UserSelect.tsx';

interface Props {
  fields: FieldMeta[];
  initial?: ParsedFilter;
  onApply: (filter: ParsedFilter) => void;
  onCancel: () => void;
}

function ValueInput({
  field,
  op,
  value,
  onChange,
}: {
  field: FieldMeta;
  op: FilterOp;
  value: string;
  onChange: (value: string) => void;
}) {
  const label = 'Value';
  const multi = op === 'in';
  const kind = REFERENCE_KINDS[field.key];
  if (kind === 'user' && !multi) {
    return (
      <UserSelect
        label={label}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        comboboxProps={{ withinPortal: false }}
      />
    );
  }
  if (kind === 'team' && !multi) {
    return (
      <TeamSelect
        label={label}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        comboboxProps={{ withinPortal: false }}
      />
    );
  }
  if (kind === 'company' && !multi) {
    return (
      <CompanyPicker
        label={label}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        comboboxProps={{ withinPortal: false }}
      />
    );
  }
  const options = optionsFor(field);
  if ((field.type === 'select' || field.type === 'multiSelect') && options.length) {
    const data = options.map((o) => ({ value: o, label: field.custom ? o : humanize(o) }));
    if (multi) {
      return (
        <MultiSelect
          label={label}
          data={data}
          value={value ? value.split('|') : []}
          onChange={(v) => onChange(v.join('|'))}
          searchable
          comboboxProps={{ withinPortal: false }}
        />
      );
    }
    return (
      <Select
        label={label}
        data={data}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        searchable
        comboboxProps={{ withinPortal: false }}
      />
    );
  }
  if (field.type === 'boolean') {
    return (
      <SegmentedControl
        aria-label={label}
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
        value={value || 'true'}
        onChange={onChange}
      />
    );
  }
  if (field.type === 'date' || field.type === 'datetime') {
    return <TextInput label={label} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  if ((field.type === 'number' || field.type === 'currency') && !multi) {
    return <NumberInput label={label} value={value} onChange={(v) => onChange(String(v))} />;
  }
  return (
    <TextInput
      label={label}
      description={multi ? 'Separate values with |' : undefined}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-autofocus
    />
  );
}

/** Pick a field, an operator and a value. */
export function FilterEditor({ fields, initial, onApply, onCancel }: Props) {
  const [fieldKey, setFieldKey] = useState<string | null>(initial?.field ?? null);
  const field = fields.find((f) => f.key === fieldKey);
  const ops = field ? opsFor(field) : [];
  const [op, setOp] = useState<FilterOp | null>(initial?.op ?? null);
  const [value, setValue] = useState(initial?.value ?? '');
  const effectiveOp = op && ops.includes(op) ? op : (ops[0] ?? null);
  const needsValue = effectiveOp ? !VALUELESS_OPS.has(effectiveOp) : false;
  const effectiveValue = field?.type === 'boolean' && !value ? 'true' : value;
  const ready = Boolean(field && effectiveOp && (!needsValue || effectiveValue.trim() !== ''));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && field && effectiveOp) {
          onApply({ field: field.key, op: effectiveOp, value: needsValue ? effectiveValue.trim() : '' });
        }
      }}
    >
      <Stack gap="sm" w={280}>
        <Select
          label="Field"
          placeholder="Choose a field"
          searchable
          data={fields.map((f) => ({ value: f.key, label: f.label }))}
          value={fieldKey}
          onChange={(v) => {
            setFieldKey(v);
            setOp(null);
            setValue('');
          }}
          comboboxProps={{ withinPortal: false }}
        />
        {field ? (
          <Select
            label="Condition"
            data={ops.map((o) => ({ value: o, label: opLabel(field.type, o) }))}
            value={effectiveOp}
            onChange={(v) => {
              setOp(v as FilterOp | null);
              if (v === 'in' || op === 'in') setValue('');
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
        ) : null}
        {field && effectiveOp && needsValue ? (
          <ValueInput field={field} op={effectiveOp} value={effectiveValue} onChange={setValue} />
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" size="xs" disabled={!ready}>
            Apply
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
