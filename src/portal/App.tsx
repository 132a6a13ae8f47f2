/**
 * The customer portal: its own page and entry (portal.html), branded with the workspace's name and colour. Help
 * centre (search and read public articles, no sign-in), sign-in by emailed link, requests (raise with article
 * suggestions as the subject is typed, follow, reply) and the customer's profile and consent. Phone-width first.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Container,
  FileInput,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  call,
  PortalError,
  type PortalMe,
  type PortalProfile,
  type PortalRequestDetail,
  portalApi,
  readArticles,
  uploads,
} from './api.ts';
import { RatePage, RequestActions } from './Rating.tsx';
import { Link, navigate, useLocation } from './router.tsx';

const STATUS: Record<string, { label: string; color: string }> = {
  new: { label: 'Received', color: 'cyan' },
  open: { label: 'In progress', color: 'blue' },
  pending_customer: { label: 'Waiting for you', color: 'yellow' },
  resolved: { label: 'Resolved', color: 'teal' },
  closed: { label: 'Closed', color: 'gray' },
};

/** What the file inputs offer (the server checks again: size, type, content). */
const ACCEPT =
  'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip';
const MAX_FILES = 5;

/** The files a request or reply may carry: up to five, each named in a problem the server sends back. */
function Files({ value, onChange, error }: { value: File[]; onChange: (f: File[]) => void; error?: unknown }) {
  const problems = error instanceof PortalError ? error.errors.filter((e) => e.pointer.startsWith('/attachments')) : [];
  return (
    <FileInput
      label="Attach files"
      description={`Up to ${MAX_FILES}: screenshots, photos, PDFs, documents`}
      placeholder="Choose files"
      // The default placeholder grey is too faint on white (WCAG AA).
      styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
      multiple
      clearable
      accept={ACCEPT}
      value={value}
      onChange={(f) => onChange(f.slice(0, MAX_FILES))}
      error={problems.length > 0 ? problems.map((p) => p.detail).join('; ') : undefined}
    />
  );
}

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A message's files, as download links. */
function Attachments({
  requestId,
  files,
}: {
  requestId: string;
  files: PortalRequestDetail['messages'][number]['attachments'];
}) {
  if (files.length === 0) return null;
  return (
    <Stack gap={2} mt={4}>
      {files.map((f) => (
        <a key={f.id} href={portalApi.attachmentUrl(requestId, f.id)} download={f.filename}>
          <Text size="sm" span>
            {f.filename} ({size(f.size)})
          </Text>
        </a>
      ))}
    </Stack>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function useTitle(title: string, brand: string | undefined) {
  useEffect(() => {
    document.title = [title, brand ?? 'Customer portal'].filter(Boolean).join(' · ');
  }, [title, brand]);
}

export function PortalApp() {
  const { path, query } = useLocation();
  const brand = useQuery({ queryKey: ['portal', 'brand'], queryFn: portalApi.brand });
  // Not asked while a link is being exchanged: an answer from before the session would overwrite the signed-in one.
  const me = useQuery({ queryKey: ['portal', 'me'], queryFn: portalApi.me, enabled: path !== '/portal/auth' });
  const queryClient = useQueryClient();
  if (brand.error && path !== '/portal/rate') {
    return (
      <Container size="sm" py="xl">
        <Alert color="gray" title="The customer portal is not available">
          {brand.error instanceof PortalError && brand.error.status === 404
            ? 'This portal is switched off. Contact us by email or phone.'
            : 'We could not load the portal. Try again in a moment.'}
        </Alert>
      </Container>
    );
  }
  const color = brand.data?.color ?? '#1c64d6';
  const user = me.data ?? null;
  const signOut = async () => {
    await portalApi.logout().catch(() => undefined);
    queryClient.clear();
    navigate('/portal');
  };

  let page: ReactNode;
  const m = (re: RegExp) => re.exec(path);
  const needsSignIn = path.startsWith('/portal/requests') || path === '/portal/profile';
  if (needsSignIn && me.isPending) page = <Loader />;
  else if (needsSignIn && !user) page = <SignIn brand={brand.data?.name} reason="Sign in to see your requests." />;
  else if (path === '/portal/sign-in') page = <SignIn brand={brand.data?.name} email={query.get('email') ?? ''} />;
  else if (path === '/portal/auth') page = <Verify token={query.get('token') ?? ''} />;
  else if (path === '/portal/rate') {
    const score = Number(query.get('score'));
    page = <RatePage token={query.get('token') ?? ''} score={Number.isInteger(score) && score >= 1 ? score : null} />;
  } else if (path === '/portal/requests') page = <Requests me={user!} brand={brand.data?.name} />;
  else if (path === '/portal/requests/new') page = <NewRequest brand={brand.data?.name} />;
  else if (m(/^\/portal\/requests\/([^/]+)$/)) page = <RequestPage id={m(/^\/portal\/requests\/([^/]+)$/)![1]!} />;
  else if (path === '/portal/profile') page = <Profile brand={brand.data?.name} />;
  else if (m(/^\/portal\/articles\/([^/]+)$/)) page = <ArticlePage id={m(/^\/portal\/articles\/([^/]+)$/)![1]!} />;
  else page = <Help brand={brand.data?.name} signedIn={user !== null} q={query.get('q') ?? ''} />;

  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg={color} c="white" py="sm">
        <Container size="md">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Link to="/portal" c="white" fw={700} fz="lg" underline="never">
              <Group gap="xs" wrap="nowrap">
                {brand.data?.logoUrl ? (
                  <img src={brand.data.logoUrl} alt="" height={28} style={{ maxWidth: 120, objectFit: 'contain' }} />
                ) : null}
                <span>{brand.data?.name ?? 'Customer portal'}</span>
              </Group>
            </Link>
            <Group gap="md" component="nav" aria-label="Portal">
              <Link to="/portal" c="white">
                Help
              </Link>
              {user ? (
                <>
                  <Link to="/portal/requests" c="white">
                    My requests
                  </Link>
                  <Link to="/portal/profile" c="white">
                    Profile
                  </Link>
                  <Button size="compact-sm" variant="white" onClick={() => void signOut()}>
                    Sign out
                  </Button>
                </>
              ) : (
                <Link to="/portal/sign-in" c="white">
                  Sign in
                </Link>
              )}
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="md" py="lg" component="main">
        {page}
      </Container>
    </Box>
  );
}

// ---------- help centre ----------

function Help({ brand, signedIn, q: initial }: { brand?: string; signedIn: boolean; q: string }) {
  useTitle('Help', brand);
  const [q, setQ] = useState(initial);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [category, setCategory] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['portal', 'articles', debounced, category],
    queryFn: () => portalApi.articles(debounced, category ?? undefined),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({ queryKey: ['portal', 'categories'], queryFn: portalApi.categories });
  useEffect(() => {
    window.history.replaceState(null, '', debounced ? `/portal?q=${encodeURIComponent(debounced)}` : '/portal');
  }, [debounced]);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        How can we help?
      </Title>
      <TextInput
        aria-label="Search the help centre"
        placeholder="Search: invoices, seats, sign in…"
        size="md"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <Group gap="xs">
        {(categories.data?.data ?? []).map((c) => (
          <Button
            key={c.name}
            size="compact-sm"
            variant={category === c.name ? 'filled' : 'light'}
            onClick={() => setCategory(category === c.name ? null : c.name)}
          >
            {c.name} ({c.count})
          </Button>
        ))}
      </Group>
      <Stack gap="xs" data-testid="portal-articles">
        {results.data?.data.length === 0 ? (
          <Text c="dimmed">No article matches. Try other words, or raise a request.</Text>
        ) : (
          results.data?.data.map((a) => (
            <Card key={a.id} withBorder padding="sm">
              <Link to={`/portal/articles/${a.id}`} fw={600}>
                {a.title}
              </Link>
              {a.summary ? (
                <Text size="sm" c="dimmed">
                  {a.summary}
                </Text>
              ) : null}
            </Card>
          ))
        )}
      </Stack>
      <Paper withBorder p="md">
        <Text fw={600}>Not found what you need?</Text>
        <Text size="sm" mb="xs">
          Raise a request and we answer you here and by email.
        </Text>
        <Button onClick={() => navigate(signedIn ? '/portal/requests/new' : '/portal/sign-in')}>Raise a request</Button>
      </Paper>
    </Stack>
  );
}

function ArticlePage({ id }: { id: string }) {
  const article = useQuery({ queryKey: ['portal', 'article', id], queryFn: () => portalApi.article(id) });
  useTitle(article.data?.title ?? 'Article', undefined);
  useEffect(() => {
    if (article.data) readArticles.add(article.data.id);
  }, [article.data]);
  if (article.isPending) return <Loader />;
  if (article.error) return <Alert color="gray">This article does not exist or is no longer published.</Alert>;
  const a = article.data;
  return (
    <Stack gap="md">
      <Link to="/portal">← All answers</Link>
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        {a.category ? (
          <Text size="sm" c="dimmed">
            {a.category}
          </Text>
        ) : null}
        <Title order={1} size="h2" mb="md">
          {a.title}
        </Title>
        <Typography>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the API */}
          <div dangerouslySetInnerHTML={{ __html: a.bodyHtml ?? '' }} />
        </Typography>
      </Paper>
      <Helpful articleId={a.id} />
      {a.related.length > 0 ? (
        <Paper withBorder p="md">
          <Text fw={600} mb="xs">
            Related
          </Text>
          <Stack gap="xs">
            {a.related.map((r) => (
              <Link key={r.id} to={`/portal/articles/${r.id}`}>
                {r.title}
              </Link>
            ))}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}

/** "Did this answer your question?": one answer per article and page view, counted in the self-service metrics. */
function Helpful({ articleId }: { articleId: string }) {
  const [answered, setAnswered] = useState<boolean | null>(null);
  const send = useMutation({
    mutationFn: (helpful: boolean) =>
      call<void>('POST', `/articles/${encodeURIComponent(articleId)}/feedback`, { helpful }),
    onSuccess: (_r, helpful) => setAnswered(helpful),
  });
  return (
    <Paper withBorder p="md" aria-live="polite">
      {answered === null ? (
        <Group gap="sm" wrap="wrap">
          <Text fw={600}>Did this answer your question?</Text>
          <Button size="xs" variant="default" onClick={() => send.mutate(true)} loading={send.isPending}>
            Yes
          </Button>
          <Button size="xs" variant="default" onClick={() => send.mutate(false)} loading={send.isPending}>
            No
          </Button>
        </Group>
      ) : answered ? (
        <Text>Thank you. Glad it helped.</Text>
      ) : (
        <Text>
          Thank you for telling us. <Link to="/portal/requests/new">Raise a request</Link> and we will answer you.
        </Text>
      )}
    </Paper>
  );
}

// ---------- sign-in ----------

function SignIn({ brand, email: initial = '', reason }: { brand?: string; email?: string; reason?: string }) {
  useTitle('Sign in', brand);
  const [email, setEmail] = useState(initial);
  const [sent, setSent] = useState<string | null>(null);
  const ask = useMutation({ mutationFn: () => portalApi.askLink(email.trim()), onSuccess: (r) => setSent(r.detail) });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={480} mx="auto">
      <Title order={1} size="h3" mb="xs">
        Sign in
      </Title>
      <Text size="sm" mb="md">
        {reason ?? 'No password: we email you a link that signs you in.'}
      </Text>
      {sent ? (
        <Alert color="teal" title="Check your email">
          {sent}
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Email address"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            {ask.error ? <Alert color="red">{ask.error.message}</Alert> : null}
            <Button type="submit" loading={ask.isPending}>
              Email me a sign-in link
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

function Verify({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const started = useRef(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    portalApi
      .verify(token)
      .then(async (me) => {
        queryClient.setQueryData(['portal', 'me'], me);
        navigate('/portal/requests', true);
      })
      .catch((e: Error) => setError(e.message));
  }, [token, queryClient]);
  return error ? (
    <Alert color="orange" title="This link cannot be used">
      {error} <Link to="/portal/sign-in">Ask for a new link</Link>
    </Alert>
  ) : (
    <Group>
      <Loader size="sm" />
      <Text>Signing you in…</Text>
    </Group>
  );
}

// ---------- requests ----------

function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, color: 'gray' };
  return (
    <Badge color={s.color} variant="light" style={{ flexShrink: 0 }}>
      {s.label}
    </Badge>
  );
}

function Requests({ me, brand }: { me: PortalMe; brand?: string }) {
  useTitle('My requests', brand);
  const list = useQuery({ queryKey: ['portal', 'requests'], queryFn: portalApi.requests });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {me.companyAdmin && me.companyName ? `Requests of ${me.companyName}` : 'My requests'}
        </Title>
        <Button onClick={() => navigate('/portal/requests/new')}>New request</Button>
      </Group>
      {list.isPending ? <Loader /> : null}
      {list.data?.data.length === 0 ? (
        <Text c="dimmed">
          You have not raised a request yet. Search the help centre first: the answer may be there.
        </Text>
      ) : null}
      <Stack gap="xs" data-testid="portal-requests">
        {list.data?.data.map((r) => (
          <Card key={r.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Box style={{ minWidth: 0 }}>
                <Link to={`/portal/requests/${r.id}`} fw={600}>
                  {r.subject}
                </Link>
                <Text size="xs" c="dimmed">
                  {r.reference} · {when(r.openedAt)}
                  {r.mine ? '' : ` · raised by ${r.raisedBy ?? 'a colleague'}`}
                </Text>
              </Box>
              <StatusBadge status={r.status} />
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}

function NewRequest({ brand }: { brand?: string }) {
  useTitle('New request', brand);
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [caseTypeId, setCaseTypeId] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const types = useQuery({ queryKey: ['portal', 'case-types'], queryFn: portalApi.caseTypes });
  const [typed] = useDebouncedValue(subject.trim(), 300);
  const suggestions = useQuery({
    queryKey: ['portal', 'suggestions', typed],
    queryFn: () => portalApi.suggestions(typed),
    enabled: typed.length >= 3,
    placeholderData: keepPreviousData,
  });
  const raise = useMutation({
    mutationFn: async () =>
      portalApi.raise({
        subject: subject.trim(),
        description,
        articleIds: [...readArticles],
        ...(caseTypeId ? { caseTypeId } : {}),
        ...(files.length > 0 ? { attachments: await uploads(files) } : {}),
      }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['portal', 'requests'] });
      notifications.show({
        color: 'teal',
        message: `Request ${r.reference} sent. We will answer you here and by email.`,
      });
      navigate(`/portal/requests/${r.id}`, true);
    },
  });
  const hits = typed.length >= 3 ? (suggestions.data?.data ?? []) : [];
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
      <Title order={1} size="h3" mb="md">
        New request
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (subject.trim()) raise.mutate();
        }}
      >
        <Stack gap="sm">
          {types.data && types.data.data.length > 0 ? (
            <Select
              label="What is it about?"
              required
              data={types.data.data.map((t) => ({ value: t.id, label: t.name }))}
              value={caseTypeId}
              onChange={setCaseTypeId}
              error={
                raise.error instanceof PortalError
                  ? raise.error.errors.find((e) => e.pointer === '/caseTypeId')?.detail
                  : undefined
              }
            />
          ) : null}
          <TextInput
            label="Subject"
            description="In a few words: what do you need?"
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
          {hits.length > 0 ? (
            <Paper withBorder p="sm" aria-live="polite">
              <Text size="sm" fw={600} mb={4}>
                These answers may help right away
              </Text>
              <Stack gap="xs" data-testid="portal-suggestions">
                {hits.map((h) => (
                  <Link key={h.id} to={`/portal/articles/${h.id}`} size="sm">
                    {h.title}
                  </Link>
                ))}
              </Stack>
            </Paper>
          ) : null}
          <Textarea
            label="Description"
            description="What happened, and what you expected"
            autosize
            minRows={4}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Files value={files} onChange={setFiles} error={raise.error} />
          {raise.error ? <Alert color="red">{raise.error.message}</Alert> : null}
          <Group>
            <Button type="submit" loading={raise.isPending} disabled={!subject.trim()}>
              Send request
            </Button>
            <Button variant="default" onClick={() => navigate('/portal/requests')}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RequestPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const request = useQuery({ queryKey: ['portal', 'request', id], queryFn: () => portalApi.request(id) });
  useTitle(request.data ? `${request.data.reference} ${request.data.subject}` : 'Request', undefined);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const reply = useMutation({
    mutationFn: async () => portalApi.reply(id, body.trim(), files.length > 0 ? await uploads(files) : undefined),
    onSuccess: (r) => {
      setBody('');
      setFiles([]);
      queryClient.setQueryData(['portal', 'request', id], r);
      void queryClient.invalidateQueries({ queryKey: ['portal', 'requests'] });
    },
  });
  if (request.isPending) return <Loader />;
  if (request.error) return <Alert color="gray">This request does not exist, or is not yours.</Alert>;
  const r = request.data;
  return (
    <Stack gap="md">
      <Link to="/portal/requests">← My requests</Link>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={1} size="h3">
            {r.subject}
          </Title>
          <StatusBadge status={r.status} />
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          {r.reference} · opened {when(r.openedAt)}
        </Text>
        {r.description ? <Text style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Text> : null}
      </Paper>
      <Stack gap="xs" data-testid="portal-thread">
        {r.messages.map((m) => (
          <Paper
            key={m.id}
            p="sm"
            withBorder
            bg={m.fromCustomer ? 'white' : 'gray.0'}
            ml={m.fromCustomer ? { base: 'md', sm: 'xl' } : 0}
            mr={m.fromCustomer ? 0 : { base: 'md', sm: 'xl' }}
          >
            <Text size="xs" c="dimmed">
              {m.fromCustomer ? (m.author ?? 'You') : (m.author ?? 'Our team')} · {when(m.createdAt)}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            <Attachments requestId={r.id} files={m.attachments} />
          </Paper>
        ))}
      </Stack>
      <RequestActions request={r} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) reply.mutate();
        }}
      >
        <Stack gap="xs">
          <Textarea label="Reply" autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
          <Files value={files} onChange={setFiles} error={reply.error} />
          {reply.error ? <Alert color="red">{reply.error.message}</Alert> : null}
          <Group>
            <Button type="submit" loading={reply.isPending} disabled={!body.trim()}>
              Send reply
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

// ---------- profile ----------

const CHANNELS = [
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'post', label: 'Post' },
];
const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
  { value: 'de', label: 'Deutsch' },
  { value: 'es', label: 'Español' },
  { value: 'nl', label: 'Nederlands' },
];

function Profile({ brand }: { brand?: string }) {
  useTitle('Profile', brand);
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: ['portal', 'profile'], queryFn: portalApi.profile });
  const [draft, setDraft] = useState<PortalProfile | null>(null);
  const [phone, setPhone] = useState('');
  useEffect(() => {
    if (profile.data) {
      setDraft(profile.data);
      setPhone(profile.data.phones[0]?.number ?? '');
    }
  }, [profile.data]);
  const save = useMutation({
    mutationFn: () => {
      const d = draft!;
      const before = profile.data!;
      return portalApi.updateProfile({
        ...(d.firstName !== before.firstName ? { firstName: d.firstName } : {}),
        ...(d.lastName !== before.lastName ? { lastName: d.lastName ?? '' } : {}),
        ...(d.jobTitle !== before.jobTitle ? { jobTitle: d.jobTitle } : {}),
        ...(phone !== (before.phones[0]?.number ?? '')
          ? { phones: phone.trim() ? [{ number: phone.trim(), label: before.phones[0]?.label ?? 'mobile' }] : [] }
          : {}),
        ...(d.preferredChannel !== before.preferredChannel ? { preferredChannel: d.preferredChannel } : {}),
        ...(d.preferredLanguage !== before.preferredLanguage ? { preferredLanguage: d.preferredLanguage } : {}),
        consent: d.consent,
        ...(JSON.stringify(d.topics) !== JSON.stringify(before.topics) ? { topics: d.topics } : {}),
      });
    },
    onSuccess: (p) => {
      queryClient.setQueryData(['portal', 'profile'], p);
      notifications.show({ color: 'teal', message: 'Your details are saved.' });
    },
  });
  if (!draft) return <Loader />;
  const problems = save.error instanceof PortalError ? save.error.errors : [];
  const problem = (prefix: string) => problems.find((p) => p.pointer.startsWith(prefix))?.detail ?? undefined;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
      <Title order={1} size="h3" mb="md">
        Your details
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Group grow wrap="wrap">
            <TextInput
              label="First name"
              value={draft.firstName}
              error={problem('/firstName')}
              onChange={(e) => setDraft({ ...draft, firstName: e.currentTarget.value })}
            />
            <TextInput
              label="Last name"
              value={draft.lastName ?? ''}
              onChange={(e) => setDraft({ ...draft, lastName: e.currentTarget.value })}
            />
          </Group>
          <TextInput
            label="Job title"
            value={draft.jobTitle ?? ''}
            onChange={(e) => setDraft({ ...draft, jobTitle: e.currentTarget.value || null })}
          />
          <TextInput label="Email (you sign in with it)" value={draft.email} readOnly />
          <TextInput
            label="Phone"
            type="tel"
            value={phone}
            error={problem('/phones')}
            onChange={(e) => setPhone(e.currentTarget.value)}
          />
          <Group grow wrap="wrap">
            <Select
              label="How we should contact you"
              data={CHANNELS}
              clearable
              value={draft.preferredChannel}
              onChange={(v) => setDraft({ ...draft, preferredChannel: v as PortalProfile['preferredChannel'] })}
            />
            <Select
              label="Language"
              data={LANGUAGES}
              clearable
              value={draft.preferredLanguage?.slice(0, 2) ?? null}
              onChange={(v) => setDraft({ ...draft, preferredLanguage: v })}
            />
          </Group>
          <Title order={2} size="h5" mt="sm">
            What we may send you
          </Title>
          <Text size="sm" c="dimmed">
            Switch off any channel at any time. Replies to your own requests always reach you.
          </Text>
          {(['email', 'phone', 'sms', 'post'] as const).map((ch) => (
            <Switch
              key={ch}
              label={{ email: 'News and offers by email', phone: 'Calls', sms: 'Text messages', post: 'Post' }[ch]}
              checked={draft.consent[ch]}
              onChange={(e) => setDraft({ ...draft, consent: { ...draft.consent, [ch]: e.currentTarget.checked } })}
            />
          ))}
          {draft.availableTopics.length > 0 ? (
            <Checkbox.Group
              label="Topics you want to hear about"
              description="We write only about the topics you tick, by the channels you allow above."
              value={draft.topics}
              error={problem('/topics')}
              onChange={(topics) =>
                // kept in the order the business lists them
                setDraft({ ...draft, topics: draft.availableTopics.filter((t) => topics.includes(t)) })
              }
            >
              <Stack gap="xs" mt="xs">
                {draft.availableTopics.map((t) => (
                  <Checkbox key={t} value={t} label={t} />
                ))}
              </Stack>
            </Checkbox.Group>
          ) : null}
          {save.error && problems.length === 0 ? <Alert color="red">{save.error.message}</Alert> : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
