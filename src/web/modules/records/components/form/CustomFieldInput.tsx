import { Group, MultiSelect, NumberInput, Select, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { type Control, Controller, type FieldValues, type Path } from 'react-hook-form';
import type { FieldMeta } from '../../../../api/types.ts';
import { currencyDigits } from '../../../../ui/format.ts';

/** A custom field's input, chosen by its type; the value lives at `customFields.<key>`. */
export function CustomFieldInput<T extends FieldValues>({
  field,
  control,
  currency,
  readOnly,
}: {
  field: FieldMeta;
  control: Control<T>;
  currency: string;
  readOnly: boolean;
}) {
  const key = field.key.replace(/^cf\./, '');
  const name = `customFields.${key}` as Path<T>;
  return (
    <Controller
      name={name}
      control={control}
      render={({ field: f, fieldState }) => {
        const common = {
          label: field.label,
          error: fieldState.error?.message,
          readOnly,
          onBlur: f.onBlur,
        };
        const value = f.value as unknown;
        switch (field.type) {
          case 'longText':
            return (
              <Textarea
                {...common}
                ref={f.ref}
                autosize
                minRows={2}
                value={(value as string | null) ?? ''}
                onChange={(e) => f.onChange(e.currentTarget.value)}
              />
            );
          case 'number':
            return (
              <NumberInput
                {...common}
                ref={f.ref}
                value={typeof value === 'number' ? value : ''}
                onChange={(v) => f.onChange(typeof v === 'number' ? v : null)}
              />
            );
          case 'currency': {
            // Stored as whole minor units (cents) of the workspace currency.
            const digits = currencyDigits(currency);
            return (
              <NumberInput
                {...common}
                ref={f.ref}
                decimalScale={digits}
                thousandSeparator=","
                rightSection={
                  <Text size="xs" c="dimmed">
                    {currency}
                  </Text>
                }
                rightSectionWidth={48}
                value={typeof value === 'number' ? value / 10 ** digits : ''}
                onChange={(v) => f.onChange(typeof v === 'number' ? Math.round(v * 10 ** digits) : null)}
              />
            );
          }
          case 'date':
            return (
              <TextInput
                {...common}
                ref={f.ref}
                type="date"
                value={typeof value === 'string' ? value.slice(0, 10) : ''}
                onChange={(e) => f.onChange(e.currentTarget.value || null)}
              />
            );
          case 'datetime':
            return (
              <TextInput
                {...common}
                ref={f.ref}
                type="datetime-local"
                value={typeof value === 'string' ? value.slice(0, 16) : ''}
                onChange={(e) =>
                  f.onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : null)
                }
              />
            );
          case 'boolean':
            return (
              <Group h="100%" align="flex-end" pb={6}>
                <Switch
                  ref={f.ref}
                  label={field.label}
                  checked={Boolean(value)}
                  disabled={readOnly}
                  error={fieldState.error?.message}
                  onChange={(e) => f.onChange(e.currentTarget.checked)}
                  onBlur={f.onBlur}
                />
              </Group>
            );
          case 'select':
            return (
              <Select
                {...common}
                ref={f.ref}
                clearable
                data={field.options ?? []}
                value={(value as string | null) ?? null}
                onChange={(v) => f.onChange(v)}
              />
            );
          case 'multiSelect':
            return (
              <MultiSelect
                {...common}
                ref={f.ref}
                data={field.options ?? []}
                value={Array.isArray(value) ? (value as string[]) : []}
                onChange={(v) => f.onChange(v)}
              />
            );
          default:
            return (
              <TextInput
                {...common}
                ref={f.ref}
                type={
                  field.type === 'email'
                    ? 'email'
                    : field.type === 'url'
                      ? 'url'
                      : field.type === 'phone'
                        ? 'tel'
                        : 'text'
                }
                value={(value as string | null) ?? ''}
                onChange={(e) => f.onChange(e.currentTarget.value)}
              />
            );
        }
      }}
    />
  );
}

/** The form's starting value for a custom field. */
export function customToForm(field: FieldMeta, value: unknown): unknown {
  if (value !== undefined && value !== null) return value;
  if (field.type === 'multiSelect') return [];
  if (field.type === 'boolean') return false;
  if (
    field.type === 'text' ||
    field.type === 'longText' ||
    field.type === 'url' ||
    field.type === 'email' ||
    field.type === 'phone'
  )
    return '';
  return null;
}

/** What to send for a custom field: empty strings become null. */
export function customToBody(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value ?? null;
}
