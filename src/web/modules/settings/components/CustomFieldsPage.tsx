import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { errorMessage, type FieldProblem } from '../../../api/client.ts';
import { applyServerErrors } from '../../../api/forms.ts';
import type { CustomFieldDef, ObjectName } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { fieldsQueryKey } from '../../records/api/records.ts';
import {
  createCustomField,
  customFieldsQueryKey,
  deleteCustomField,
  fetchCustomFields,
  updateCustomField,
} from '../api/settings.ts';

const route = getRouteApi('/app/settings/fields');

const TYPES: { value: CustomFieldDef['type']; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'longText', label: 'Long text' },
  { value: 'number', label: 'Number' },
  { value: 'currency', label: 'Money' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'select', label: 'Single choice' },
  { value: 'multiSelect', label: 'Multiple choice' },
  { value: 'url', label: 'Web address' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
];
const typeLabel = (t: string) => TYPES.find((x) => x.value === t)?.label ?? t;

interface FieldValues {
  label: string;
  key: string;
  type: CustomFieldDef['type'];
  options: string[];
  required: boolean;
  helpText: string;
}

const FORM_FIELDS = new Set(['label', 'key', 'type', 'options', 'required', 'helpText']);

function toKey(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^\w\s]/g, '')
    .trim()
    .split(/[\s_]+/)
    .filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return /^[a-zA-Z]/.test(key) ? key.slice(0, 40) : `f${key}`.slice(0, 40);
}

function FieldModal({
  object,
  field,
  opened,
  onClose,
}: {
  object: ObjectName;
  field: CustomFieldDef | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const form = useForm<FieldValues>({
    values: {
      label: field?.label ?? '',
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      options: field?.options ?? [],
      required: field?.required ?? false,
      helpText: field?.helpText ?? '',
    },
  });
  const {
    register,
    control,
    watch,
    formState: { errors },
  } = form;
  const type = watch('type');
  const label = watch('label');
  const save = useMutation({
    mutationFn: (v: FieldValues) => {
      const common = {
        label: v.label.trim(),
        required: v.required,
        helpText: v.helpText.trim() || null,
        ...(v.type === 'select' || v.type === 'multiSelect' ? { options: v.options } : {}),
      };
      return field
        ? updateCustomField(field.id, common)
        : createCustomField({
            ...common,
            object,
            key: v.key.trim() || toKey(v.label),
            type: v.type,
            options: common.options ?? [],
          });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: customFieldsQueryKey(object) });
      await queryClient.invalidateQueries({ queryKey: fieldsQueryKey(object) });
      notifications.show({ color: 'teal', message: `Field “${saved.label}” saved.` });
      onClose();
    },
    onError: (error) => setProblems(applyServerErrors(error, form.setError, (p) => FORM_FIELDS.has(p))),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={field ? `Edit “${field.label}”` : 'New custom field'}
      centered
      size="lg"
    >
      <form
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setProblems([]);
          save.mutate(v);
        })}
      >
        <Stack>
          {save.isError ? <ErrorAlert error={save.error} title="Field not saved" problems={problems} /> : null}
          <TextInput
            label="Label"
            required
            data-autofocus
            error={errors.label?.message}
            {...register('label', { validate: (v) => v.trim() !== '' || 'Enter a label' })}
          />
          {!field ? (
            <TextInput
              label="API key"
              description="How the API and exports name this field (camelCase). Cannot change later."
              placeholder={toKey(label) || 'accountNumber'}
              error={errors.key?.message}
              {...register('key', {
                validate: (v) =>
                  !v || /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(v) || 'Letters, digits and _; start with a letter',
              })}
            />
          ) : (
            <Text size="sm">
              API key: <code>{field.key}</code> · Type: {typeLabel(field.type)}
            </Text>
          )}
          {!field ? (
            <Controller
              control={control}
              name="type"
              render={({ field: f }) => (
                <Select
                  label="Type"
                  data={TYPES}
                  value={f.value}
                  onChange={(v) => v && f.onChange(v)}
                  allowDeselect={false}
                  description="Cannot change later."
                />
              )}
            />
          ) : null}
          {type === 'select' || type === 'multiSelect' ? (
            <Controller
              control={control}
              name="options"
              rules={{ validate: (v) => v.length > 0 || 'Add at least one option' }}
              render={({ field: f, fieldState }) => (
                <TagsInput
                  label="Options"
                  description="Press Enter after each option"
                  value={f.value}
                  onChange={f.onChange}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
          <Textarea
            label="Help text"
            description="Shown under the field in forms."
            autosize
            minRows={2}
            {...register('helpText')}
          />
          <Controller
            control={control}
            name="required"
            render={({ field: f }) => (
              <Switch
                label="Required"
                description="New and edited records must have a value."
                checked={f.value}
                onChange={(e) => f.onChange(e.currentTarget.checked)}
              />
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {field ? 'Save field' : 'Add field'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function FieldsTable({ object }: { object: ObjectName }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const canEdit = can(me, 'settings', 'update');
  const fields = useQuery({ queryKey: customFieldsQueryKey(object), queryFn: () => fetchCustomFields(object) });
  const [editing, setEditing] = useState<CustomFieldDef | null>(null);
  const [modalOpen, setModalOpen] = useState(false);
  const [confirm, setConfirm] = useState<CustomFieldDef | null>(null);
  const remove = useMutation({
    mutationFn: (f: CustomFieldDef) => deleteCustomField(f.id),
    onSuccess: async (_d, f) => {
      await queryClient.invalidateQueries({ queryKey: customFieldsQueryKey(object) });
      await queryClient.invalidateQueries({ queryKey: fieldsQueryKey(object) });
      notifications.show({ message: `Field “${f.label}” deleted.` });
      setConfirm(null);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });

  if (fields.isPending) return <PageSkeleton rows={4} />;
  if (fields.isError)
    return <ErrorAlert error={fields.error} title="Custom fields could not load" onRetry={() => fields.refetch()} />;

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Custom fields appear on the record, in forms, as list columns and filters, and in exports.
        </Text>
        {canEdit ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setEditing(null);
              setModalOpen(true);
            }}
          >
            Add field
          </Button>
        ) : null}
      </Group>
      <Paper withBorder radius="md">
        {fields.data.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            No custom fields on {object} yet. Add the facts your team tracks that Rapport does not have, like an account
            number or a renewal date.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>API key</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Options</Table.Th>
                  {canEdit ? (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...fields.data]
                  .sort((a, b) => a.position - b.position)
                  .map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {f.label}{' '}
                          {f.required ? (
                            <Badge size="xs" variant="light" color="orange" tt="none">
                              Required
                            </Badge>
                          ) : null}
                        </Text>
                        {f.helpText ? (
                          <Text size="xs" c="dimmed">
                            {f.helpText}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <code>{f.key}</code>
                      </Table.Td>
                      <Table.Td>{typeLabel(f.type)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {f.options.join(', ') || '—'}
                        </Text>
                      </Table.Td>
                      {canEdit ? (
                        <Table.Td>
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Tooltip label="Edit">
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`Edit ${f.label}`}
                                onClick={() => {
                                  setEditing(f);
                                  setModalOpen(true);
                                }}
                              >
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label="Delete">
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Delete ${f.label}`}
                                onClick={() => setConfirm(f)}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <FieldModal object={object} field={editing} opened={modalOpen} onClose={() => setModalOpen(false)} />
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Delete “${confirm?.label ?? ''}”?`}
        centered
      >
        <Text size="sm">
          The field disappears from records, forms, lists, saved views and exports. Values already stored are no longer
          shown.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => confirm && remove.mutate(confirm)}>
            Delete field
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

export function CustomFieldsPage() {
  const { object = 'people' } = route.useSearch();
  const navigate = useNavigate();
  return (
    <Tabs
      value={object}
      onChange={(v) =>
        void navigate({ to: '/settings/fields', search: v === 'companies' ? { object: 'companies' } : {} })
      }
    >
      <Tabs.List mb="md">
        <Tabs.Tab value="people">People</Tabs.Tab>
        <Tabs.Tab value="companies">Companies</Tabs.Tab>
      </Tabs.List>
      <FieldsTable key={object} object={object} />
    </Tabs>
  );
}
