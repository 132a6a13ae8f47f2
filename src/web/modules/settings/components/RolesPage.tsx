import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Modal,
  NavLink,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { FieldRule, ObjectName, Policy, Role, Visibility } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { meQueryKey } from '../../auth/api/auth.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { fieldsQueryOptions, objectsQueryOptions } from '../../records/api/records.ts';
import { createRole, rolesQueryKey, updateRole, useRoles } from '../api/directory.ts';

/** The objects that are not kinds of record: users and roles, settings, the audit log. */
const SYSTEM_OBJECTS: { key: string; label: string; actions: string[] }[] = [
  { key: 'users', label: 'Users, teams & roles', actions: ['read', 'create', 'update', 'delete'] },
  { key: 'settings', label: 'Workspace settings', actions: ['read', 'update'] },
  { key: 'audit', label: 'Audit log', actions: ['read'] },
  { key: 'privacy', label: 'Privacy requests', actions: ['read', 'update', 'delete', 'export'] },
];
const ACTIONS = ['read', 'create', 'update', 'delete', 'export'];
/** What a touchpoint offers: activities are logged and corrected, tasks and promises have no export. */
const TOUCHPOINT_ACTIONS = ['read', 'create', 'update', 'delete'];

function clonePolicy(policy: Policy): Policy {
  return {
    objects: Object.fromEntries(Object.entries(policy.objects).map(([k, v]) => [k, [...(v ?? [])]])),
    visibility: { ...(policy.visibility ?? {}) },
    fields: Object.fromEntries(Object.entries(policy.fields ?? {}).map(([k, v]) => [k, { ...(v ?? {}) }])),
  };
}

function FieldRules({
  object,
  rules,
  readOnly,
  onChange,
}: {
  object: string;
  rules: Partial<Record<string, FieldRule>>;
  readOnly: boolean;
  onChange: (rules: Partial<Record<string, FieldRule>>) => void;
}) {
  const fields = useQuery(fieldsQueryOptions(object as ObjectName));
  if (fields.isError) return <ErrorAlert error={fields.error} title="Fields could not load" />;
  const list = fields.data ?? [];
  return (
    <Stack gap={6}>
      {list.map((field) => (
        <Group key={field.key} justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm" style={{ minWidth: 0 }} truncate>
            {field.label}
          </Text>
          <SegmentedControl
            size="xs"
            aria-label={`${field.label}: access`}
            readOnly={readOnly}
            value={rules[field.key] ?? 'editable'}
            data={[
              { value: 'editable', label: 'Editable' },
              { value: 'readonly', label: 'Read-only' },
              { value: 'hidden', label: 'Hidden' },
            ]}
            onChange={(value) => {
              const next = { ...rules };
              if (value === 'editable') delete next[field.key];
              else next[field.key] = value as FieldRule;
              onChange(next);
            }}
          />
        </Group>
      ))}
    </Stack>
  );
}

function RoleEditor({ role, canEdit }: { role: Role; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(role.name);
  const [policy, setPolicy] = useState<Policy>(() => clonePolicy(role.policy));
  const [fieldObject, setFieldObject] = useState<string>('people');
  // Every kind of record and touchpoint, from `/meta/objects` (the admin reads them all).
  const kinds = useQuery(objectsQueryOptions);
  const objects = [
    ...(kinds.data ?? []).map((k) => ({
      key: k.kind,
      label: k.label,
      actions: k.touchpoint ? TOUCHPOINT_ACTIONS : ACTIONS,
    })),
    ...SYSTEM_OBJECTS,
  ];
  const scoped = (kinds.data ?? []).filter((k) => k.visibility);
  const ruled = (kinds.data ?? []).filter((k) => k.fieldRules);
  useEffect(() => {
    setName(role.name);
    setPolicy(clonePolicy(role.policy));
  }, [role]);
  const locked = role.key === 'admin';
  const readOnly = !canEdit || locked;
  const dirty = name !== role.name || JSON.stringify(policy) !== JSON.stringify(clonePolicy(role.policy));

  const save = useMutation({
    mutationFn: () => updateRole(role.id, { ...(name !== role.name ? { name: name.trim() } : {}), policy }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey });
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      notifications.show({
        color: 'teal',
        message: `Role “${name}” saved. People with it get the change on their next request.`,
      });
    },
  });

  const toggle = (object: string, action: string, checked: boolean) => {
    setPolicy((p) => {
      const current = new Set(p.objects[object] ?? []);
      if (checked) {
        current.add(action);
        if (action !== 'read') current.add('read');
      } else {
        current.delete(action);
        if (action === 'read') current.clear();
      }
      return { ...p, objects: { ...p.objects, [object]: ACTIONS.filter((a) => current.has(a)) } };
    });
  };

  return (
    <Stack gap="lg">
      {locked ? (
        <Alert icon={<IconLock size={18} aria-hidden />} color="gray" variant="light">
          The Admin role always has every permission, so nobody can lock the workspace out of its own settings.
        </Alert>
      ) : null}
      {save.isError ? <ErrorAlert error={save.error} title="Role not saved" /> : null}
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Role name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          readOnly={!canEdit || locked}
          style={{ flex: 1, maxWidth: 360 }}
        />
        <Group gap={6} pb={8}>
          <Text size="sm" c="dimmed">
            Key: <code>{role.key}</code>
          </Text>
          {role.builtin ? (
            <Badge size="xs" variant="default">
              Built-in
            </Badge>
          ) : null}
        </Group>
      </Group>

      <div>
        <Title order={3} size="h5" mb={4}>
          What this role may do
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Anything not ticked is hidden from people with this role, not greyed out.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder withColumnBorders verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Object</Table.Th>
                {ACTIONS.map((a) => (
                  <Table.Th key={a} ta="center" tt="capitalize">
                    {a}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {objects.map((object) => (
                <Table.Tr key={object.key}>
                  <Table.Td>{object.label}</Table.Td>
                  {ACTIONS.map((action) => (
                    <Table.Td key={action} ta="center">
                      {object.actions.includes(action) ? (
                        <Checkbox
                          aria-label={`${object.label}: ${action}`}
                          checked={policy.objects[object.key]?.includes(action) ?? false}
                          onChange={(e) => !readOnly && toggle(object.key, action, e.currentTarget.checked)}
                          readOnly={readOnly}
                          style={{ display: 'inline-block' }}
                        />
                      ) : null}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>

      <div>
        <Title order={3} size="h5" mb={4}>
          Which records they see
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {scoped.map(({ kind: object, label }) => (
            <Stack key={object} gap={4}>
              <Text size="sm" fw={500}>
                {label}
              </Text>
              <SegmentedControl
                aria-label={`Visibility of ${object}`}
                readOnly={readOnly}
                value={policy.visibility?.[object] ?? 'own'}
                data={[
                  { value: 'own', label: 'Their own' },
                  { value: 'team', label: 'Their teams’' },
                  { value: 'all', label: 'All' },
                ]}
                onChange={(value) =>
                  setPolicy((p) => ({ ...p, visibility: { ...p.visibility, [object]: value as Visibility } }))
                }
              />
            </Stack>
          ))}
        </SimpleGrid>
      </div>

      <div>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">
            Field rules
          </Title>
          <Select
            size="xs"
            aria-label="Object for field rules"
            value={fieldObject}
            allowDeselect={false}
            onChange={(v) => v && setFieldObject(v)}
            data={ruled.map((k) => ({ value: k.kind, label: k.label }))}
          />
        </Group>
        <Text size="sm" c="dimmed" mb="xs">
          Hidden fields are left out everywhere: records, lists, filters, sorting, search and exports.
        </Text>
        <Paper withBorder p="sm" radius="md">
          <ScrollArea.Autosize mah={360}>
            <FieldRules
              object={fieldObject}
              rules={policy.fields?.[fieldObject] ?? {}}
              readOnly={readOnly}
              onChange={(rules) => setPolicy((p) => ({ ...p, fields: { ...p.fields, [fieldObject]: rules } }))}
            />
          </ScrollArea.Autosize>
        </Paper>
      </div>

      {!readOnly ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setName(role.name);
              setPolicy(clonePolicy(role.policy));
            }}
          >
            Discard changes
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty || !name.trim()}>
            Save role
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function NewRoleModal({
  opened,
  onClose,
  roles,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  roles: Role[];
  onCreated: (role: Role) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const suggestedKey = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const create = useMutation({
    mutationFn: () => {
      const base = roles.find((r) => r.id === from);
      return createRole({
        key: key || suggestedKey,
        name: name.trim(),
        policy: base ? clonePolicy(base.policy) : { objects: {}, visibility: {}, fields: {} },
      });
    },
    onSuccess: async (role) => {
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey });
      onCreated(role);
      setName('');
      setKey('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="New role" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          {create.isError ? <ErrorAlert error={create.error} title="Role not created" /> : null}
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Key"
            description="Lowercase letters, digits and dashes; used by the API."
            placeholder={suggestedKey}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
          />
          <Select
            label="Start from"
            placeholder="No permissions"
            clearable
            data={roles.map((r) => ({ value: r.id, label: r.name }))}
            value={from}
            onChange={setFrom}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function RolesPage() {
  const me = useMe();
  const roles = useRoles();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (roles.isPending) return <PageSkeleton />;
  if (roles.isError)
    return <ErrorAlert error={roles.error} title="Roles could not load" onRetry={() => roles.refetch()} />;
  const role = roles.data.find((r) => r.id === selected) ?? roles.data[0];

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 3 }}>
        <Group hiddenFrom="lg" gap="xs" align="flex-end" wrap="nowrap">
          <Select
            label="Role"
            style={{ flex: 1 }}
            data={roles.data.map((r) => ({ value: r.id, label: `${r.name}${r.builtin ? ' (built-in)' : ''}` }))}
            value={role?.id ?? null}
            onChange={(v) => v && setSelected(v)}
            allowDeselect={false}
          />
          {can(me, 'users', 'create') ? (
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setCreating(true)}
            >
              New role
            </Button>
          ) : null}
        </Group>
        <Stack gap={4} visibleFrom="lg">
          {roles.data.map((r) => (
            <NavLink
              key={r.id}
              component="button"
              label={r.name}
              description={r.builtin ? 'Built-in' : 'Custom'}
              active={r.id === role?.id}
              onClick={() => setSelected(r.id)}
              styles={{ root: { borderRadius: 8 } }}
            />
          ))}
          {can(me, 'users', 'create') ? (
            <Button
              variant="subtle"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setCreating(true)}
              mt="xs"
            >
              New role
            </Button>
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 9 }} miw={0}>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
          {role ? <RoleEditor key={role.id} role={role} canEdit={can(me, 'users', 'update')} /> : null}
        </Paper>
      </Grid.Col>
      <NewRoleModal
        opened={creating}
        onClose={() => setCreating(false)}
        roles={roles.data}
        onCreated={(r) => setSelected(r.id)}
      />
    </Grid>
  );
}
