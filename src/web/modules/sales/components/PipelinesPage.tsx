import {
  ActionIcon,
  Alert,
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
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconFileDescription, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import {
  createPipeline,
  fetchLostReasons,
  fetchPipelines,
  lostReasonsKey,
  type Pipeline,
  pipelinesKey,
  REQUIRABLE_FIELDS,
  replaceLostReasons,
  type StageDraft,
  TEMPLATE_STAGES,
  updatePipeline,
} from '../api/pipelines.ts';

const OUTCOMES = [
  { value: 'open', label: 'Open' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
];

const toDrafts = (p: Pipeline): StageDraft[] =>
  p.stages.map((s) => ({
    id: s.id,
    name: s.name,
    probability: s.probability,
    stalledAfterDays: s.stalledAfterDays,
    requiredFields: s.requiredFields,
    playbook: s.playbook,
    outcome: s.outcome,
  }));

/** The server's problem for one field of the editor, if it named one. */
function problemAt(error: unknown, pointer: string): string | undefined {
  return isApiError(error) ? error.errors?.find((e) => e.pointer === pointer)?.detail : undefined;
}

function PlaybookModal({
  stage,
  onClose,
  onSave,
}: {
  stage: StageDraft | null;
  onClose: () => void;
  onSave: (playbook: string | null) => void;
}) {
  const [text, setText] = useState('');
  useEffect(() => setText(stage?.playbook ?? ''), [stage]);
  return (
    <Modal opened={stage !== null} onClose={onClose} title={`Playbook: ${stage?.name ?? ''}`} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          What a rep does in this stage, in your own words: questions to ask, documents to send, who signs off. It is
          shown on every deal in the stage. Markdown works (headings, lists, links, checklists).
        </Text>
        <Textarea
          label="Playbook"
          autosize
          minRows={8}
          maxRows={20}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => onSave(text.trim() === '' ? null : text)}>Keep playbook</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Asks where the deals of each removed stage go, when the server says they hold deals. */
function MovesModal({
  removed,
  kept,
  onClose,
  onConfirm,
}: {
  removed: { id: string; name: string; detail: string }[];
  kept: StageDraft[];
  onClose: () => void;
  onConfirm: (moves: Record<string, string>) => void;
}) {
  const [moves, setMoves] = useState<Record<string, string>>({});
  const options = kept.flatMap((s) => (s.id ? [{ value: s.id, label: s.name }] : []));
  const ready = removed.every((r) => moves[r.id]);
  return (
    <Modal opened={removed.length > 0} onClose={onClose} title="Where do their deals go?" centered>
      <Stack>
        <Text size="sm">
          Removing a stage never loses a deal. Choose the stage each removed stage's deals move to; each move is
          recorded in the deal's stage history.
        </Text>
        {removed.map((r) => (
          <Select
            key={r.id}
            label={`Deals in "${r.name}"`}
            description={r.detail}
            data={options}
            value={moves[r.id] ?? null}
            onChange={(v) => setMoves((m) => ({ ...m, ...(v ? { [r.id]: v } : {}) }))}
            allowDeselect={false}
          />
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!ready} onClick={() => onConfirm(moves)}>
            Move deals and save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function StageEditor({ pipeline }: { pipeline: Pipeline }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<StageDraft[]>(() => toDrafts(pipeline));
  const [playbookOf, setPlaybookOf] = useState<number | null>(null);
  const [pendingMoves, setPendingMoves] = useState<{ id: string; name: string; detail: string }[]>([]);
  useEffect(() => {
    setName(pipeline.name);
    setStages(toDrafts(pipeline));
  }, [pipeline]);

  const save = useMutation({
    mutationFn: (stageMoves?: Record<string, string>) =>
      updatePipeline(pipeline, { name: name.trim(), stages, ...(stageMoves ? { stageMoves } : {}) }),
    onSuccess: async () => {
      setPendingMoves([]);
      notifications.show({ message: 'Pipeline saved.' });
      await queryClient.invalidateQueries({ queryKey: pipelinesKey });
    },
    onError: (error) => {
      if (isApiError(error, 409) && error.errors?.some((e) => e.pointer.startsWith('/stageMoves/'))) {
        setPendingMoves(
          (error.errors ?? []).map((e) => {
            const id = e.pointer.slice('/stageMoves/'.length);
            return { id, name: pipeline.stages.find((s) => s.id === id)?.name ?? id, detail: e.detail };
          }),
        );
        return;
      }
      if (isApiError(error, 412)) {
        notifications.show({
          color: 'orange',
          title: 'Changed by someone else',
          message: 'The pipeline changed since you opened it. Reload it and re-apply your change.',
        });
        return;
      }
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
    },
  });
  const archive = useMutation({
    mutationFn: () => updatePipeline(pipeline, { archived: !pipeline.archived }),
    onSuccess: async (p) => {
      notifications.show({ message: p.archived ? 'Archived: no new deals go into it.' : 'Back in use.' });
      await queryClient.invalidateQueries({ queryKey: pipelinesKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
  });

  const set = (i: number, patch: Partial<StageDraft>) =>
    setStages((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) =>
    setStages((all) => {
      const next = [...all];
      const [s] = next.splice(i, 1);
      if (s) next.splice(i + by, 0, s);
      return next;
    });
  const dirty = name !== pipeline.name || JSON.stringify(stages) !== JSON.stringify(toDrafts(pipeline));
  const shapeError = problemAt(save.error, '/stages');

  return (
    <Stack>
      <Group align="flex-end" justify="space-between" wrap="wrap">
        <TextInput
          label="Pipeline name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={problemAt(save.error, '/name')}
          w={320}
        />
        <Group gap="xs">
          {pipeline.archived ? <Badge color="gray">Archived</Badge> : null}
          <Button variant="default" onClick={() => archive.mutate()} loading={archive.isPending}>
            {pipeline.archived ? 'Use again' : 'Archive'}
          </Button>
        </Group>
      </Group>
      {shapeError ? (
        <Alert color="red" variant="light" title="The stages need fixing">
          This pipeline {shapeError}.
        </Alert>
      ) : null}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" aria-label={`Stages of ${pipeline.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Order</Table.Th>
                <Table.Th w={220}>Stage</Table.Th>
                <Table.Th w={110}>Outcome</Table.Th>
                <Table.Th w={110}>Win %</Table.Th>
                <Table.Th w={120}>Stalled after</Table.Th>
                <Table.Th>Required to enter</Table.Th>
                <Table.Th w={110}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stages.map((s, i) => (
                <Table.Tr key={s.id ?? `new-${i}`}>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Move ${s.name || 'stage'} up`}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Move ${s.name || 'stage'} down`}
                        disabled={i === stages.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`Stage ${i + 1} name`}
                      value={s.name}
                      onChange={(e) => set(i, { name: e.currentTarget.value })}
                      error={problemAt(save.error, `/stages/${i}/name`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Stage ${i + 1} outcome`}
                      data={OUTCOMES}
                      value={s.outcome}
                      allowDeselect={false}
                      onChange={(v) => {
                        const outcome = (v ?? 'open') as StageDraft['outcome'];
                        set(i, {
                          outcome,
                          ...(outcome === 'won' ? { probability: 100, stalledAfterDays: null } : {}),
                          ...(outcome === 'lost' ? { probability: 0, stalledAfterDays: null } : {}),
                        });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Stage ${i + 1} win probability in percent`}
                      min={0}
                      max={100}
                      clampBehavior="strict"
                      suffix="%"
                      disabled={s.outcome !== 'open'}
                      value={s.probability}
                      onChange={(v) => set(i, { probability: typeof v === 'number' ? v : 0 })}
                      error={problemAt(save.error, `/stages/${i}/probability`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Stage ${i + 1}: days before a deal is stalled`}
                      min={1}
                      max={3650}
                      suffix=" days"
                      placeholder="Never"
                      disabled={s.outcome !== 'open'}
                      value={s.stalledAfterDays ?? ''}
                      onChange={(v) => set(i, { stalledAfterDays: typeof v === 'number' ? v : null })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={`Stage ${i + 1}: fields required to enter`}
                      data={REQUIRABLE_FIELDS}
                      value={s.requiredFields}
                      placeholder={s.outcome === 'lost' ? 'A lost reason is always asked for' : 'Nothing'}
                      onChange={(v) => set(i, { requiredFields: v })}
                      clearable
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <Tooltip label={s.playbook ? 'Edit the playbook' : 'Write a playbook'}>
                        <ActionIcon
                          variant={s.playbook ? 'light' : 'subtle'}
                          aria-label={`Playbook of ${s.name || 'stage'}`}
                          onClick={() => setPlaybookOf(i)}
                        >
                          <IconFileDescription size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${s.name || 'stage'}`}
                        onClick={() => setStages((all) => all.filter((_, j) => j !== i))}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => {
            const firstClosed = stages.findIndex((s) => s.outcome !== 'open');
            const at = firstClosed === -1 ? stages.length : firstClosed;
            const next = [...stages];
            next.splice(at, 0, {
              name: '',
              probability: 50,
              stalledAfterDays: 14,
              requiredFields: [],
              playbook: null,
              outcome: 'open',
            });
            setStages(next);
          }}
        >
          Add stage
        </Button>
        <Group gap="xs">
          <Button variant="default" disabled={!dirty} onClick={() => setStages(toDrafts(pipeline))}>
            Discard changes
          </Button>
          <Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(undefined)}>
            Save pipeline
          </Button>
        </Group>
      </Group>
      <PlaybookModal
        stage={playbookOf === null ? null : (stages[playbookOf] ?? null)}
        onClose={() => setPlaybookOf(null)}
        onSave={(playbook) => {
          if (playbookOf !== null) set(playbookOf, { playbook });
          setPlaybookOf(null);
        }}
      />
      <MovesModal
        removed={pendingMoves}
        kept={stages}
        onClose={() => setPendingMoves([])}
        onConfirm={(moves) => save.mutate(moves)}
      />
    </Stack>
  );
}

function LostReasons() {
  const queryClient = useQueryClient();
  const reasons = useQuery({ queryKey: lostReasonsKey, queryFn: fetchLostReasons });
  const [draft, setDraft] = useState<{ id?: string; label: string; active: boolean }[]>([]);
  useEffect(() => {
    if (reasons.data) setDraft(reasons.data.map((r) => ({ id: r.id, label: r.label, active: r.active })));
  }, [reasons.data]);
  const save = useMutation({
    mutationFn: () => replaceLostReasons(draft.filter((r) => r.label.trim() !== '')),
    onSuccess: async () => {
      notifications.show({ message: 'Lost reasons saved.' });
      await queryClient.invalidateQueries({ queryKey: lostReasonsKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  if (reasons.isPending) return <PageSkeleton />;
  if (reasons.isError) return <ErrorAlert error={reasons.error} title="Lost reasons could not load" />;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Lost reasons
      </Title>
      <Text size="sm" c="dimmed">
        A rep picks one whenever a deal enters a lost stage, so you can see why deals are lost. Switching a reason off
        keeps it on the deals lost for it.
      </Text>
      {draft.length === 0 ? (
        <Text size="sm" c="dimmed">
          No reasons yet. Add the three or four you hear most (price, timing, a competitor, no decision).
        </Text>
      ) : null}
      {draft.map((r, i) => (
        <Group key={r.id ?? `new-${i}`} gap="xs">
          <TextInput
            aria-label={`Lost reason ${i + 1}`}
            value={r.label}
            onChange={(e) => {
              const label = e.currentTarget.value;
              setDraft((all) => all.map((x, j) => (j === i ? { ...x, label } : x)));
            }}
            w={320}
            error={problemAt(save.error, `/reasons/${i}/label`)}
          />
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setDraft((all) => all.map((x, j) => (j === i ? { ...x, active: !x.active } : x)))}
          >
            {r.active ? 'Switch off' : 'Switch on'}
          </Button>
          {!r.active ? <Badge color="gray">Off</Badge> : null}
        </Group>
      ))}
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setDraft((all) => [...all, { label: '', active: true }])}
        >
          Add reason
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={draft.every((r) => !r.label.trim())}>
          Save reasons
        </Button>
      </Group>
    </Stack>
  );
}

export function PipelinesPage() {
  const queryClient = useQueryClient();
  const pipelines = useQuery({ queryKey: pipelinesKey, queryFn: fetchPipelines });
  const [tab, setTab] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      createPipeline({
        name: (pipelines.data?.length ?? 0) === 0 ? 'New business' : `Pipeline ${(pipelines.data?.length ?? 0) + 1}`,
        stages: TEMPLATE_STAGES,
      }),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: pipelinesKey });
      setTab(p.id);
      notifications.show({ message: 'Pipeline added. Rename its stages to match how you sell.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not added', message: errorMessage(error) }),
  });
  if (pipelines.isPending) return <PageSkeleton />;
  if (pipelines.isError)
    return <ErrorAlert error={pipelines.error} title="Pipelines could not load" onRetry={() => pipelines.refetch()} />;
  const current = pipelines.data.find((p) => p.id === tab) ?? pipelines.data[0];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          Describe how your business sells: one pipeline per way of selling (new business, renewals, partners), each
          with the stages a deal goes through, the chance of winning at each, how long a deal may wait before it is
          stalled, what must be known to enter a stage, and a playbook reps see on every deal in it.
        </Text>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => create.mutate()}
          loading={create.isPending}
        >
          New pipeline
        </Button>
      </Group>
      {current ? (
        <Tabs value={current.id} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            {pipelines.data.map((p) => (
              <Tabs.Tab key={p.id} value={p.id} c={p.archived ? 'dimmed' : undefined}>
                {p.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {pipelines.data.map((p) => (
            <Tabs.Panel key={p.id} value={p.id} pt="md">
              <StageEditor pipeline={p} />
            </Tabs.Panel>
          ))}
        </Tabs>
      ) : (
        <Paper withBorder radius="md" p="lg">
          <Text size="sm" c="dimmed">
            No pipelines yet. Add one: it starts with five common stages that you then rename, reorder and describe.
          </Text>
        </Paper>
      )}
      <LostReasons />
    </Stack>
  );
}
