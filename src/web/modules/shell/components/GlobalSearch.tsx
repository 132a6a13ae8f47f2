import { Avatar, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, useSpotlight } from '@mantine/spotlight';
import {
  IconBook,
  IconBuildingSkyscraper,
  IconClock,
  IconCoin,
  IconFileInvoice,
  IconLifebuoy,
  IconPlus,
  IconSearch,
  IconShoppingCart,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { CardKind, SearchHit } from '../../../api/types.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { search } from '../../search/api/search.ts';
import { CardLine } from '../../search/components/CardBits.tsx';
import { type RecentItem, recentItems } from '../../search/recent.ts';

const [searchStore, searchActions] = createSpotlight();
/** Opens the global search (the top bar's box and button). */
export const openSearch = searchActions.open;

/** The word under a result's title, per kind the search finds. */
const KIND_WORD: Record<CardKind, string> = {
  people: 'Person',
  companies: 'Company',
  deals: 'Deal',
  cases: 'Case',
  articles: 'Article',
  orders: 'Order',
  invoices: 'Invoice',
};

const KIND_ICON: Partial<Record<CardKind, typeof IconBuildingSkyscraper>> = {
  companies: IconBuildingSkyscraper,
  deals: IconCoin,
  cases: IconLifebuoy,
  articles: IconBook,
  orders: IconShoppingCart,
  invoices: IconFileInvoice,
};
const LIST_ID = 'global-search-results';

/** Marks the list's first action as the one Enter opens (Mantine selects it only when the query changes). */
function selectFirst(tries = 20): void {
  const list = document.getElementById(LIST_ID);
  // Just opened: the list mounts with the dialog's transition.
  if (!list) {
    if (tries > 0) requestAnimationFrame(() => selectFirst(tries - 1));
    return;
  }
  for (const el of list.querySelectorAll('[data-selected]')) el.removeAttribute('data-selected');
  const first = list.querySelector('[data-action]');
  if (!first) return;
  first.setAttribute('data-selected', 'true');
  searchStore.updateState((s) => ({ ...s, selected: 0 }));
}

function KindAvatar({ kind, title }: { kind: CardKind; title: string }) {
  const Icon = KIND_ICON[kind] ?? IconBuildingSkyscraper;
  return kind === 'people' ? (
    <Avatar name={title} color="initials" size={32} radius="xl" />
  ) : (
    <Avatar color="gray" size={32} radius="md">
      <Icon size={16} aria-hidden />
    </Avatar>
  );
}

/**
 * Cmd/Ctrl-K from anywhere (and the top bar box): `/search` over every kind you may read (people, companies, deals,
 * cases, articles, orders, invoices) in one list, best match first
 * whatever its kind, each with its compact context card. The top result is selected, so Enter opens it (also when
 * Enter comes before the results: they open as they arrive); arrows move. Before anything is typed: the records
 * opened lately in this browser, then "New person" / "New company".
 */
export function GlobalSearch() {
  const me = useMe();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  // The recent list is read from this browser's storage whenever the box opens with nothing typed, so a record opened a
  // moment ago is already in it (however the box was opened, and whatever the last search was).
  const { opened } = useSpotlight(searchStore);
  const empty = query.trim() === '';
  // Each opening starts empty (a search that opened its top result leaves nothing behind), with the recent list read
  // from this browser's storage as it is now.
  useEffect(() => {
    if (!opened) setQuery('');
  }, [opened]);
  const recent: RecentItem[] = empty && opened ? recentItems(me.user.id) : [];
  const enterPending = useRef(false);

  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) => search(debounced, signal),
    enabled: debounced.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

  const hits = debounced && !empty ? (results.data ?? []) : [];
  // The results on screen answer what is typed (not a previous query kept while the next one loads).
  const current = debounced === query.trim() && !results.isPlaceholderData && results.isSuccess;
  const nothing = !empty && debounced && !results.isFetching && results.isSuccess && hits.length === 0;
  const open = (hit: { kind: CardKind; id: string }) => {
    setQuery('');
    searchActions.close();
    switch (hit.kind) {
      case 'people':
        return void navigate({ to: '/people/$personId', params: { personId: hit.id } });
      case 'deals':
        return void navigate({ to: '/deals/$dealId', params: { dealId: hit.id } });
      case 'cases':
        return void navigate({ to: '/cases/$caseId', params: { caseId: hit.id } });
      case 'articles':
        return void navigate({ to: '/knowledge/$articleId', params: { articleId: hit.id } });
      case 'companies':
        return void navigate({ to: '/companies/$companyId', params: { companyId: hit.id } });
      default:
        // Orders, invoices and any kind without a page of its own: the generic record page.
        return void navigate({ to: '/records/$kind/$recordId', params: { kind: hit.kind, recordId: hit.id } });
    }
  };

  // New results (or the recent list on opening): the top one is selected; a pending Enter opens it.
  const shown = !empty && debounced ? (current ? results.data : undefined) : recent;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when what is shown changes, not on each render
  useEffect(() => {
    if (!shown) return;
    const top = debounced ? results.data?.[0] : undefined;
    if (enterPending.current && debounced) {
      enterPending.current = false;
      if (top) open(top);
      return;
    }
    selectFirst();
  }, [shown]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || !query.trim() || current) return;
    // Typed faster than the search answers: open the top result when it arrives, not a stale one now.
    for (const el of document.querySelectorAll(`#${LIST_ID} [data-selected]`)) el.removeAttribute('data-selected');
    enterPending.current = true;
  };

  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={(q) => {
        enterPending.current = false;
        setQuery(q);
      }}
      shortcut={['mod + K']}
      scrollable
      maxHeight={560}
      size="lg"
    >
      <Spotlight.Search
        placeholder="Search by name, email, phone, website, case or order number"
        aria-label="Search people and companies"
        onKeyDown={onKeyDown}
        leftSection={results.isFetching ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />}
      />
      <Spotlight.ActionsList aria-label="Search results" id={LIST_ID}>
        {empty && recent.length > 0 ? (
          <Spotlight.ActionsGroup label="Recent">
            {recent.map((item) => (
              <Spotlight.Action
                key={`${item.kind}:${item.id}`}
                onClick={() => open(item)}
                data-testid="recent-item"
                data-record={`${item.kind}:${item.id}`}
              >
                <Group wrap="nowrap" gap="sm" w="100%">
                  <KindAvatar kind={item.kind} title={item.title} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text size="sm" fw={500} truncate>
                      {item.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {[KIND_WORD[item.kind], item.subtitle].filter(Boolean).join(' · ')}
                    </Text>
                  </div>
                  <IconClock size={14} aria-hidden color="var(--mantine-color-dimmed)" />
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {!debounced ? (
          <Spotlight.ActionsGroup label="Create">
            {can(me, 'people', 'create') ? (
              <Spotlight.Action
                label="New person"
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => navigate({ to: '/people/new' })}
              />
            ) : null}
            {can(me, 'companies', 'create') ? (
              <Spotlight.Action
                label="New company"
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => navigate({ to: '/companies/new' })}
              />
            ) : null}
          </Spotlight.ActionsGroup>
        ) : null}
        {hits.map((hit: SearchHit) => (
          <Spotlight.Action
            key={`${hit.kind}:${hit.id}`}
            onClick={() => open(hit)}
            data-testid="search-hit"
            data-record={`${hit.kind}:${hit.id}`}
          >
            <Group wrap="nowrap" gap="sm" w="100%" align="flex-start">
              <KindAvatar kind={hit.kind} title={hit.title} />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" fw={500} truncate>
                  {hit.title}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {[KIND_WORD[hit.kind], hit.subtitle].filter(Boolean).join(' · ')}
                </Text>
                <CardLine card={hit.card} />
              </div>
            </Group>
          </Spotlight.Action>
        ))}
        {nothing ? (
          <Spotlight.Empty>
            Nothing you can see matches “{debounced}”. Try part of a name, an email, a phone number, a website, a case
            reference or an order or invoice number.
          </Spotlight.Empty>
        ) : null}
        {results.isError ? (
          <Spotlight.Empty>Search is not available right now. Try again in a moment.</Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
