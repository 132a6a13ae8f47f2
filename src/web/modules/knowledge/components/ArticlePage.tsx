import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import {
  type Article,
  type ArticleInput,
  articleHistoryQueryOptions,
  articleQueryOptions,
  categoriesQueryOptions,
  createArticle,
  previewArticle,
  publishArticle,
  refreshArticles,
  updateArticle,
  VISIBILITIES,
} from '../api.ts';
import { ArticleBadges } from './ArticleBadges.tsx';

const route = getRouteApi('/app/knowledge/$articleId');

interface Draft {
  title: string;
  summary: string;
  category: string;
  visibility: 'internal' | 'public';
  body: string;
}

/** What a version changed, in words ("Changed text, status"), never API keys. */
const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  body: 'text',
  category: 'category',
  visibility: 'visibility',
  status: 'status',
  publishedAt: 'publication date',
  relatedArticleIds: 'related articles',
  tags: 'tags',
};

const EMPTY: Draft = { title: '', summary: '', category: '', visibility: 'internal', body: '' };
const toDraft = (a: Article): Draft => ({
  title: a.title ?? '',
  summary: a.summary ?? '',
  category: a.category ?? '',
  visibility: a.visibility ?? 'internal',
  body: a.body ?? '',
});

/** Only the fields that differ from the saved article. */
function changes(draft: Draft, saved: Draft): ArticleInput {
  const out: ArticleInput = {};
  if (draft.title !== saved.title) out.title = draft.title.trim();
  if (draft.summary !== saved.summary) out.summary = draft.summary.trim() || null;
  if (draft.category !== saved.category) out.category = draft.category.trim() || null;
  if (draft.visibility !== saved.visibility) out.visibility = draft.visibility;
  if (draft.body !== saved.body) out.body = draft.body;
  return out;
}

/** `/knowledge/$articleId` (and `/knowledge/new`): write in markdown, preview as readers see it, publish, see versions. */
export function ArticlePage() {
  const { articleId } = route.useParams();
  return <ArticleEditor key={articleId} id={articleId === 'new' ? null : articleId} />;
}

export function NewArticlePage() {
  return <ArticleEditor key="new" id={null} />;
}

function ArticleEditor({ id }: { id: string | null }) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const article = useQuery({ ...articleQueryOptions(id ?? ''), enabled: id !== null });
  const history = useQuery({ ...articleHistoryQueryOptions(id ?? ''), enabled: id !== null });
  const categories = useQuery(categoriesQueryOptions());
  const saved = article.data ? toDraft(article.data) : EMPTY;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [loadedVersion, setLoadedVersion] = useState<number | null>(null);
  const [tab, setTab] = useState<string | null>('write');
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(id ? (article.data?.title ?? 'Article') : 'New article', 'Knowledge');

  useEffect(() => {
    if (article.data && article.data.version !== loadedVersion) {
      setDraft(toDraft(article.data));
      setLoadedVersion(article.data.version);
    }
  }, [article.data, loadedVersion]);

  const diff = changes(draft, saved);
  const dirty = Object.keys(diff).length > 0;
  const leave = useConfirmLeave(dirty);
  const writable = can(me, 'articles', id ? 'update' : 'create');

  const save = useMutation({
    mutationFn: async (): Promise<Article> => {
      if (!draft.title.trim()) throw new Error('Give the article a title.');
      if (!id) return createArticle({ ...diff, title: draft.title.trim() });
      return updateArticle(id, diff, article.data!.version);
    },
    onSuccess: async (a) => {
      setError(null);
      await refreshArticles(queryClient, a);
      await queryClient.invalidateQueries({ queryKey: ['articles', 'history', a.id] });
      notifications.show({ color: 'teal', message: `"${a.title}" saved.` });
      if (!id) {
        leave.allowLeave();
        await navigate({ to: '/knowledge/$articleId', params: { articleId: a.id }, replace: true });
      }
    },
    onError: setError,
  });
  const publish = useMutation({
    mutationFn: () => publishArticle(id!, article.data!.version),
    onSuccess: async (a) => {
      setError(null);
      await refreshArticles(queryClient, a);
      await queryClient.invalidateQueries({ queryKey: ['articles', 'history', a.id] });
      notifications.show({
        color: 'teal',
        message: a.visibility === 'public' ? `"${a.title}" is published on the portal.` : `"${a.title}" is published.`,
      });
    },
    onError: setError,
  });

  const showPreview = async (value: string | null) => {
    setTab(value);
    if (value === 'preview') {
      try {
        setPreview((await previewArticle(draft.body)).html);
      } catch (e) {
        setError(e);
      }
    }
  };

  if (id && article.isPending) return <Skeleton height={320} />;
  if (id && article.error) return <ErrorAlert error={article.error} onRetry={() => void article.refetch()} />;

  const stale = isApiError(error, 412);
  return (
    <>
      {leave.dialog}
      <PageHeader
        title={id ? (article.data?.title ?? 'Article') : 'New article'}
        description={
          id ? (
            <ArticleBadges visibility={article.data?.visibility} status={article.data?.status} />
          ) : (
            'A draft until you publish it.'
          )
        }
        actions={
          writable ? (
            <Group gap="xs">
              <Button
                variant="default"
                onClick={() => save.mutate()}
                loading={save.isPending}
                disabled={id !== null && !dirty}
              >
                Save
              </Button>
              {id && article.data?.status !== 'published' ? (
                <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={dirty}>
                  Publish
                </Button>
              ) : null}
            </Group>
          ) : null
        }
      />
      {error ? (
        stale ? (
          <Alert color="orange" title="Someone else saved this article first" mb="sm">
            <Group gap="sm">
              <Text size="sm">Reload their version; your text stays in the editor so you can apply it again.</Text>
              <Button
                size="xs"
                variant="default"
                onClick={async () => {
                  const body = draft;
                  await article.refetch();
                  setDraft(body);
                  setError(null);
                }}
              >
                Reload and re-apply
              </Button>
            </Group>
          </Alert>
        ) : (
          <Alert color="red" title="Not saved" mb="sm">
            {errorMessage(error)}
          </Alert>
        )
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
            <Stack gap="sm">
              <TextInput
                label="Title"
                required
                readOnly={!writable}
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
                placeholder="Add a seat to your plan"
              />
              <TextInput
                label="Summary"
                description="One sentence shown in lists and suggestions"
                readOnly={!writable}
                value={draft.summary}
                onChange={(e) => setDraft({ ...draft, summary: e.currentTarget.value })}
              />
              <Group grow align="flex-start" wrap="wrap">
                <Autocomplete
                  label="Category"
                  readOnly={!writable}
                  data={(categories.data?.data ?? []).map((c) => c.name)}
                  value={draft.category}
                  onChange={(v) => setDraft({ ...draft, category: v })}
                />
                <Select
                  label="Visibility"
                  readOnly={!writable}
                  data={VISIBILITIES.map((v) => ({ value: v.value, label: v.label }))}
                  value={draft.visibility}
                  allowDeselect={false}
                  onChange={(v) => setDraft({ ...draft, visibility: (v as Draft['visibility']) ?? 'internal' })}
                />
              </Group>
              <Tabs value={tab} onChange={(v) => void showPreview(v)}>
                <Tabs.List>
                  <Tabs.Tab value="write">Write</Tabs.Tab>
                  <Tabs.Tab value="preview">Preview</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="write" pt="xs">
                  <Textarea
                    aria-label="Body (markdown)"
                    description="Markdown: ## headings, **bold**, lists, [links](https://…), tables"
                    autosize
                    minRows={12}
                    readOnly={!writable}
                    value={draft.body}
                    onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
                    styles={{ input: { fontFamily: 'monospace' } }}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="preview" pt="xs">
                  <Box mih={200} data-testid="article-preview">
                    {preview ? (
                      <Typography>
                        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the API */}
                        <div dangerouslySetInnerHTML={{ __html: preview }} />
                      </Typography>
                    ) : (
                      <Text c="dimmed">Nothing to preview yet.</Text>
                    )}
                  </Box>
                </Tabs.Panel>
              </Tabs>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="md">
            <Title order={2} size="h4" mb="xs">
              Versions
            </Title>
            {!id ? (
              <Text size="sm" c="dimmed">
                Each save is kept with who made it and what changed.
              </Text>
            ) : history.data ? (
              <Stack gap="xs">
                {history.data.data.map((h) => (
                  <Box key={h.id}>
                    <Text size="sm" fw={500}>
                      {h.action === 'create'
                        ? 'Written'
                        : `Changed ${Object.keys(h.changes)
                            .map((k) => FIELD_WORDS[k] ?? k)
                            .join(', ')}`}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {h.actor?.name ?? 'System'} · {formatDateTime(h.at)}
                    </Text>
                  </Box>
                ))}
              </Stack>
            ) : (
              <Skeleton height={60} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
