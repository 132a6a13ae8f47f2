import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import {
  CASE_PRIORITIES,
  type CasePriority,
  type CaseType,
  caseTypesKey,
  caseTypesQueryOptions,
  createCaseType,
  createSlaPolicy,
  deleteSlaPolicy,
  fetchHolidays,
  fetchServiceSettings,
  holidaysKey,
  minutesAsHours,
  priorityLabel,
  type SlaPolicy,
  saveHolidays,
  saveServiceSettings,
  serviceSettingsKey,
  slaPoliciesKey,
  slaPoliciesQueryOptions,
  updateCaseType,
  updateSlaPolicy,
} from '../api.ts';
import { CannedResponsesSettings } from './CannedResponsesSettings.tsx';
import { CostRatesSettings } from './CaseCosts.tsx';

const fieldError = (error: unknown, pointer: string) =>
  isApiError(error) ? error.errors?.find((e) => e.pointer === pointer)?.detail : undefined;
/** Problems no input shows, for the form's alert. */
const unplacedError = (error: unknown, pointers: string[]) =>
  error && (!isApiError(error) || !error.errors?.length || error.errors.some((e) => !pointers.includes(e.pointer)));

const REQUIRABLE = [
  { value: 'description', label: 'Description' },
  { value: 'personId', label: 'Person' },
  { value: 'companyId', label: 'Company' },
  { value: 'ownerId', label: 'Assignee' },
];

function CaseTypeModal({ type, onClose }: { type: CaseType | 'new'; onClose: () => void }) {
  const queryClient = useQueryClient();
  const editing = type === 'new' ? null : type;
  const [name, setName] = useState(editing?.name ?? '');
  const [priority, setPriority] = useState<CasePriority>(editing?.defaultPriority ?? 'normal');
  const [queue, setQueue] = useState<string | null>(editing?.defaultQueueId ?? null);
  const [process, setProcess] = useState(editing?.process ?? '');
  const [required, setRequired] = useState<string[]>(editing?.requiredFields ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        defaultPriority: priority,
        defaultQueueId: queue,
        process: process.trim() ? process : null,
        requiredFields: required,
      };
      return editing ? updateCaseType(editing.id, body, editing.version) : createCaseType(body);
    },
    onSuccess: async () => {
      notifications.show({ message: editing ? 'Case type saved.' : 'Case type added.' });
      await queryClient.invalidateQueries({ queryKey: caseTypesKey });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${editing.name}` : 'New case type'} centered size="lg">
      <Stack>
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="Billing question"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, '/name')}
        />
        <Group grow align="flex-start">
          <Select
            label="Default priority"
            allowDeselect={false}
            data={CASE_PRIORITIES.map(({ value, label }) => ({ value, label }))}
            value={priority}
            onChange={(v) => v && setPriority(v as CasePriority)}
            error={fieldError(save.error, '/defaultPriority')}
          />
          <TeamSelect
            label="Default queue"
            placeholder="No queue"
            value={queue}
            onChange={setQueue}
            error={fieldError(save.error, '/defaultQueueId')}
          />
        </Group>
        <MultiSelect
          label="Required fields"
          description="A case of this type cannot be saved without them"
          data={REQUIRABLE}
          value={required}
          onChange={setRequired}
          error={fieldError(save.error, '/requiredFields')}
        />
        <Textarea
          label="Process"
          description="The steps to resolve a case of this type, in markdown; shown on every such case"
          autosize
          minRows={4}
          value={process}
          onChange={(e) => setProcess(e.currentTarget.value)}
          error={fieldError(save.error, '/process')}
        />
        {unplacedError(save.error, ['/name', '/defaultPriority', '/defaultQueueId', '/requiredFields', '/process']) ? (
          <ErrorAlert error={save.error} title="Not saved" />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
            {editing ? 'Save' : 'Add case type'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SlaPolicyModal({
  policy,
  types,
  onClose,
}: {
  policy: SlaPolicy | 'new';
  types: CaseType[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const editing = policy === 'new' ? null : policy;
  const [name, setName] = useState(editing?.name ?? '');
  const [priority, setPriority] = useState<string | null>(editing?.priority ?? null);
  const [caseTypeId, setCaseTypeId] = useState<string | null>(editing?.caseTypeId ?? null);
  const [firstHours, setFirstHours] = useState<number | string>(editing ? editing.firstResponseMinutes / 60 : '');
  const [resolutionHours, setResolutionHours] = useState<number | string>(
    editing ? editing.resolutionMinutes / 60 : '',
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        priority: (priority as CasePriority | null) ?? null,
        caseTypeId,
        firstResponseMinutes: Math.round(Number(firstHours) * 60),
        resolutionMinutes: Math.round(Number(resolutionHours) * 60),
      };
      return editing ? updateSlaPolicy(editing.id, body) : createSlaPolicy(body);
    },
    onSuccess: async () => {
      notifications.show({ message: editing ? 'SLA policy saved.' : 'SLA policy added.' });
      await queryClient.invalidateQueries({ queryKey: slaPoliciesKey });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${editing.name}` : 'New SLA policy'} centered>
      <Stack>
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="High priority"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, '/name')}
        />
        <Group grow align="flex-start">
          <Select
            label="Priority"
            placeholder="Any priority"
            clearable
            data={CASE_PRIORITIES.map(({ value, label }) => ({ value, label }))}
            value={priority}
            onChange={setPriority}
            error={fieldError(save.error, '/priority')}
          />
          <Select
            label="Case type"
            placeholder="Any case type"
            clearable
            data={types.map((t) => ({ value: t.id, label: t.name }))}
            value={caseTypeId}
            onChange={setCaseTypeId}
            error={fieldError(save.error, '/caseTypeId')}
          />
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            label="First response within (business hours)"
            required
            min={0.25}
            step={0.5}
            decimalScale={2}
            value={firstHours}
            onChange={setFirstHours}
            error={fieldError(save.error, '/firstResponseMinutes')}
          />
          <NumberInput
            label="Resolution within (business hours)"
            required
            min={0.25}
            step={1}
            decimalScale={2}
            value={resolutionHours}
            onChange={setResolutionHours}
            error={fieldError(save.error, '/resolutionMinutes')}
          />
        </Group>
        <Text size="xs" c="dimmed">
          Counted in the workspace's business hours and time zone (Settings → Workspace), skipping holidays; the clocks
          stand still while a case waits on the customer.
        </Text>
        {unplacedError(save.error, [
          '/name',
          '/priority',
          '/caseTypeId',
          '/firstResponseMinutes',
          '/resolutionMinutes',
        ]) ? (
          <ErrorAlert error={save.error} title="Not saved" />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!name.trim() || firstHours === '' || resolutionHours === ''}
          >
            {editing ? 'Save' : 'Add SLA policy'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Holidays() {
  const queryClient = useQueryClient();
  const holidays = useQuery({ queryKey: holidaysKey, queryFn: fetchHolidays });
  const [draft, setDraft] = useState<string[] | null>(null);
  const value = draft ?? holidays.data ?? [];
  const save = useMutation({
    mutationFn: () => saveHolidays([...value].sort()),
    onSuccess: async () => {
      setDraft(null);
      notifications.show({ message: 'Holidays saved.' });
      await queryClient.invalidateQueries({ queryKey: holidaysKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        Holidays
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Days the SLA clocks skip, as YYYY-MM-DD (type a date and press Enter).
      </Text>
      {holidays.isError ? (
        <ErrorAlert error={holidays.error} title="The holidays could not load" onRetry={() => holidays.refetch()} />
      ) : (
        <Group align="flex-end" gap="sm">
          <TagsInput
            label="Holiday dates"
            placeholder="2027-01-01"
            value={value}
            onChange={(next) => setDraft(next.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))}
            style={{ flex: 1, minWidth: 240 }}
            error={fieldError(save.error, '/holidays')}
          />
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={draft === null}>
            Save holidays
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** How long after a first-contact resolution a reopen still takes the flag back (service.fcr_rate). */
function FirstContactSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: serviceSettingsKey, queryFn: fetchServiceSettings });
  const [draft, setDraft] = useState<number | null>(null);
  const value = draft ?? settings.data?.fcrReopenDays ?? 7;
  const save = useMutation({
    mutationFn: () => saveServiceSettings({ fcrReopenDays: value }),
    onSuccess: async () => {
      setDraft(null);
      notifications.show({ message: 'First-contact window saved. It applies to reopens from now on.' });
      await queryClient.invalidateQueries({ queryKey: serviceSettingsKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        First-contact resolution
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A case counts as resolved at first contact when it was resolved with at most one exchange with the customer and
        not reopened within this many days. Changing it applies to reopens from now on; past figures stay as measured.
      </Text>
      {settings.isError ? (
        <ErrorAlert error={settings.error} title="The setting could not load" onRetry={() => settings.refetch()} />
      ) : (
        <Group align="flex-end" gap="sm">
          <NumberInput
            label="Reopen window (days)"
            min={1}
            max={365}
            allowDecimal={false}
            value={value}
            onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
            w={200}
            error={fieldError(save.error, '/fcrReopenDays')}
          />
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={draft === null}>
            Save window
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** Settings → Case types & SLAs: case types (defaults, required fields, process), SLA policies, holidays, costs. */
export function ServiceSettingsPage() {
  const queryClient = useQueryClient();
  const types = useQuery(caseTypesQueryOptions());
  const policies = useQuery(slaPoliciesQueryOptions());
  const [typeOpen, setTypeOpen] = useState<CaseType | 'new' | null>(null);
  const [policyOpen, setPolicyOpen] = useState<SlaPolicy | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (p: SlaPolicy) => deleteSlaPolicy(p.id),
    onSuccess: async (_, p) => {
      notifications.show({ message: `${p.name} removed. Cases it timed keep their due times.` });
      await queryClient.invalidateQueries({ queryKey: slaPoliciesKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
  });
  if (types.isPending || policies.isPending) return <PageSkeleton />;
  if (types.isError)
    return <ErrorAlert error={types.error} title="Case types could not load" onRetry={() => types.refetch()} />;
  if (policies.isError)
    return <ErrorAlert error={policies.error} title="SLA policies could not load" onRetry={() => policies.refetch()} />;
  const typeName = (id: string | null) =>
    id ? (types.data.find((t) => t.id === id)?.name ?? 'Unknown type') : 'Any type';

  return (
    <Stack>
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={2} size="h4">
              Case types
            </Title>
            <Text size="sm" c="dimmed" maw={640}>
              Kinds of question or problem. Each gives a new case its priority and queue, and shows its process on the
              case.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setTypeOpen('new')}>
            New case type
          </Button>
        </Group>
        {types.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No case types yet. Add the kinds of question you get most, like "Billing question" or "Fault report".
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Default priority</Table.Th>
                  <Table.Th>Required</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.data.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {t.name}
                      </Text>
                      {t.archived ? <Badge color="gray">Archived</Badge> : null}
                    </Table.Td>
                    <Table.Td>{priorityLabel(t.defaultPriority)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t.requiredFields.map((f) => REQUIRABLE.find((r) => r.value === f)?.label ?? f).join(', ') ||
                          '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button size="xs" variant="subtle" onClick={() => setTypeOpen(t)} aria-label={`Edit ${t.name}`}>
                          Edit
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={2} size="h4">
              SLA policies
            </Title>
            <Text size="sm" c="dimmed" maw={640}>
              How soon a case must be answered and resolved, in business hours. A case takes the most specific policy:
              type and priority, then type, then priority, then one for any case.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setPolicyOpen('new')}>
            New SLA policy
          </Button>
        </Group>
        {policies.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No SLA policies yet: cases have no due times. Add one for any case, then tighter ones for high priority.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Applies to</Table.Th>
                  <Table.Th>First response</Table.Th>
                  <Table.Th>Resolution</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {policies.data.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {p.priority ? `${priorityLabel(p.priority)} priority` : 'Any priority'} ·{' '}
                        {typeName(p.caseTypeId)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{minutesAsHours(p.firstResponseMinutes)}</Table.Td>
                    <Table.Td>{minutesAsHours(p.resolutionMinutes)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setPolicyOpen(p)}
                          aria-label={`Edit ${p.name}`}
                        >
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => remove.mutate(p)}
                          aria-label={`Remove ${p.name}`}
                        >
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Holidays />
      <FirstContactSettings />
      <CostRatesSettings />
      <CannedResponsesSettings />
      {typeOpen !== null ? (
        <CaseTypeModal
          key={typeOpen === 'new' ? 'new' : typeOpen.id}
          type={typeOpen}
          onClose={() => setTypeOpen(null)}
        />
      ) : null}
      {policyOpen !== null ? (
        <SlaPolicyModal
          key={policyOpen === 'new' ? 'new' : policyOpen.id}
          policy={policyOpen}
          types={types.data}
          onClose={() => setPolicyOpen(null)}
        />
      ) : null}
    </Stack>
  );
}
