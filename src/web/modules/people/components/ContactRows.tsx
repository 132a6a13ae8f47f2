import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  type Control,
  Controller,
  type FieldErrors,
  type UseFormRegister,
  useFieldArray,
  useWatch,
} from 'react-hook-form';
import { countryName } from '../../../../shared/countries.ts';
import { previewPhone } from '../../../ui/phone.ts';
import type { PersonFormValues } from '../personForm.ts';

const EMAIL_LABELS = ['work', 'personal', 'other'];
const PHONE_LABELS = ['mobile', 'work', 'home', 'other'];

function labelData(options: string[], current: string | undefined) {
  const all = current && !options.includes(current) ? [...options, current] : options;
  return all.map((o) => ({ value: o, label: o.charAt(0).toUpperCase() + o.slice(1) }));
}

/** Repeatable email rows, each with a label. */
export function EmailRows({
  control,
  register,
  errors,
  readOnly,
}: {
  control: Control<PersonFormValues>;
  register: UseFormRegister<PersonFormValues>;
  errors: FieldErrors<PersonFormValues>;
  readOnly: boolean;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: 'emails' });
  return (
    <Stack gap="xs" role="group" aria-label="Email addresses">
      <Text size="sm" fw={500}>
        Email addresses
      </Text>
      {fields.map((row, index) => (
        <Group key={row.id} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1, minWidth: 0 }}
            type="email"
            aria-label={`Email ${index + 1}`}
            placeholder="name@example.com"
            readOnly={readOnly}
            error={errors.emails?.[index]?.email?.message}
            {...register(`emails.${index}.email`, {
              validate: (v) =>
                !v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) || 'This does not look like an email address',
            })}
          />
          <Controller
            control={control}
            name={`emails.${index}.label`}
            render={({ field }) => (
              <Select
                w={{ base: 104, sm: 120 }}
                aria-label={`Label for email ${index + 1}`}
                data={labelData(EMAIL_LABELS, field.value)}
                value={field.value}
                onChange={(v) => field.onChange(v ?? 'work')}
                readOnly={readOnly}
                allowDeselect={false}
              />
            )}
          />
          {!readOnly ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={() => remove(index)}
              aria-label={`Remove email ${index + 1}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {errors.emails?.message || errors.emails?.root?.message ? (
        <Text size="xs" c="red">
          {errors.emails?.message ?? errors.emails?.root?.message}
        </Text>
      ) : null}
      {!readOnly ? (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => append({ email: '', label: fields.length ? 'personal' : 'work' })}
          style={{ alignSelf: 'flex-start' }}
        >
          Add email
        </Button>
      ) : null}
    </Stack>
  );
}

/** Repeatable phone rows; any format is accepted and the server returns the international (E.164) form. */
export function PhoneRows({
  control,
  register,
  errors,
  readOnly,
  defaultCountry,
}: {
  control: Control<PersonFormValues>;
  register: UseFormRegister<PersonFormValues>;
  errors: FieldErrors<PersonFormValues>;
  readOnly: boolean;
  defaultCountry: string;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: 'phones' });
  const typed = useWatch({ control, name: 'phones' });
  return (
    <Stack gap="xs" role="group" aria-label="Phone numbers">
      <Text size="sm" fw={500}>
        Phone numbers
      </Text>
      <Text size="xs" c="dimmed" mt={-6}>
        Type it any way you like; numbers without a country code are read as numbers in{' '}
        {defaultCountry ? countryName(defaultCountry) : 'the workspace country'} (the address's country, else the
        workspace's) and saved in international format.
      </Text>
      {fields.map((row, index) => (
        <Group key={row.id} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1, minWidth: 0 }}
            type="tel"
            aria-label={`Phone ${index + 1}`}
            placeholder="+44 20 7946 0958"
            readOnly={readOnly}
            error={errors.phones?.[index]?.number?.message}
            description={(() => {
              const preview = previewPhone(typed?.[index]?.number, defaultCountry);
              return preview ? `Saved as ${preview}` : undefined;
            })()}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            {...register(`phones.${index}.number`)}
          />
          <Controller
            control={control}
            name={`phones.${index}.label`}
            render={({ field }) => (
              <Select
                w={{ base: 104, sm: 120 }}
                aria-label={`Label for phone ${index + 1}`}
                data={labelData(PHONE_LABELS, field.value)}
                value={field.value}
                onChange={(v) => field.onChange(v ?? 'mobile')}
                readOnly={readOnly}
                allowDeselect={false}
              />
            )}
          />
          {!readOnly ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={() => remove(index)}
              aria-label={`Remove phone ${index + 1}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {!readOnly ? (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => append({ number: '', label: fields.length ? 'work' : 'mobile' })}
          style={{ alignSelf: 'flex-start' }}
        >
          Add phone
        </Button>
      ) : null}
    </Stack>
  );
}
