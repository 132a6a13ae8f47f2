import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconDownload, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { type Job, watchJob } from '../../jobs/api/jobs.ts';
import {
  chooseSheet,
  deleteMapping,
  dryRunImport,
  fetchImport,
  fetchMappings,
  fetchRejections,
  type Import,
  type ImportDryRun,
  type ImportOptions,
  type ImportRejection,
  importKey,
  isErpKind,
  KIND_LABELS,
  MATCH_OPTIONS,
  type MatchChoice,
  mappingsKey,
  matchOptions,
  rejectedCsvUrl,
  runImport,
  type SavedMapping,
  saveMapping,
  undoImport,
} from '../api/imports.ts';

const route = getRouteApi('/app/imports/$importId');

const STATUS: Record<Import['status'], { label: string; color: string }> = {
  uploaded: { label: 'Not run yet', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  succeeded: { label: 'Done', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  undone: { label: 'Undone', color: 'gray' },
};
const ENCODINGS: Record<Import['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows (Western European)',
};
const DELIMITERS: Record<NonNullable<Import['delimiter']>, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'bars',
};

/** What was detected of the file, in words. */
function describeFile(imp: Import): string {
  const columns = `${imp.headers.length} columns`;
  if (imp.format === 'xlsx') return `${imp.fileName}: Excel workbook, sheet “${imp.sheet ?? ''}”, ${columns}`;
  if (imp.format === 'vcard') return `${imp.fileName}: vCard contacts, ${ENCODINGS[imp.encoding]}, one card a row`;
  return `${imp.fileName}: ${ENCODINGS[imp.encoding]}, separated by ${DELIMITERS[imp.delimiter ?? ',']}, ${columns}`;
}

/** Steps two to four of an import: map the columns, dry run, run with a live progress bar, then the result and undo. */
export function ImportPage() {
  const { importId } = route.useParams();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: importKey(importId), queryFn: () => fetchImport(importId) });
  const imp = query.data;
  useDocumentTitle(imp ? `Import ${imp.fileName}` : 'Import');
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!imp) return <PageSkeleton />;
  const refresh = (next?: Import) => {
    if (next) queryClient.setQueryData(importKey(importId), next);
    void queryClient.invalidateQueries({ queryKey: importKey(importId) });
    void queryClient.invalidateQueries({ queryKey: [imp.kind] });
  };
  return (
    <Stack>
      <PageHeader
        title={`Import ${KIND_LABELS[imp.kind].plural.toLowerCase()}`}
        description={describeFile(imp)}
        actions={<Badge color={STATUS[imp.status].color}>{STATUS[imp.status].label}</Badge>}
      />
      {imp.status === 'uploaded' && imp.format === 'xlsx' && imp.sheets ? (
        <SheetPicker imp={imp} onChosen={(next) => queryClient.setQueryData(importKey(importId), next)} />
      ) : null}
      {imp.status === 'uploaded' ? (
        // A new sheet is new columns: the mapping starts again from its suggestion.
        <MappingStep key={`${imp.sheet ?? ''}|${imp.headers.join('|')}`} imp={imp} onStarted={refresh} />
      ) : null}
      {imp.status === 'running' && imp.jobId ? <RunProgress imp={imp} onEnd={() => refresh()} /> : null}
      {imp.status === 'succeeded' || imp.status === 'failed' || imp.status === 'undone' ? (
        <RunResult imp={imp} onUndo={refresh} />
      ) : null}
    </Stack>
  );
}

/** The sheet of a workbook to import (the first is read at upload). */
function SheetPicker({ imp, onChosen }: { imp: Import; onChosen: (imp: Import) => void }) {
  const choose = useMutation({ mutationFn: (sheet: string) => chooseSheet(imp.id, sheet), onSuccess: onChosen });
  return (
    <Card withBorder padding="lg">
      <Stack gap="xs">
        <Select
          label="Sheet"
          description={
            imp.sheets!.length > 1
              ? `The workbook has ${imp.sheets!.length} sheets; one is imported at a time.`
              : 'The workbook has one sheet.'
          }
          data={imp.sheets!}
          value={choose.isPending ? choose.variables : imp.sheet}
          onChange={(v) => {
            if (v && v !== imp.sheet) choose.mutate(v);
          }}
          allowDeselect={false}
          disabled={choose.isPending || imp.sheets!.length < 2}
          maw={360}
        />
        {choose.error ? <ErrorAlert error={choose.error} title="That sheet cannot be read" /> : null}
      </Stack>
    </Card>
  );
}

/** A saved mapping's fields for this file's headers (headers it does not know are left out). */
const applySaved = (imp: Import, saved: SavedMapping) =>
  Object.fromEntries(imp.headers.map((h) => [h, saved.mapping[h] ?? null]));

/** Choose a saved mapping, save the one on screen under a name, or delete a saved one. */
function SavedMappings({
  imp,
  mapping,
  chosen,
  onChoose,
}: {
  imp: Import;
  mapping: Record<string, string | null>;
  chosen: string | null;
  onChoose: (saved: SavedMapping | null) => void;
}) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: mappingsKey(imp.kind), queryFn: () => fetchMappings(imp.kind) });
  const saved = list.data?.data ?? [];
  const [name, setName] = useState('');
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: mappingsKey(imp.kind) });
  const save = useMutation({
    mutationFn: () => saveMapping(imp.kind, name.trim(), mapping),
    onSuccess: (m) => {
      invalidate();
      onChoose(m);
      setName('');
      notifications.show({ message: `Mapping saved as “${m.name}”` });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteMapping(id),
    onSuccess: () => {
      invalidate();
      onChoose(null);
      notifications.show({ message: 'Saved mapping deleted' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });
  return (
    <Stack gap="xs" mb="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Select
            label="Saved mapping"
            placeholder={saved.length === 0 ? 'None saved yet' : 'Choose one to apply'}
            data={saved.map((m) => ({ value: m.id, label: m.name }))}
            value={chosen}
            onChange={(id) => {
              const m = saved.find((x) => x.id === id);
              if (m) onChoose(m);
            }}
            disabled={saved.length === 0}
            searchable
            style={{ flex: 1 }}
          />
          {chosen ? (
            <Button
              variant="default"
              aria-label="Delete this saved mapping"
              onClick={() => remove.mutate(chosen)}
              loading={remove.isPending}
            >
              <IconTrash size={16} aria-hidden />
            </Button>
          ) : null}
        </Group>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label="Save this mapping as"
              placeholder="e.g. HubSpot contacts"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              variant="default"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              disabled={!name.trim()}
              loading={save.isPending}
            >
              Save
            </Button>
          </Group>
        </form>
      </SimpleGrid>
      {save.error ? <ErrorAlert error={save.error} title="The mapping cannot be saved" /> : null}
    </Stack>
  );
}

function MappingStep({ imp, onStarted }: { imp: Import; onStarted: (imp: Import) => void }) {
  const [mapping, setMapping] = useState<Record<string, string | null>>(imp.mapping);
  const [savedId, setSavedId] = useState<string | null>(imp.savedMapping?.id ?? null);
  const [match, setMatch] = useState<MatchChoice>('none');
  const [update, setUpdate] = useState<NonNullable<ImportOptions['update']>>('fill-empty');
  const [mode, setMode] = useState<NonNullable<ImportOptions['mode']>>('valid-rows');
  const [dry, setDry] = useState<ImportDryRun | null>(null);
  const options: ImportOptions = { mapping, ...matchOptions(match), update, mode };
  const targetOptions = useMemo(
    () => [{ value: '', label: 'Leave out' }, ...imp.targets.map((t) => ({ value: t.key, label: t.label }))],
    [imp.targets],
  );
  const used = new Set(Object.values(mapping).filter(Boolean));
  const dryRun = useMutation({ mutationFn: () => dryRunImport(imp.id, options), onSuccess: setDry });
  const run = useMutation({ mutationFn: () => runImport(imp.id, options), onSuccess: onStarted });
  const changed = () => setDry(null);

  return (
    <>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          Columns
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {imp.savedMapping && savedId === imp.savedMapping.id
            ? `Each column of the file goes into the field chosen here, from the saved mapping “${imp.savedMapping.name}”, which fits these columns.`
            : 'Each column of the file goes into the field chosen here; the suggestions come from the column names.'}
        </Text>
        <SavedMappings
          imp={imp}
          mapping={mapping}
          chosen={savedId}
          onChoose={(m) => {
            setSavedId(m?.id ?? null);
            if (m) setMapping(applySaved(imp, m));
            changed();
          }}
        />
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column in the file</Table.Th>
              <Table.Th>Rapport field</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.headers.map((header) => (
              <Table.Tr key={header}>
                <Table.Td>{header || <Text c="dimmed">(no header)</Text>}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Field for the column ${header}`}
                    data={targetOptions.map((o) => ({
                      ...o,
                      disabled: o.value !== '' && o.value !== mapping[header] && used.has(o.value),
                    }))}
                    value={mapping[header] ?? ''}
                    onChange={(v) => {
                      setMapping({ ...mapping, [header]: v || null });
                      changed();
                    }}
                    allowDeselect={false}
                    searchable
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Options
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {isErpKind(imp.kind) ? (
            <Stack gap={4} style={{ gridColumn: 'span 2' }}>
              <Text size="sm" fw={500}>
                Rows are matched on their ERP id
              </Text>
              <Text size="sm" c="dimmed">
                A row whose ERP id is new creates the record; one already stored is updated with the file's values (the
                ERP is the book of record), or left alone when nothing differs, so importing the same file again changes
                nothing. A row whose Deleted column says yes moves the record to the bin.
              </Text>
            </Stack>
          ) : (
            <>
              <Select
                label="Match rows to existing records by"
                data={MATCH_OPTIONS[imp.kind]}
                value={match}
                onChange={(v) => {
                  setMatch((v as typeof match) ?? 'none');
                  changed();
                }}
                allowDeselect={false}
              />
              <Radio.Group
                label="When a row matches a record"
                value={update}
                onChange={(v) => {
                  setUpdate(v as typeof update);
                  changed();
                }}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="fill-empty" label="Fill in its empty fields only" disabled={match === 'none'} />
                  <Radio value="overwrite" label="Overwrite its fields" disabled={match === 'none'} />
                  <Radio value="skip" label="Leave it as it is" disabled={match === 'none'} />
                </Stack>
              </Radio.Group>
            </>
          )}
          <Radio.Group
            label="When some rows are rejected"
            value={mode}
            onChange={(v) => {
              setMode(v as typeof mode);
              changed();
            }}
          >
            <Stack gap={6} mt={6}>
              <Radio value="valid-rows" label="Import the valid rows, report the rest" />
              <Radio value="all-or-nothing" label="Import nothing (all or nothing)" />
            </Stack>
          </Radio.Group>
        </SimpleGrid>
      </Card>

      {dryRun.error ? <ErrorAlert error={dryRun.error} title="The dry run cannot start" /> : null}
      {run.error ? <ErrorAlert error={run.error} title="The import cannot start" /> : null}
      <Group>
        <Button variant="default" onClick={() => dryRun.mutate()} loading={dryRun.isPending}>
          Dry run
        </Button>
        <Button onClick={() => run.mutate()} loading={run.isPending}>
          Import
        </Button>
      </Group>

      {dry ? (
        <Card component="section" withBorder padding="lg" aria-label="Dry run">
          <Title order={2} size="h4" mb="xs">
            Dry run: what the import would do
          </Title>
          <Counts counts={dry.counts} />
          <Rejections
            rows={dry.rejections}
            total={dry.counts.rejected}
            href={rejectedCsvUrl(imp.id, 'dry-run')}
            intro="Nothing has been written. These rows would be rejected:"
          />
        </Card>
      ) : null}
    </>
  );
}

function Counts({ counts }: { counts: Import['counts'] }) {
  const items = [
    { label: 'Rows read', value: counts.total },
    { label: 'Created', value: counts.created },
    { label: 'Updated', value: counts.updated },
    { label: 'Skipped', value: counts.skipped },
    { label: 'Rejected', value: counts.rejected },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md">
      {items.map((i) => (
        <Stack key={i.label} gap={0}>
          <Text size="xl" fw={700}>
            {i.value.toLocaleString()}
          </Text>
          <Text size="sm" c="dimmed">
            {i.label}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

function Rejections({
  rows,
  total,
  href,
  intro,
}: {
  rows: ImportRejection[];
  total: number;
  href: string;
  intro: string;
}) {
  if (total === 0) return <Text size="sm">No row is rejected.</Text>;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm">{intro}</Text>
        <Anchor href={href} size="sm" download>
          <Group gap={4}>
            <IconDownload size={16} aria-hidden />
            Download the rejected rows (CSV)
          </Group>
        </Anchor>
      </Group>
      <Table striped withTableBorder aria-label="Rejected rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.row}-${r.column ?? ''}-${r.reason}`}>
              <Table.Td>{r.row}</Table.Td>
              <Table.Td>{r.column ?? 'Whole row'}</Table.Td>
              <Table.Td>{r.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {total > rows.length ? (
        <Text size="sm" c="dimmed">
          The first {rows.length} of {total.toLocaleString()} rejections; the download has them all.
        </Text>
      ) : null}
    </Stack>
  );
}

/** The run's progress, live from its job's event stream. */
function RunProgress({ imp, onEnd }: { imp: Import; onEnd: () => void }) {
  const [job, setJob] = useState<Job | null>(null);
  const ended = useRef(onEnd);
  ended.current = onEnd;
  useEffect(() => watchJob(imp.jobId!, setJob, () => ended.current()), [imp.jobId]);
  const total = job?.progress.total ?? null;
  const done = job?.progress.done ?? 0;
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <Card component="section" withBorder padding="lg" aria-label="Import progress">
      <Stack gap="xs">
        <Text fw={500}>{job?.message ?? 'Waiting to start…'}</Text>
        <Progress value={pct} size="lg" aria-label="Import progress" animated striped />
        <Text size="sm" c="dimmed">
          You can leave this page: the import carries on, and the Background work menu follows it.
        </Text>
      </Stack>
    </Card>
  );
}

function RunResult({ imp, onUndo }: { imp: Import; onUndo: (imp: Import) => void }) {
  const [confirm, setConfirm] = useState(false);
  const rejections = useQuery({
    queryKey: [...importKey(imp.id), 'rejections'],
    queryFn: () => fetchRejections(imp.id, 'run'),
    enabled: imp.counts.rejected > 0,
  });
  const undo = useMutation({
    mutationFn: () => undoImport(imp.id),
    onSuccess: (next) => {
      setConfirm(false);
      onUndo(next);
      notifications.show({ message: 'Undoing the import…' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not undone', message: errorMessage(error) }),
  });
  const c = imp.counts;
  return (
    <Card component="section" withBorder padding="lg" aria-label="Import result">
      <Stack>
        {imp.status === 'failed' && imp.error ? (
          <Alert color="red" title="The import failed">
            {imp.error}
          </Alert>
        ) : null}
        {imp.status === 'undone' ? (
          <Alert color="gray" title="Undone">
            The records this import created are in the bin and the fields it changed have their previous values.
          </Alert>
        ) : null}
        <Counts counts={c} />
        <Rejections
          rows={rejections.data?.data ?? []}
          total={c.rejected}
          href={rejectedCsvUrl(imp.id, 'run')}
          intro="These rows were rejected:"
        />
        {(imp.status === 'succeeded' || imp.status === 'failed') && c.created + c.updated > 0 && !imp.undoable ? (
          <Text size="sm" c="dimmed">
            Not undone: {imp.undoNote}
          </Text>
        ) : null}
        {(imp.status === 'succeeded' || imp.status === 'failed') && c.created + c.updated > 0 && imp.undoable ? (
          <div>
            <Button variant="default" color="red" onClick={() => setConfirm(true)}>
              Undo this import
            </Button>
          </div>
        ) : null}
      </Stack>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title="Undo this import?">
        <Stack>
          <Text size="sm">
            The {c.created.toLocaleString()} records it created go to the bin and the {c.updated.toLocaleString()} it
            updated get their previous values back.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => undo.mutate()} loading={undo.isPending}>
              Undo
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
