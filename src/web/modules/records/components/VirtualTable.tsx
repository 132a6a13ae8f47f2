import { Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, type RefObject, useEffect } from 'react';
import classes from './VirtualTable.module.css';

export interface Column<T> {
  key: string;
  label: string;
  width: number;
  /** The `sort` key, when the server allows sorting by this column. */
  sortKey?: string;
  render: (row: T) => ReactNode;
  /** Whether the row has no value here (a phone's card leaves the column out). */
  isEmpty?: (row: T) => boolean;
}

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;

interface Props<T extends { id: string }> {
  label: string;
  rows: T[];
  total: number;
  columns: Column<T>[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  highlighted: number;
  onHighlight: (index: number) => void;
  onOpen: (row: T) => void;
  onHover?: (row: T) => void;
  sort: { key: string; dir: 'asc' | 'desc' } | null;
  onSort: (sortKey: string) => void;
  scrollRef: RefObject<HTMLDivElement | null>;
  rowMuted?: (row: T) => boolean;
}

/** A table with a sticky header and first column whose body is virtualised; scrolling near the end loads more. */
export function VirtualTable<T extends { id: string }>({
  label,
  rows,
  total,
  columns,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  highlighted,
  onHighlight,
  onOpen,
  onHover,
  sort,
  onSort,
  scrollRef,
  rowMuted,
}: Props<T>) {
  const count = rows.length + (hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= rows.length - 10 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [last, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (highlighted >= 0) virtualizer.scrollToIndex(highlighted, { align: 'auto' });
  }, [highlighted, virtualizer]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const width = columns.reduce((sum, c) => sum + c.width, 0);

  return (
    <div ref={scrollRef} className={classes.scroller}>
      <table
        className={classes.table}
        style={{ width: `max(100%, ${width}px)` }}
        aria-label={label}
        aria-rowcount={total + 1}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const active = sort && column.sortKey && sort.key === column.sortKey ? sort.dir : null;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : undefined}
                >
                  {column.sortKey ? (
                    <UnstyledButton
                      className={classes.sortButton}
                      onClick={() => column.sortKey && onSort(column.sortKey)}
                      aria-label={`Sort by ${column.label}${active === 'asc' ? ', now ascending' : active === 'desc' ? ', now descending' : ''}`}
                    >
                      <span className={classes.headLabel}>{column.label}</span>
                      {active === 'asc' ? (
                        <IconArrowUp size={14} aria-hidden />
                      ) : active === 'desc' ? (
                        <IconArrowDown size={14} aria-hidden />
                      ) : (
                        <IconArrowsSort size={14} aria-hidden className={classes.sortHint} />
                      )}
                    </UnstyledButton>
                  ) : (
                    <span className={classes.headLabel}>{column.label}</span>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) {
              return (
                <tr key="loader" style={{ height: ROW_HEIGHT }}>
                  <td colSpan={columns.length} className={classes.loaderCell}>
                    <Loader size="xs" mr="xs" />
                    <Text span size="sm" c="dimmed">
                      Loading more…
                    </Text>
                  </td>
                </tr>
              );
            }
            return (
              <tr
                key={row.id}
                className={classes.row}
                style={{ height: ROW_HEIGHT }}
                aria-rowindex={item.index + 2}
                aria-selected={item.index === highlighted}
                data-highlighted={item.index === highlighted || undefined}
                data-muted={rowMuted?.(row) || undefined}
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || (event.target as HTMLElement).closest('a,button')) return;
                  onHighlight(item.index);
                  onOpen(row);
                }}
                onMouseEnter={() => onHover?.(row)}
              >
                {columns.map((column) => (
                  <td key={column.key}>
                    <div className={classes.cell}>{column.render(row)}</div>
                  </td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
