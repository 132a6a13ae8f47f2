import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  MouseSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { ActionIcon, Loader, Menu, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsRightLeft, IconCheck } from '@tabler/icons-react';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { errorMessage } from '../api/client.ts';
import classes from './Board.module.css';
import { showUndoToast } from './undoToast.tsx';

/**
 * A kanban board: columns from a list of options, cards drawn by the caller, and moves between columns by drag and
 * drop (mouse or a long press on touch), by keyboard (Shift+←/→ on a focused card, or M for its "Move to…" menu) or
 * from that menu. Every move is optimistic: the card moves at once, `onMove` runs, and when it rejects the card goes
 * back (a `MoveCancelled` rejection, such as a dialog the user closed, goes back quietly). A finished move offers Undo
 * in its toast. Moves are announced in a live region for screen readers.
 */

export interface BoardColumn<T> {
  id: string;
  title: string;
  /** Under the title: totals, a hint. */
  subtitle?: ReactNode;
  /** Before the title (an icon that says what kind of column this is). */
  icon?: ReactNode;
  cards: T[];
  /** Under the cards: "Show more", "12 more in the table". */
  footer?: ReactNode;
  /** Said in an empty column. */
  emptyText?: string;
}

/** Reject `onMove` with this when the user called the move off (closed a dialog): the card returns without an error. */
export class MoveCancelled extends Error {
  constructor() {
    super('Move cancelled');
    this.name = 'MoveCancelled';
  }
}

export interface BoardProps<T> {
  /** What the board shows, for screen readers ("Deals in New business by stage"). */
  label: string;
  columns: BoardColumn<T>[];
  cardId: (card: T) => string;
  /** A short name for the card in announcements and toasts ("Acme renewal"). */
  cardName: (card: T) => string;
  /** What a screen reader says when the card has focus (defaults to its name). */
  cardDescription?: (card: T) => string;
  renderCard: (card: T) => ReactNode;
  /** Moves the card; may be async and may reject (the card then returns to where it was). */
  onMove: (card: T, toColumnId: string, fromColumnId: string) => unknown;
  /** Enter on a focused card, or a click on its empty space. */
  onOpen?: (card: T) => void;
  canMove?: (card: T) => boolean;
  /** Heading level of the column titles (the page's h1 is above them). */
  headingLevel?: 2 | 3;
}

interface Override<T> {
  to: string;
  card: T;
}

export function Board<T>({
  label,
  columns,
  cardId,
  cardName,
  cardDescription,
  renderCard,
  onMove,
  onOpen,
  canMove = () => true,
  headingLevel = 2,
}: BoardProps<T>) {
  const instructionsId = useId();
  const [overrides, setOverrides] = useState<Map<string, Override<T>>>(() => new Map());
  const [pending, setPending] = useState<Set<string>>(() => new Set());
  const [announcement, setAnnouncement] = useState('');
  const [active, setActive] = useState<T | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const cardNodes = useRef(new Map<string, HTMLElement>());
  const focusAfterMove = useRef<string | null>(null);

  const titleOf = useCallback((id: string) => columns.find((c) => c.id === id)?.title ?? id, [columns]);

  // Where the data puts each card.
  const dataColumnOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const column of columns) for (const card of column.cards) map.set(cardId(card), column.id);
    return map;
  }, [columns, cardId]);

  // A finished move's override goes once the data has caught up (or the card has left the board).
  useEffect(() => {
    setOverrides((current) => {
      let changed = false;
      const next = new Map(current);
      for (const [id, o] of current) {
        if (pending.has(id)) continue;
        const at = dataColumnOf.get(id);
        if (at === undefined || at === o.to) {
          next.delete(id);
          changed = true;
        }
      }
      return changed ? next : current;
    });
  }, [dataColumnOf, pending]);

  const shown = useMemo(
    () =>
      columns.map((column) => {
        const moved = [...overrides.values()].filter((o) => o.to === column.id).map((o) => o.card);
        const stay = column.cards.filter((card) => !overrides.has(cardId(card)));
        return { ...column, cards: [...moved, ...stay] };
      }),
    [columns, overrides, cardId],
  );

  const columnOf = useCallback(
    (id: string) => overrides.get(id)?.to ?? dataColumnOf.get(id) ?? null,
    [overrides, dataColumnOf],
  );

  // Keep focus on a card that moved by keyboard: it is a new element in another column.
  useLayoutEffect(() => {
    const id = focusAfterMove.current;
    if (!id) return;
    const node = cardNodes.current.get(id);
    if (node && document.activeElement !== node) {
      node.focus();
      node.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    focusAfterMove.current = null;
  });

  const runMove = useCallback(
    async (card: T, to: string, from: string, options: { notifyError: boolean }) => {
      const id = cardId(card);
      const name = cardName(card);
      setOverrides((m) => new Map(m).set(id, { to, card }));
      setPending((s) => new Set(s).add(id));
      setAnnouncement(`Moving ${name} to ${titleOf(to)}.`);
      const done = () =>
        setPending((s) => {
          const next = new Set(s);
          next.delete(id);
          return next;
        });
      try {
        await onMove(card, to, from);
        done();
        setAnnouncement(`${name} moved to ${titleOf(to)}.`);
      } catch (error) {
        setOverrides((m) => {
          const next = new Map(m);
          next.delete(id);
          return next;
        });
        done();
        if (error instanceof MoveCancelled) {
          setAnnouncement(`${name} stays in ${titleOf(from)}.`);
        } else {
          setAnnouncement(`${name} could not be moved; it is back in ${titleOf(from)}.`);
          if (options.notifyError) {
            notifications.show({ color: 'red', title: `${name} was not moved`, message: errorMessage(error) });
          }
        }
        throw error;
      }
    },
    [cardId, cardName, onMove, titleOf],
  );

  const move = useCallback(
    (card: T, to: string) => {
      const id = cardId(card);
      const from = columnOf(id);
      if (!from || from === to || pending.has(id) || !canMove(card)) return;
      const name = cardName(card);
      runMove(card, to, from, { notifyError: true }).then(
        () =>
          showUndoToast({
            message: `Moved ${name} to ${titleOf(to)}.`,
            undone: `${name} is back in ${titleOf(from)}.`,
            onUndo: () => runMove(card, from, to, { notifyError: false }),
          }),
        () => undefined,
      );
    },
    [cardId, cardName, canMove, columnOf, pending, runMove, titleOf],
  );

  const moveByKeyboard = (card: T, to: string) => {
    focusAfterMove.current = cardId(card);
    move(card, to);
  };

  const focusCard = (columnIndex: number, cardIndex: number) => {
    const column = shown[columnIndex];
    if (!column || column.cards.length === 0) return false;
    const card = column.cards[Math.min(cardIndex, column.cards.length - 1)];
    if (card === undefined) return false;
    cardNodes.current.get(cardId(card))?.focus();
    return true;
  };

  const onCardKeyDown = (event: KeyboardEvent<HTMLElement>, card: T, columnIndex: number, cardIndex: number) => {
    if (event.target !== event.currentTarget) return;
    const column = shown[columnIndex];
    if (!column) return;
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0 && event.shiftKey) {
      event.preventDefault();
      const target = shown[columnIndex + step];
      if (target) moveByKeyboard(card, target.id);
      return;
    }
    if (step !== 0) {
      event.preventDefault();
      for (let i = columnIndex + step; i >= 0 && i < shown.length; i += step) if (focusCard(i, cardIndex)) break;
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusCard(columnIndex, Math.max(0, cardIndex + (event.key === 'ArrowDown' ? 1 : -1)));
      return;
    }
    if (event.key === 'Enter' && onOpen) {
      event.preventDefault();
      onOpen(card);
      return;
    }
    if ((event.key === 'm' || event.key === 'M') && !event.ctrlKey && !event.metaKey && canMove(card)) {
      event.preventDefault();
      setMenuFor(cardId(card));
    }
  };

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
  );

  const nameOfActive = (activeId: string | number) => {
    const card = findCard(shown, cardId, String(activeId));
    return card === undefined ? 'The card' : cardName(card);
  };
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up ${nameOfActive(a.id)}.`,
    onDragOver: ({ active: a, over }) =>
      over ? `${nameOfActive(a.id)} is over ${titleOf(String(over.id))}.` : `${nameOfActive(a.id)} is over no column.`,
    onDragEnd: ({ active: a, over }) =>
      over ? `${nameOfActive(a.id)} dropped on ${titleOf(String(over.id))}.` : `${nameOfActive(a.id)} was not moved.`,
    onDragCancel: ({ active: a }) => `Moving ${nameOfActive(a.id)} was cancelled.`,
  };

  const onDragStart = (event: DragStartEvent) => {
    setActive(findCard(shown, cardId, String(event.active.id)) ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const card = findCard(shown, cardId, String(event.active.id));
    if (card !== undefined && event.over) move(card, String(event.over.id));
  };

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: INSTRUCTIONS },
      }}
    >
      <VisuallyHidden id={instructionsId}>{INSTRUCTIONS}</VisuallyHidden>
      <VisuallyHidden aria-live="polite" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className={classes.board} aria-label={label} tabIndex={0}>
        {shown.map((column, columnIndex) => (
          <BoardColumnView
            key={column.id}
            column={column}
            heading={headingLevel}
            others={shown.filter((c) => c.id !== column.id)}
            cardId={cardId}
            cardName={cardName}
            cardDescription={cardDescription ?? cardName}
            renderCard={renderCard}
            canMove={canMove}
            pending={pending}
            activeId={active === null ? null : cardId(active)}
            instructionsId={instructionsId}
            menuFor={menuFor}
            setMenuFor={setMenuFor}
            onMoveTo={moveByKeyboard}
            onOpen={onOpen}
            onKeyDown={(event, card, cardIndex) => onCardKeyDown(event, card, columnIndex, cardIndex)}
            registerNode={(id, node) => {
              if (node) cardNodes.current.set(id, node);
              else cardNodes.current.delete(id);
            }}
          />
        ))}
      </section>
      <DragOverlay dropAnimation={null}>
        {active === null ? null : <div className={`${classes.card} ${classes.overlay}`}>{renderCard(active)}</div>}
      </DragOverlay>
    </DndContext>
  );
}

const INSTRUCTIONS =
  'To move this card, press Shift with the left or right arrow for the previous or next column, or M for a list ' +
  'of columns. Arrow keys go from card to card; Enter opens the card.';

function findCard<T>(columns: BoardColumn<T>[], cardId: (card: T) => string, id: string): T | undefined {
  for (const column of columns) {
    const card = column.cards.find((c) => cardId(c) === id);
    if (card !== undefined) return card;
  }
  return undefined;
}

interface ColumnViewProps<T> {
  column: BoardColumn<T>;
  heading: 2 | 3;
  others: BoardColumn<T>[];
  cardId: (card: T) => string;
  cardName: (card: T) => string;
  cardDescription: (card: T) => string;
  renderCard: (card: T) => ReactNode;
  canMove: (card: T) => boolean;
  pending: Set<string>;
  activeId: string | null;
  instructionsId: string;
  menuFor: string | null;
  setMenuFor: (id: string | null) => void;
  onMoveTo: (card: T, to: string) => void;
  onOpen: ((card: T) => void) | undefined;
  onKeyDown: (event: KeyboardEvent<HTMLElement>, card: T, cardIndex: number) => void;
  registerNode: (id: string, node: HTMLElement | null) => void;
}

function BoardColumnView<T>(props: ColumnViewProps<T>) {
  const { column, heading } = props;
  const { setNodeRef, isOver } = useDroppable({ id: column.id });
  const titleId = useId();
  return (
    <section
      ref={setNodeRef}
      className={`${classes.column} ${isOver ? classes.columnOver : ''}`}
      aria-labelledby={titleId}
      data-column-id={column.id}
    >
      <div className={classes.columnHeader}>
        <Title order={heading} size="h5" id={titleId} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          {column.icon}
          {column.title}
        </Title>
        {column.subtitle ? (
          <Text size="xs" c="dimmed" component="div">
            {column.subtitle}
          </Text>
        ) : null}
      </div>
      {column.cards.length === 0 ? (
        <Text size="sm" c="dimmed" className={classes.empty}>
          {column.emptyText ?? 'Nothing here.'}
        </Text>
      ) : (
        <ul className={classes.cards}>
          {column.cards.map((card, index) => (
            <BoardCard key={props.cardId(card)} card={card} index={index} {...props} />
          ))}
        </ul>
      )}
      {column.footer ? <Stack p="xs">{column.footer}</Stack> : null}
    </section>
  );
}

function BoardCard<T>({
  card,
  index,
  column,
  others,
  cardId,
  cardName,
  cardDescription,
  renderCard,
  canMove,
  pending,
  activeId,
  instructionsId,
  menuFor,
  setMenuFor,
  onMoveTo,
  onOpen,
  onKeyDown,
  registerNode,
}: ColumnViewProps<T> & { card: T; index: number }) {
  const id = cardId(card);
  const movable = canMove(card) && !pending.has(id);
  const { setNodeRef, listeners } = useDraggable({ id, disabled: !movable });
  const isPending = pending.has(id);
  const name = cardName(card);
  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        registerNode(id, node);
      }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a card is focused to move or open it by keyboard
      tabIndex={0}
      data-card-id={id}
      aria-label={cardDescription(card)}
      aria-describedby={canMove(card) ? instructionsId : undefined}
      aria-busy={isPending || undefined}
      className={`${classes.card} ${activeId === id ? classes.cardDragging : ''} ${isPending ? classes.cardPending : ''}`}
      {...listeners}
      onKeyDown={(event) => onKeyDown(event, card, index)}
      onClick={(event) => {
        if (!onOpen || (event.target as HTMLElement).closest('a,button,[role="menu"]')) return;
        onOpen(card);
      }}
    >
      {renderCard(card)}
      {canMove(card) ? (
        <div className={classes.cardMenu}>
          {isPending ? (
            <Loader size="xs" role="status" aria-label={`Moving ${name}`} />
          ) : (
            <Menu
              opened={menuFor === id}
              onChange={(opened) => setMenuFor(opened ? id : null)}
              position="bottom-end"
              withinPortal
              returnFocus
            >
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Move ${name} to…`}
                  onMouseDown={(event) => event.stopPropagation()}
                >
                  <IconArrowsRightLeft size={14} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Move to</Menu.Label>
                <Menu.Item disabled leftSection={<IconCheck size={14} aria-hidden />}>
                  {column.title} (now)
                </Menu.Item>
                {others.map((other) => (
                  <Menu.Item key={other.id} onClick={() => onMoveTo(card, other.id)}>
                    {other.title}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </div>
      ) : null}
    </li>
  );
}
