import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBook } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { suggestArticles } from '../api.ts';

/** Articles relevant to a case subject as it is typed; each opens in a new tab so the form is kept. */
export function ArticleSuggestions({ subject }: { subject: string }) {
  const [q] = useDebouncedValue(subject.trim(), 300);
  const suggestions = useQuery({
    queryKey: ['articles', 'suggestions', q],
    queryFn: ({ signal }) => suggestArticles(q, signal),
    enabled: q.length >= 3,
    placeholderData: keepPreviousData,
  });
  const hits = q.length >= 3 ? (suggestions.data?.data ?? []) : [];
  if (hits.length === 0) return null;
  return (
    <Paper withBorder radius="sm" p="xs" bg="var(--mantine-color-gray-0)" aria-live="polite">
      <Text size="xs" fw={600} mb={4}>
        <IconBook size={12} style={{ verticalAlign: 'middle' }} /> Articles that may answer it
      </Text>
      <Stack gap={2} data-testid="article-suggestions">
        {hits.map((h) => (
          <Text size="sm" key={h.id}>
            <Anchor href={`/knowledge/${encodeURIComponent(h.id)}`} target="_blank" underline="always">
              {h.title}
            </Anchor>
            {h.summary ? (
              <Text span size="xs" c="dimmed">
                {' '}
                · {h.summary}
              </Text>
            ) : null}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
