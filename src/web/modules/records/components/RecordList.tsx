import {
  ActionIcon,
  Button,
  Center,
  CloseButton,
  EmptyState,
  Group,
  Kbd,
  Menu,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFilterOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { FieldMeta, ObjectName, SavedViewState } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatTotal } from '../../../ui/format.ts';
import { overlayOpen } from '../../../ui/overlay.ts';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { jobsKey, startExport } from '../../jobs/api/jobs.ts';
import { downloadCsv, fieldsQueryOptions } from '../api/records.ts';
import { columnWidth, EXPORT_COLUMN_ALIASES, readField } from '../fieldValues.ts';
import { useRecordList } from '../hooks/useRecordList.ts';
import { listPositionFor, rememberListPosition, rememberListSearch } from '../listMemory.ts';
import { columnsFromSearch, type ListSearch, parseSort } from '../listSearch.ts';
import { CardList } from './CardList.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { FieldValue } from './FieldValue.tsx';
import { FilterBar } from './FilterBar.tsx';
import classes from './RecordList.module.css';
import { ViewTabs } from './ViewTabs.tsx';
import { type Column, VirtualTable } from './VirtualTable.tsx';

export interface RecordListConfig<T> {
  object: ObjectName;
  title: string;
  /** "person" / "company" */
  singular: string;
  /** "people" / "companies" */
  plural: string;
  /** Meta field keys the name column stands for; left out of the column chooser, sent first in exports. */
  nameFieldKeys: string[];
  nameColumn: { label: string; sortKey?: string; render: (row: T) => ReactNode };
  /** The export columns that stand for the name column. */
  exportNameColumns: string[];
  defaultColumns: string[];
  emptyText: string;
  onOpen: (row: T) => void;
  /** Absent when records of the kind are made elsewhere (a promise, on its customer's page): no New button then. */
  onCreate?: () => void;
  /** The empty state's action when the list cannot create (a link to where records are made). */
  emptyAction?: ReactNode;
  /** Fields offered as filters but not as columns (they have no export column: a task's team). */
  filterOnly?: string[];
  /** The kind has no bin (tasks, promises): no "Show deleted" switch. */
  noBin?: boolean;
  /** Offer the Excel export (a background job) besides CSV. */
  excel?: boolean;
  onPrefetch?: (row: T) => void;
  /** More buttons in the page header, before Export (a layout switch, a link to a report). */
  actions?: ReactNode;
  /** Above the saved views (a picker that scopes the list). */
  toolbar?: ReactNode;
}

function focusIsInteractive(): boolean {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  return Boolean(el.closest('a,button,input,textarea,select,[role="tab"],[role="menuitem"],[contenteditable="true"]'));
}

/** A list page: saved views, quick search, filter chips, columns, sort, infinite virtual table, export, keyboard. */
export function RecordList<T extends { id: string; deletedAt?: string | null }>({
  config,
  search,
  onSearch,
}: {
  config: RecordListConfig<T>;
  search: ListSearch;
  onSearch: (next: ListSearch, options?: { replace?: boolean }) => void;
}) {
  const me = useMe();
  useDocumentTitle(config.title);
  const fields = useQuery(fieldsQueryOptions(config.object));
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [highlighted, setHighlighted] = useState(-1);
  const [quick, setQuick] = useState(search.q ?? '');
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  // Coming back to the same list (Escape on a record): the scroll position and highlighted row to restore, once.
  const restoreTo = useRef(listPositionFor(config.object, search));

  const filters = search.filter ?? [];
  const metaFields = fields.data ?? [];
  const available = metaFields.filter(
    (f) => !config.nameFieldKeys.includes(f.key) && !config.filterOnly?.includes(f.key),
  );
  const defaults = config.defaultColumns.filter((key) => available.some((f) => f.key === key));
  const columnKeys = columnsFromSearch(search, defaults).filter((key) => available.some((f) => f.key === key));
  const sort = parseSort(search.sort);
  const nameSortable = config.nameColumn.sortKey
    ? metaFields.some((f) => f.key === config.nameColumn.sortKey && f.sortable)
    : false;

  const list = useRecordList<T>(config.object, {
    q: search.q,
    filter: filters,
    sort: search.sort,
    includeDeleted: search.deleted,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const firstPage = list.data?.pages[0];

  // Follow the URL (back button, views), but never overwrite what is being typed.
  useEffect(() => {
    if (document.activeElement !== searchRef.current) setQuick(search.q ?? '');
  }, [search.q]);
  // A new query starts with nothing highlighted and at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on query change only
  useEffect(() => {
    setHighlighted(-1);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [search.q, search.sort, filters.join('\n')]);

  // Remember where the user is, so Escape on a record comes back here.
  useEffect(() => rememberListSearch(config.object, search), [config.object, search]);
  useEffect(() => rememberListPosition(config.object, { highlighted }), [config.object, highlighted]);
  const tableShown = rows.length > 0;
  useEffect(() => {
    const el = scrollRef.current;
    if (!tableShown || !el) return;
    const onScroll = () => rememberListPosition(config.object, { scrollTop: el.scrollTop });
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [config.object, tableShown]);
  useEffect(() => {
    const to = restoreTo.current;
    const el = scrollRef.current;
    if (!to || !tableShown || !el) return;
    restoreTo.current = null;
    el.scrollTop = to.scrollTop;
    if (to.highlighted >= 0 && to.highlighted < rows.length) setHighlighted(to.highlighted);
  }, [tableShown, rows.length]);

  const pushQuick = useDebouncedCallback((value: string) => {
    onSearch({ ...search, q: value.trim() || undefined }, { replace: true });
  }, 300);

  const exportCsv = useMutation({
    mutationFn: () =>
      downloadCsv(config.object, {
        q: search.q,
        filter: filters,
        sort: search.sort,
        columns: [...config.exportNameColumns, ...columnKeys.map((key) => EXPORT_COLUMN_ALIASES[key] ?? key)],
      }),
    onError: (error) => notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) }),
  });

  // A spreadsheet of every matching record runs as a background job: its progress and file are in the jobs menu.
  const queryClient = useQueryClient();
  const exportXlsx = useMutation({
    mutationFn: () =>
      startExport({
        kind: config.object,
        format: 'xlsx',
        ...(search.q ? { q: search.q } : {}),
        ...(filters.length > 0 ? { filter: filters } : {}),
        columns: [...config.exportNameColumns, ...columnKeys.map((key) => EXPORT_COLUMN_ALIASES[key] ?? key)],
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: jobsKey });
      notifications.show({
        title: 'Export started',
        message: 'It runs in the background; the download appears under Background work in the top bar.',
      });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) }),
  });

  const columns: Column<T>[] = useMemo(() => {
    const byKey = new Map(metaFields.map((f) => [f.key, f]));
    const name: Column<T> = {
      key: '__name',
      label: config.nameColumn.label,
      width: isPhone ? 180 : 240,
      render: config.nameColumn.render,
      ...(nameSortable && config.nameColumn.sortKey ? { sortKey: config.nameColumn.sortKey } : {}),
    };
    const rest = columnKeys
      .map((key) => byKey.get(key))
      .filter((f): f is FieldMeta => Boolean(f))
      .map(
        (field): Column<T> => ({
          key: field.key,
          label: field.label,
          width: columnWidth(field),
          ...(field.sortable ? { sortKey: field.key } : {}),
          render: (row) => <FieldValue field={field} value={readField(row, field.key)} compact />,
          isEmpty: (row) => {
            const v = readField(row, field.key);
            return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
          },
        }),
      );
    return [name, ...rest];
  }, [metaFields, columnKeys, config.nameColumn, nameSortable, isPhone]);

  const currentState: SavedViewState = {
    filters,
    sort: search.sort ?? null,
    columns: columnKeys,
    q: search.q ?? null,
  };

  const move = (delta: number) => {
    if (rows.length === 0) return;
    setHighlighted((h) => Math.max(0, Math.min(rows.length - 1, h < 0 ? 0 : h + delta)));
  };

  useHotkeys([
    ['j', () => !overlayOpen() && move(1)],
    ['ArrowDown', () => !overlayOpen() && !focusIsInteractive() && move(1), { preventDefault: false }],
    ['k', () => !overlayOpen() && move(-1)],
    ['ArrowUp', () => !overlayOpen() && !focusIsInteractive() && move(-1), { preventDefault: false }],
    [
      'Enter',
      () => {
        const row = rows[highlighted];
        if (row && !overlayOpen() && !focusIsInteractive()) config.onOpen(row);
      },
      { preventDefault: false },
    ],
    ['/', () => searchRef.current?.focus()],
    ['n', () => can(me, config.object, 'create') && !overlayOpen() && config.onCreate?.()],
    [
      'Escape',
      () => {
        if (overlayOpen()) return;
        if (highlighted >= 0) setHighlighted(-1);
        else if (filters.length || search.q) onSearch({ ...search, q: undefined, filter: undefined });
      },
      { preventDefault: false },
    ],
  ]);

  const toggleSort = (key: string) => {
    let next: string | undefined;
    if (!sort || sort.key !== key) next = key;
    else if (sort.dir === 'asc') next = `-${key}`;
    else next = undefined;
    onSearch({ ...search, sort: next }, { replace: true });
  };

  const hasQuery = filters.length > 0 || Boolean(search.q);
  const canCreate = can(me, config.object, 'create') && Boolean(config.onCreate);
  const canExcel = config.excel === true || config.object === 'people' || config.object === 'companies';
  const total = firstPage ? formatTotal(firstPage.total, firstPage.totalCapped) : null;

  return (
    <div className={classes.page}>
      <PageHeader
        title={config.title}
        description={
          total !== null ? (
            <span aria-live="polite">
              {total} {firstPage?.total === 1 ? config.singular : config.plural}
              {hasQuery ? ' match' : ''}
            </span>
          ) : (
            <Skeleton height={14} width={90} component="span" display="inline-block" />
          )
        }
        actions={
          <>
            {config.actions}
            {isPhone && can(me, config.object, 'export') ? (
              // On a phone the two exports share one menu, so the header stays one row.
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label="Export"
                    loading={exportCsv.isPending || exportXlsx.isPending}
                  >
                    <IconDownload size={18} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => exportCsv.mutate()}>Export CSV</Menu.Item>
                  {canExcel ? <Menu.Item onClick={() => exportXlsx.mutate()}>Export Excel</Menu.Item> : null}
                </Menu.Dropdown>
              </Menu>
            ) : null}
            {!isPhone && can(me, config.object, 'export') ? (
              <Button
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                loading={exportCsv.isPending}
                onClick={() => exportCsv.mutate()}
              >
                Export CSV
              </Button>
            ) : null}
            {!isPhone && can(me, config.object, 'export') && canExcel ? (
              <Button
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                loading={exportXlsx.isPending}
                onClick={() => exportXlsx.mutate()}
              >
                Export Excel
              </Button>
            ) : null}
            {canCreate ? (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={config.onCreate}>
                New {config.singular}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="xs" mb="sm">
        {config.toolbar}
        <ViewTabs
          object={config.object}
          allLabel={`All ${config.plural}`}
          activeId={search.view}
          current={currentState}
          columnsChanged={columnKeys.join(',') !== defaults.join(',')}
          onSelect={(view) =>
            onSearch(
              view
                ? {
                    view: view.id,
                    q: view.state.q || undefined,
                    filter: view.state.filters.length ? view.state.filters : undefined,
                    sort: view.state.sort || undefined,
                    cols: view.state.columns.length ? view.state.columns.join(',') : undefined,
                  }
                : {},
            )
          }
        />
        <Group gap="xs" wrap="wrap" align="center">
          <TextInput
            ref={searchRef}
            className={classes.quick}
            placeholder={`Search ${config.plural}`}
            aria-label={`Search ${config.plural}`}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={
              quick ? (
                <CloseButton
                  size="sm"
                  aria-label="Clear search"
                  onClick={() => {
                    setQuick('');
                    onSearch({ ...search, q: undefined }, { replace: true });
                  }}
                />
              ) : (
                <Kbd size="xs" visibleFrom="sm">
                  /
                </Kbd>
              )
            }
            value={quick}
            onChange={(e) => {
              setQuick(e.currentTarget.value);
              pushQuick(e.currentTarget.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                e.currentTarget.blur();
                setHighlighted(0);
              }
            }}
          />
          <div className={classes.filters}>
            <FilterBar
              filters={filters}
              fields={available.concat(metaFields.filter((f) => !available.includes(f)))}
              onChange={(next) => onSearch({ ...search, filter: next.length ? next : undefined })}
            />
          </div>
          {/* A phone's cards have no columns, and restoring deleted records is desk work. */}
          {!isPhone && !config.noBin && can(me, config.object, 'delete') ? (
            <Switch
              size="sm"
              label="Show deleted"
              checked={Boolean(search.deleted)}
              onChange={(e) =>
                onSearch({ ...search, deleted: e.currentTarget.checked || undefined }, { replace: true })
              }
            />
          ) : null}
          {!isPhone ? (
            <ColumnChooser
              fields={available}
              columns={columnKeys}
              defaults={defaults}
              onChange={(next) => onSearch({ ...search, cols: next.join(',') }, { replace: true })}
            />
          ) : null}
        </Group>
      </Stack>

      {list.isError ? (
        <ErrorAlert error={list.error} title={`The ${config.plural} could not load`} onRetry={() => list.refetch()} />
      ) : fields.isError ? (
        <ErrorAlert error={fields.error} title="The fields could not load" onRetry={() => fields.refetch()} />
      ) : !firstPage || !fields.data ? (
        <Stack gap={6} aria-busy="true" aria-label={`Loading ${config.plural}`}>
          {Array.from({ length: 8 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      ) : rows.length === 0 ? (
        <Center className={classes.empty}>
          {hasQuery ? (
            <EmptyState
              icon={<IconFilterOff size={28} aria-hidden />}
              withIndicatorBackground
              title={`No ${config.plural} match`}
              description="Try fewer filters or a shorter search."
            >
              <EmptyState.Actions>
                <Button variant="default" onClick={() => onSearch({ ...search, q: undefined, filter: undefined })}>
                  Clear search and filters
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <EmptyState
              icon={<IconPlus size={28} aria-hidden />}
              variant="light"
              title={`No ${config.plural} yet`}
              description={config.emptyText}
            >
              {canCreate ? (
                <EmptyState.Actions>
                  <Button onClick={config.onCreate}>Create the first {config.singular}</Button>
                </EmptyState.Actions>
              ) : config.emptyAction ? (
                <EmptyState.Actions>{config.emptyAction}</EmptyState.Actions>
              ) : null}
            </EmptyState>
          )}
        </Center>
      ) : (
        <>
          {isPhone ? (
            <CardList<T>
              label={config.title}
              rows={rows}
              columns={columns}
              hasNextPage={Boolean(list.hasNextPage)}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={() => void list.fetchNextPage()}
              onOpen={config.onOpen}
              rowMuted={(row) => Boolean(row.deletedAt)}
            />
          ) : (
            <VirtualTable<T>
              label={config.title}
              rows={rows}
              total={firstPage.total}
              columns={columns}
              hasNextPage={Boolean(list.hasNextPage)}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={() => void list.fetchNextPage()}
              highlighted={highlighted}
              onHighlight={setHighlighted}
              onOpen={config.onOpen}
              {...(config.onPrefetch ? { onHover: config.onPrefetch } : {})}
              sort={sort}
              onSort={toggleSort}
              scrollRef={scrollRef}
              rowMuted={(row) => Boolean(row.deletedAt)}
            />
          )}
          <Text size="xs" c="dimmed" mt={6} visibleFrom="sm">
            <Kbd size="xs">j</Kbd>/<Kbd size="xs">k</Kbd> move · <Kbd size="xs">Enter</Kbd> open ·{' '}
            <Kbd size="xs">/</Kbd> search ·{' '}
            {canCreate ? (
              <>
                <Kbd size="xs">n</Kbd> new ·{' '}
              </>
            ) : null}
            <Kbd size="xs">Esc</Kbd> back out
          </Text>
        </>
      )}
    </div>
  );
}
