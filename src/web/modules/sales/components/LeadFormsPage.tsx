import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, isApiError } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { CopyBox } from '../../../ui/CopyBox.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import { fetchPipelines, pipelinesKey } from '../api/pipelines.ts';

type LeadForm = components['schemas']['LeadForm'];

const FIELDS: { value: LeadForm['fields'][number]; label: string }[] = [
  { value: 'firstName', label: 'First name' },
  { value: 'lastName', label: 'Last name' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'companyName', label: 'Company' },
  { value: 'message', label: 'Message' },
  { value: 'country', label: 'Country' },
];

const formsKey = ['lead-forms'] as const;

const problemAt = (error: unknown, pointer: string) =>
  isApiError(error) ? error.errors?.find((e) => e.pointer === pointer)?.detail : undefined;

function LeadFormModal({ form, onClose }: { form: LeadForm | 'new'; onClose: () => void }) {
  const queryClient = useQueryClient();
  const editing = form === 'new' ? null : form;
  const pipelines = useQuery({ queryKey: pipelinesKey, queryFn: fetchPipelines });
  const [name, setName] = useState(editing?.name ?? 'Website contact');
  const [fields, setFields] = useState<string[]>(editing?.fields ?? ['firstName', 'lastName', 'email', 'message']);
  const [pipelineId, setPipelineId] = useState<string | null>(editing?.pipelineId ?? null);
  const [stageId, setStageId] = useState<string | null>(editing?.stageId ?? null);
  const [ownerId, setOwnerId] = useState<string | null>(editing?.ownerId ?? null);
  const [teamId, setTeamId] = useState<string | null>(editing?.assignTeamId ?? null);
  const [thankYouUrl, setThankYouUrl] = useState(editing?.thankYouUrl ?? '');
  const [active, setActive] = useState(editing?.active ?? true);
  const [created, setCreated] = useState<LeadForm | null>(null);
  const open = (pipelines.data ?? []).filter((p) => !p.archived);
  const pipeline = open.find((p) => p.id === pipelineId) ?? open[0];
  // A form can only start deals in an open stage that asks for nothing a web form cannot fill in.
  const stages = (pipeline?.stages ?? []).filter((s) => s.outcome === 'open' && s.requiredFields.length === 0);
  const stage = stages.find((s) => s.id === stageId) ?? stages[0];

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        fields,
        pipelineId: pipeline?.id ?? '',
        stageId: stage?.id ?? '',
        ownerId,
        assignTeamId: teamId,
        thankYouUrl: thankYouUrl.trim() === '' ? null : thankYouUrl.trim(),
        active,
      };
      return editing
        ? api.patch<LeadForm>(`/lead-forms/${encodeURIComponent(editing.id)}`, body, `"${editing.version}"`)
        : api.post<LeadForm>('/lead-forms', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: formsKey });
      if (editing) {
        notifications.show({ message: 'Form saved.' });
        onClose();
      } else setCreated(saved);
    },
  });

  if (created) {
    return (
      <Modal opened onClose={onClose} title="Paste this form into your website" size="lg" centered>
        <Stack>
          <Text size="sm">
            The snippet is a plain HTML form (no script): paste it where the form should appear. Each submission finds
            or adds the person by email or phone and opens a deal in the stage you chose.
          </Text>
          <CopyBox value={created.snippet} label="HTML snippet" />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  const generic = save.isError && !problemAt(save.error, '/fields') && !problemAt(save.error, '/name');
  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${editing.name}` : 'New web form'} size="lg" centered>
      {pipelines.isPending ? (
        <PageSkeleton />
      ) : open.length === 0 ? (
        <Text size="sm">Add a pipeline first (Settings → Pipelines): a form opens its deals in one of its stages.</Text>
      ) : (
        <Stack>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problemAt(save.error, '/name')}
            data-autofocus
          />
          <Checkbox.Group
            label="Fields the form asks for"
            description="An email or a phone is needed: that is how a submission finds its person."
            value={fields}
            onChange={setFields}
            error={problemAt(save.error, '/fields')}
          >
            <Group mt="xs" gap="md">
              {FIELDS.map((f) => (
                <Checkbox key={f.value} value={f.value} label={f.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group grow align="flex-start">
            <Select
              label="Pipeline"
              data={open.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline?.id ?? null}
              onChange={(v) => {
                setPipelineId(v);
                setStageId(null);
              }}
              allowDeselect={false}
            />
            <Select
              label="Deals start in"
              description="Open stages that require no field"
              data={stages.map((s) => ({ value: s.id, label: s.name }))}
              value={stage?.id ?? null}
              onChange={setStageId}
              allowDeselect={false}
              error={problemAt(save.error, '/stageId')}
            />
          </Group>
          <Group grow align="flex-start">
            <TeamSelect
              label="Share out within a team"
              description="Round-robin over its active members"
              value={teamId}
              onChange={setTeamId}
            />
            <UserSelect
              label="Otherwise, the owner"
              description="Who gets the deal when no team is set"
              value={ownerId}
              onChange={setOwnerId}
            />
          </Group>
          <TextInput
            label="Thank-you page"
            description="Where the visitor goes after sending the form (optional)"
            placeholder="https://example.com/thanks"
            value={thankYouUrl}
            onChange={(e) => setThankYouUrl(e.currentTarget.value)}
            error={problemAt(save.error, '/thankYouUrl')}
          />
          <Switch label="Accepting submissions" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          {generic ? <ErrorAlert error={save.error} title="Not saved" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={() => save.mutate()}
              loading={save.isPending}
              disabled={!name.trim() || fields.length === 0 || !stage}
            >
              {editing ? 'Save' : 'Create form'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Settings → Web forms: lead capture forms for the website, each opening deals in a chosen stage. */
export function LeadFormsPage() {
  const forms = useQuery({
    queryKey: formsKey,
    queryFn: async () => (await api.get<{ data: LeadForm[] }>('/lead-forms')).data,
  });
  const [open, setOpen] = useState<LeadForm | 'new' | null>(null);
  const [snippetOf, setSnippetOf] = useState<LeadForm | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (f: LeadForm) => api.delete(`/lead-forms/${encodeURIComponent(f.id)}`),
    onSuccess: async () => {
      notifications.show({ message: 'Form deleted. Pages that still post to it get a 404.' });
      await queryClient.invalidateQueries({ queryKey: formsKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });
  if (forms.isPending) return <PageSkeleton />;
  if (forms.isError)
    return <ErrorAlert error={forms.error} title="Web forms could not load" onRetry={() => forms.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          A web form on your website turns each enquiry into a person (found by email or phone, or added) and a deal in
          the stage you choose, with where it came from. Spam is kept out by a hidden field and a rate limit.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
          New web form
        </Button>
      </Group>
      <Paper withBorder radius="md">
        {forms.data.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            No web forms yet. Create one, paste its snippet into your contact page, and enquiries arrive as deals.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Fields</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {forms.data.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{f.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {f.fields.map((k) => FIELDS.find((x) => x.value === k)?.label ?? k).join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {f.active ? (
                        <Badge color="teal" variant="light">
                          Accepting
                        </Badge>
                      ) : (
                        <Badge color="gray">Off</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setSnippetOf(f)}
                          aria-label={`Snippet of ${f.name}`}
                        >
                          Snippet
                        </Button>
                        <Button size="xs" variant="subtle" onClick={() => setOpen(f)} aria-label={`Edit ${f.name}`}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => remove.mutate(f)}
                          aria-label={`Delete ${f.name}`}
                        >
                          Delete
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
      {open !== null ? (
        <LeadFormModal key={open === 'new' ? 'new' : open.id} form={open} onClose={() => setOpen(null)} />
      ) : null}
      <Modal
        opened={snippetOf !== null}
        onClose={() => setSnippetOf(null)}
        title={`Snippet: ${snippetOf?.name ?? ''}`}
        size="lg"
        centered
      >
        {snippetOf ? (
          <Stack>
            <CopyBox value={snippetOf.snippet} label="HTML snippet" />
            <Text size="sm" c="dimmed">
              Posts to {snippetOf.submitUrl}
            </Text>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
