import { Badge, Button, Grid, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconChecklist,
  IconHandFinger,
  IconMail,
  IconNote,
  IconPhone,
  IconPlus,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import type { AnchorKind } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { overlayOpen } from '../../../ui/overlay.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import type { TimelineFilters } from '../../activities/api/activities.ts';
import { ActivityComposer, type ComposerMode } from '../../activities/components/ActivityComposer.tsx';
import { TimelineFeed } from '../../activities/components/TimelineFeed.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { fetchRecordPromises } from '../../promises/api/promises.ts';
import { PromiseCard } from '../../promises/components/PromiseCard.tsx';
import { PromiseModal } from '../../promises/components/PromiseModal.tsx';
import { useCard } from '../../search/api/search.ts';
import { rememberRecent } from '../../search/recent.ts';
import { fetchRecordTasks } from '../../tasks/api/tasks.ts';
import { TaskModal } from '../../tasks/components/TaskModal.tsx';
import { TaskRow } from '../../tasks/components/TaskRow.tsx';
import type { RecordSearch, RecordTab } from '../recordSearch.ts';
import { RecordHeader } from './RecordHeader.tsx';
import classes from './RecordWorkspace.module.css';

const split = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);

function TasksPanel({ kind, id, onAdd }: { kind: AnchorKind; id: string; onAdd?: () => void }) {
  const tasks = useQuery({ queryKey: ['tasks', 'record', kind, id], queryFn: () => fetchRecordTasks(kind, id) });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Open tasks">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Open tasks{' '}
          {tasks.data?.total ? (
            <Badge variant="light" size="sm">
              {tasks.data.total}
            </Badge>
          ) : null}
        </Title>
        {onAdd ? (
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} aria-hidden />} onClick={onAdd}>
            Task
          </Button>
        ) : null}
      </Group>
      {tasks.isError ? (
        <ErrorAlert error={tasks.error} title="Tasks could not load" onRetry={() => tasks.refetch()} />
      ) : tasks.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : tasks.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to do here. Add a task to remind yourself of the next step.
        </Text>
      ) : (
        <Stack gap="sm">
          {tasks.data.data.map((t) => (
            <TaskRow key={t.id} task={t} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function PromisesPanel({ kind, id, onAdd }: { kind: AnchorKind; id: string; onAdd?: () => void }) {
  const promises = useQuery({
    queryKey: ['promises', 'record', kind, id],
    queryFn: () => fetchRecordPromises(kind, id),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Promises">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Promises
        </Title>
        {onAdd ? (
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} aria-hidden />} onClick={onAdd}>
            Promise
          </Button>
        ) : null}
      </Group>
      {promises.isError ? (
        <ErrorAlert error={promises.error} title="Promises could not load" onRetry={() => promises.refetch()} />
      ) : promises.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : promises.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No open promises. When you tell the customer you will do something by a date, record it here.
        </Text>
      ) : (
        <Stack gap="sm">
          {promises.data.map((p) => (
            <PromiseCard key={p.id} promise={p} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/**
 * A record page below the title: the context-card header with quick actions, then details, the timeline (with the
 * composer on top and a Changes tab for field history) and related records, tasks and promises. On a phone: tabs
 * and a fixed action bar.
 */
export function RecordWorkspace({
  kind,
  id,
  name,
  avatar,
  subtitle,
  consent,
  extra,
  headerActions,
  details,
  history,
  related,
  privacy,
  search,
  onSearch,
  deleted,
}: {
  kind: AnchorKind;
  id: string;
  name: string;
  avatar: ReactNode;
  subtitle?: ReactNode;
  consent?: Parameters<typeof RecordHeader>[0]['consent'];
  extra?: ReactNode;
  headerActions?: ReactNode;
  details: ReactNode;
  history: ReactNode;
  related: ReactNode;
  /** A Privacy tab beside the timeline (people: consent records, data export, erasure). */
  privacy?: ReactNode;
  search: RecordSearch;
  onSearch: (next: RecordSearch) => void;
  deleted: boolean;
}) {
  const me = useMe();
  const isPhone = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });
  const card = useCard(kind, id);
  useDocumentTitle(card.data?.name ?? name, kind === 'people' ? 'People' : 'Companies');
  // Listed under "Recent" in the search box.
  const recentTitle = card.data?.name ?? name;
  const recentSubtitle = card.data?.subtitle ?? null;
  useEffect(() => {
    if (recentTitle && !deleted) rememberRecent(me.user.id, { kind, id, title: recentTitle, subtitle: recentSubtitle });
  }, [me.user.id, kind, id, recentTitle, recentSubtitle, deleted]);
  const [mode, setMode] = useState<ComposerMode>(search.log ?? 'call');
  const [focusToken, setFocusToken] = useState(search.log ? 1 : 0);
  const [taskOpen, setTaskOpen] = useState(false);
  const [promiseOpen, setPromiseOpen] = useState(false);

  const canLog = can(me, 'activities', 'create') && !deleted;
  const canTask = can(me, 'tasks', 'create') && !deleted;
  const canPromise = can(me, 'promises', 'create') && !deleted;
  const links = kind === 'people' ? { personId: id } : { companyId: id };

  const filters: TimelineFilters = { department: split(search.dept), activityType: split(search.atype) };
  const tab: RecordTab = search.tab ?? 'timeline';
  const setTab = (next: RecordTab) => onSearch({ ...search, tab: next, log: undefined });

  const compose = (next: ComposerMode) => {
    setMode(next);
    setFocusToken((n) => n + 1);
    if (tab !== 'timeline') onSearch({ ...search, tab: 'timeline', log: undefined });
  };

  // Keys (not while typing or in a dialog): c logs a call, l opens the log form as it is.
  useHotkeys([
    ['c', () => canLog && !overlayOpen() && compose('call')],
    ['l', () => canLog && !overlayOpen() && compose(mode)],
  ]);

  const quick = [
    canLog ? { key: 'call', label: 'Log call', icon: IconPhone, run: () => compose('call') } : null,
    canLog ? { key: 'note', label: 'Note', icon: IconNote, run: () => compose('note') } : null,
    canLog && !isPhone ? { key: 'email', label: 'Email', icon: IconMail, run: () => compose('email') } : null,
    canLog && !isPhone
      ? { key: 'meeting', label: 'Meeting', icon: IconCalendarEvent, run: () => compose('meeting') }
      : null,
    canTask ? { key: 'task', label: 'Task', icon: IconChecklist, run: () => setTaskOpen(true) } : null,
    canPromise ? { key: 'promise', label: 'Promise', icon: IconHandFinger, run: () => setPromiseOpen(true) } : null,
  ].filter((q): q is NonNullable<typeof q> => q !== null);

  const timeline = (
    <Stack gap="md">
      {canLog ? (
        <ActivityComposer
          mode={mode}
          onModeChange={setMode}
          {...links}
          focusToken={focusToken}
          onLogged={() => search.log && onSearch({ ...search, log: undefined })}
        />
      ) : null}
      <TimelineFeed
        kind={kind}
        id={id}
        filters={filters}
        onFilters={(f) =>
          onSearch({
            ...search,
            dept: f.department.join(',') || undefined,
            atype: f.activityType.join(',') || undefined,
          })
        }
      />
    </Stack>
  );
  const tasksAndPromises = (
    <>
      {can(me, 'promises', 'read') ? (
        <PromisesPanel kind={kind} id={id} onAdd={canPromise ? () => setPromiseOpen(true) : undefined} />
      ) : null}
      {can(me, 'tasks', 'read') ? (
        <TasksPanel kind={kind} id={id} onAdd={canTask ? () => setTaskOpen(true) : undefined} />
      ) : null}
    </>
  );

  return (
    <>
      <RecordHeader
        card={card.data}
        avatar={avatar}
        fallbackTitle={name}
        subtitle={subtitle}
        consent={consent}
        extra={extra}
        actions={headerActions}
        toolbar={
          !isPhone && quick.length
            ? quick.map((q) => (
                <Button
                  key={q.key}
                  size="sm"
                  variant={q.key === 'call' ? 'filled' : 'default'}
                  leftSection={<q.icon size={16} aria-hidden />}
                  onClick={q.run}
                >
                  {q.label}
                </Button>
              ))
            : undefined
        }
      />
      {card.isError ? <ErrorAlert error={card.error} title="The summary of this record could not load" /> : null}
      {isPhone ? (
        <div className={quick.length ? classes.withBar : undefined}>
          <Tabs
            value={tab === 'changes' ? 'details' : tab}
            onChange={(value) => value && setTab(value as RecordTab)}
            keepMounted={false}
          >
            <Tabs.List grow mb="md">
              <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
              <Tabs.Tab value="details">Details</Tabs.Tab>
              <Tabs.Tab value="related">Related</Tabs.Tab>
              {privacy ? <Tabs.Tab value="privacy">Privacy</Tabs.Tab> : null}
            </Tabs.List>
            <Tabs.Panel value="timeline">{timeline}</Tabs.Panel>
            <Tabs.Panel value="details">
              <Stack gap="md">
                {details}
                {history}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="related">
              <Stack gap="md">
                {tasksAndPromises}
                {related}
              </Stack>
            </Tabs.Panel>
            {privacy ? <Tabs.Panel value="privacy">{privacy}</Tabs.Panel> : null}
          </Tabs>
          {quick.length ? (
            <nav className={classes.actionBar} aria-label="Quick actions">
              {quick.map((q) => (
                <button key={q.key} type="button" className={classes.action} onClick={q.run}>
                  <q.icon size={20} aria-hidden />
                  <span>{q.label}</span>
                </button>
              ))}
            </nav>
          ) : null}
        </div>
      ) : (
        <Grid gap="md" align="flex-start">
          <Grid.Col span={{ md: 4, xl: 3 }}>{details}</Grid.Col>
          <Grid.Col span={{ md: 5, xl: 6 }}>
            <Tabs
              value={tab === 'changes' || (tab === 'privacy' && privacy) ? tab : 'timeline'}
              onChange={(value) => value && setTab(value as RecordTab)}
              keepMounted={false}
            >
              <Tabs.List mb="md">
                <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
                <Tabs.Tab value="changes">Changes</Tabs.Tab>
                {privacy ? <Tabs.Tab value="privacy">Privacy</Tabs.Tab> : null}
              </Tabs.List>
              <Tabs.Panel value="timeline">{timeline}</Tabs.Panel>
              <Tabs.Panel value="changes">{history}</Tabs.Panel>
              {privacy ? <Tabs.Panel value="privacy">{privacy}</Tabs.Panel> : null}
            </Tabs>
          </Grid.Col>
          <Grid.Col span={{ md: 3, xl: 3 }}>
            <Stack gap="md">
              {tasksAndPromises}
              {related}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      {taskOpen ? <TaskModal opened onClose={() => setTaskOpen(false)} {...links} about={name} /> : null}
      {promiseOpen ? <PromiseModal opened onClose={() => setPromiseOpen(false)} {...links} about={name} /> : null}
    </>
  );
}
