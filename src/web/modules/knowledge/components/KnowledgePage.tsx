import { Button, Group, Paper, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { categoriesQueryOptions, fetchArticles } from '../api.ts';
import type { KnowledgeSearch } from '../search.ts';
import { ArticleBadges } from './ArticleBadges.tsx';

const route = getRouteApi('/app/knowledge');

/** `/knowledge`: every article, searched through the full-text index, filtered by status, visibility and category. */
export function KnowledgePage() {
  useDocumentTitle('Knowledge');
  const me = useMe();
  const search = route.useSearch();
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const setSearch = (patch: Partial<KnowledgeSearch>) =>
    void navigate({ to: '/knowledge', search: { ...search, ...patch }, replace: true });
  useEffect(() => {
    if ((search.q ?? '') !== debounced)
      void navigate({ to: '/knowledge', search: { ...search, q: debounced || undefined }, replace: true });
  }, [debounced, search, navigate]);
  const categories = useQuery(categoriesQueryOptions());
  const list = useInfiniteQuery({
    queryKey: ['articles', 'list', debounced, search.status, search.visibility, search.category],
    queryFn: ({ pageParam, signal }) =>
      fetchArticles(
        {
          q: debounced,
          status: search.status,
          visibility: search.visibility,
          category: search.category,
          cursor: pageParam,
        },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(debounced || search.status || search.visibility || search.category);

  return (
    <>
      <PageHeader
        title="Knowledge"
        description="Answers for agents and, once public and published, for customers on the portal."
        actions={
          can(me, 'articles', 'create') ? (
            <ButtonLink to="/knowledge/new" leftSection={<IconPlus size={16} />}>
              New article
            </ButtonLink>
          ) : null
        }
      />
      <Group gap="sm" mb="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label="Search articles"
          placeholder="Search titles, tags and text"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
        />
        <Select
          aria-label="Status"
          placeholder="Any status"
          clearable
          data={[
            { value: 'published', label: 'Published' },
            { value: 'draft', label: 'Draft' },
          ]}
          value={search.status ?? null}
          onChange={(v) => setSearch({ status: (v as KnowledgeSearch['status']) ?? undefined })}
          w={150}
        />
        <Select
          aria-label="Visibility"
          placeholder="Any visibility"
          clearable
          data={[
            { value: 'public', label: 'Public' },
            { value: 'internal', label: 'Internal' },
          ]}
          value={search.visibility ?? null}
          onChange={(v) => setSearch({ visibility: (v as KnowledgeSearch['visibility']) ?? undefined })}
          w={160}
        />
        <Select
          aria-label="Category"
          placeholder="Any category"
          clearable
          data={(categories.data?.data ?? []).map((c) => ({ value: c.name, label: `${c.name} (${c.count})` }))}
          value={search.category ?? null}
          onChange={(v) => setSearch({ category: v ?? undefined })}
          w={200}
        />
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Paper withBorder radius="md">
        {list.isPending ? (
          <Stack p="md">
            <Skeleton height={18} />
            <Skeleton height={18} />
            <Skeleton height={18} />
          </Stack>
        ) : rows.length === 0 ? (
          <Text p="lg" c="dimmed">
            {filtered
              ? 'No article matches. Try fewer words, or clear the filters.'
              : 'No articles yet. Write the answer to the question customers ask most, and publish it as public.'}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Category</Table.Th>
                  <Table.Th>Visibility and status</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <AnchorLink to="/knowledge/$articleId" params={{ articleId: a.id }} fw={500}>
                        {a.title}
                      </AnchorLink>
                      {a.summary ? (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {a.summary}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{a.category ?? '—'}</Table.Td>
                    <Table.Td>
                      <ArticleBadges visibility={a.visibility} status={a.status} />
                    </Table.Td>
                    <Table.Td>{formatDate(a.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {list.hasNextPage ? (
        <Group justify="center" mt="sm">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      ) : null}
    </>
  );
}
