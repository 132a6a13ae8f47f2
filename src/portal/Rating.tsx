/**
 * Customer satisfaction in the portal: the public rating page a signed email link opens (`/portal/rate?token=…&score=4`,
 * no sign-in: the click records the score, then a comment may follow), and "Rate this" and "Close request" on a
 * signed-in customer's own request.
 */
import { Alert, Button, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { PortalError, type PortalRequestDetail, portalApi } from './api.ts';

const SCORES = [
  { score: 1, label: 'Very dissatisfied' },
  { score: 2, label: 'Dissatisfied' },
  { score: 3, label: 'Neither' },
  { score: 4, label: 'Satisfied' },
  { score: 5, label: 'Very satisfied' },
];

/** Five buttons, one pressed: a group the keyboard reaches with Tab, each named by its number and words. */
function ScoreButtons({
  value,
  onPick,
  disabled,
}: {
  value: number | null;
  onPick: (score: number) => void;
  disabled?: boolean;
}) {
  return (
    <Stack gap={4}>
      <Group gap="xs" role="group" aria-label="Your rating, from 1 (very dissatisfied) to 5 (very satisfied)">
        {SCORES.map((s) => (
          <Button
            key={s.score}
            variant={value === s.score ? 'filled' : 'default'}
            aria-pressed={value === s.score}
            aria-label={`${s.score}: ${s.label}`}
            title={s.label}
            disabled={disabled}
            onClick={() => onPick(s.score)}
            miw={48}
          >
            {s.score}
          </Button>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        1 = very dissatisfied, 5 = very satisfied
      </Text>
    </Stack>
  );
}

const scoreWords = (n: number) => SCORES.find((s) => s.score === n)?.label ?? '';

/** The page a rating email's link opens: records the clicked score at once, then offers a comment. */
export function RatePage({ token, score }: { token: string; score: number | null }) {
  const link = useQuery({
    queryKey: ['portal', 'rating-link', token],
    queryFn: () => portalApi.ratingLink(token),
    retry: false,
    enabled: token !== '',
  });
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState(false);
  const rate = useMutation({
    mutationFn: (body: { score: number; comment?: string | null }) => portalApi.rateByLink({ token, ...body }),
  });
  const current = rate.data?.rating ?? link.data?.rating ?? null;
  // The click in the email is the rating: record it once the link is known to be good.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !link.data || score === null || score < 1 || score > 5) return;
    sent.current = true;
    rate.mutate({ score });
  }, [link.data, score, rate]);
  useEffect(() => {
    if (link.data?.rating?.comment) setComment(link.data.rating.comment);
  }, [link.data]);
  useEffect(() => {
    document.title = link.data ? `Rate ${link.data.reference} · ${link.data.workspace}` : 'Rate your request';
  }, [link.data]);

  if (!token || link.error) {
    const expired = link.error instanceof PortalError && link.error.status === 410;
    return (
      <Alert color="gray" title={expired ? 'This rating link has expired' : 'This rating link does not work'}>
        {expired
          ? 'Rating links work for 30 days. Reply to our email or sign in to the portal to tell us how it went.'
          : 'Open the link from the email exactly as it was sent, or sign in to the portal to rate your request.'}
      </Alert>
    );
  }
  if (link.isPending) return <Loader aria-label="Loading" />;
  const l = link.data;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={640}>
      <Stack gap="md">
        <Title order={1} size="h3">
          How did we do?
        </Title>
        <Text>
          Your request {l.reference} ({l.subject}) is resolved. How satisfied are you with how {l.workspace} handled it?
        </Text>
        <ScoreButtons
          value={current?.score ?? null}
          onPick={(s) => rate.mutate({ score: s })}
          disabled={rate.isPending}
        />
        {rate.error ? <Alert color="red">{rate.error.message}</Alert> : null}
        {current ? (
          <Text role="status" fw={600} data-testid="rating-saved">
            Thank you: you rated {current.score} of 5 ({scoreWords(current.score)}).
          </Text>
        ) : null}
        {current ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              rate.mutate(
                { score: current.score, comment: comment.trim() || null },
                { onSuccess: () => setSaved(true) },
              );
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="Anything you would like to add? (optional)"
                autosize
                minRows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => {
                  setComment(e.currentTarget.value);
                  setSaved(false);
                }}
              />
              <Group>
                <Button type="submit" loading={rate.isPending}>
                  Send comment
                </Button>
                {saved ? (
                  <Text size="sm" role="status">
                    Comment saved.
                  </Text>
                ) : null}
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** "Close request" and "Rate this" under a signed-in customer's request. */
export function RequestActions({ request }: { request: PortalRequestDetail }) {
  const queryClient = useQueryClient();
  const id = request.id;
  const rating = useQuery({
    queryKey: ['portal', 'rating', id, request.status],
    queryFn: () => portalApi.rating(id),
  });
  const [comment, setComment] = useState<string | null>(null);
  const close = useMutation({
    mutationFn: () => portalApi.close(id),
    onSuccess: (r) => {
      queryClient.setQueryData(['portal', 'request', id], r);
      void queryClient.invalidateQueries({ queryKey: ['portal', 'requests'] });
      notifications.show({ color: 'teal', message: `Request ${r.reference} closed. Thank you for letting us know.` });
    },
  });
  const rate = useMutation({
    mutationFn: (body: { score: number; comment?: string | null }) => portalApi.rate(id, body),
    onSuccess: (r) => queryClient.setQueryData(['portal', 'rating', id, request.status], r),
  });
  const current = rating.data?.rating ?? null;
  const text = comment ?? current?.comment ?? '';
  return (
    <Stack gap="md">
      {rating.data?.canRate ? (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="rate-this">
          <Stack gap="sm">
            <Title order={2} size="h4" id="rate-this">
              Rate this
            </Title>
            <Text size="sm">How satisfied are you with how we handled this request?</Text>
            <ScoreButtons
              value={current?.score ?? null}
              onPick={(s) => rate.mutate({ score: s })}
              disabled={rate.isPending}
            />
            {current ? (
              <Text size="sm" role="status" data-testid="portal-rating">
                You rated {current.score} of 5 ({scoreWords(current.score)}).
              </Text>
            ) : null}
            {current ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  rate.mutate({ score: current.score, comment: text.trim() || null });
                }}
              >
                <Stack gap="xs">
                  <Textarea
                    label="Comment (optional)"
                    autosize
                    minRows={2}
                    maxLength={2000}
                    value={text}
                    onChange={(e) => setComment(e.currentTarget.value)}
                  />
                  <Group>
                    <Button type="submit" variant="default" loading={rate.isPending}>
                      Save comment
                    </Button>
                  </Group>
                </Stack>
              </form>
            ) : null}
            {rate.error ? <Alert color="red">{rate.error.message}</Alert> : null}
          </Stack>
        </Paper>
      ) : null}
      {request.status !== 'closed' ? (
        <Group>
          <Button variant="default" loading={close.isPending} onClick={() => close.mutate()}>
            Close request
          </Button>
          <Text size="sm" c="dimmed">
            Solved, or no longer needed? Close it.
          </Text>
        </Group>
      ) : null}
      {close.error ? <Alert color="red">{close.error.message}</Alert> : null}
    </Stack>
  );
}
