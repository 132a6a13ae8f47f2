import { Badge, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';

type Report = components['schemas']['QualityReport'];
type KindReport = Report['kinds'][number];
type Problem = KindReport['problems'][number];

const PARTS = [
  ['completeness', 'Completeness', 'Quality fields filled, by weight'],
  ['validity', 'Validity', 'No email, phone or domain that fails validation'],
  ['uniqueness', 'Uniqueness', 'Not in a likely duplicate pair'],
  ['freshness', 'Freshness', 'Contacted (or added) within the window'],
] as const;

/** The word beside a score, so colour is never the only signal. */
export function scoreLevel(score: number): { label: string; color: string } {
  if (score >= 85) return { label: 'Good', color: 'teal.9' };
  if (score >= 65) return { label: 'Fair', color: 'yellow.9' };
  return { label: 'Poor', color: 'red.9' };
}

const nf = new Intl.NumberFormat();

function ProblemLink({ kind, problem }: { kind: KindReport['kind']; problem: Problem }) {
  const text = problem.label.charAt(0).toUpperCase() + problem.label.slice(1);
  if (!problem.list || problem.count === 0) return <>{text}</>;
  if (problem.list.path === '/duplicates')
    return (
      <AnchorLink to="/duplicates" search={{ kind }} underline="always">
        {text}
      </AnchorLink>
    );
  const search = { filter: problem.list.filter };
  return kind === 'people' ? (
    <AnchorLink to="/people" search={search} underline="always">
      {text}
    </AnchorLink>
  ) : (
    <AnchorLink to="/companies" search={search} underline="always">
      {text}
    </AnchorLink>
  );
}

function KindCard({ report }: { report: KindReport }) {
  const level = scoreLevel(report.score);
  const problems = report.problems.filter((p) => p.count > 0).sort((a, b) => b.count - a.count);
  const title = report.kind === 'people' ? 'People' : 'Companies';
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Group gap="xs">
          <Text fw={700}>{report.score.toFixed(1)}</Text>
          <Badge variant="outline" color={level.color}>
            {level.label}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {nf.format(report.total)} {report.kind === 'people' ? 'people' : 'companies'} you may see.
      </Text>
      {problems.length === 0 ? (
        <Text size="sm">Nothing to fix here.</Text>
      ) : (
        <Table aria-label={`${title}: problems to fix`} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Problem</Table.Th>
              <Table.Th ta="right">Records</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((p) => (
              <Table.Tr key={p.key}>
                <Table.Td>
                  <ProblemLink kind={report.kind} problem={p} />
                </Table.Td>
                <Table.Td ta="right">{nf.format(p.count)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Data quality: the overall score, its four parts, and per kind the problems to fix, each linked to its list. */
export function DataQualityPage() {
  useDocumentTitle('Data quality');
  const report = useQuery({
    queryKey: ['data-quality', 'report'],
    queryFn: () => api.get<Report>('/data-quality/report'),
  });
  return (
    <Stack>
      <PageHeader
        title="Data quality"
        description="How complete, valid, unique and fresh your people and companies are, and the lists to fix first."
      />
      {report.error ? <ErrorAlert error={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.isPending ? <Skeleton h={200} /> : null}
      {report.data ? (
        <>
          <Card withBorder>
            <Group align="flex-start" gap="xl" wrap="wrap">
              <Stack gap={0}>
                <Text size="sm" c="dimmed">
                  Overall score
                </Text>
                <Group gap="xs" align="baseline">
                  <Text fz={40} fw={700} lh={1}>
                    {report.data.score.toFixed(1)}
                  </Text>
                  <Text c="dimmed">/ 100</Text>
                </Group>
                <Badge mt={4} variant="outline" color={scoreLevel(report.data.score).color}>
                  {scoreLevel(report.data.score).label}
                </Badge>
              </Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ flex: 1, minWidth: 240 }}>
                {PARTS.map(([key, label, hint]) => {
                  const value = Math.round(report.data.parts[key] * 100);
                  return (
                    <Stack key={key} gap={2}>
                      <Group justify="space-between">
                        <Text size="sm" fw={500}>
                          {label}
                        </Text>
                        <Text size="sm">{value}%</Text>
                      </Group>
                      <Progress value={value} aria-label={`${label}: ${value}%`} />
                      <Text size="xs" c="dimmed">
                        {hint}
                      </Text>
                    </Stack>
                  );
                })}
              </SimpleGrid>
            </Group>
          </Card>
          {report.data.kinds.length === 0 ? (
            <Text c="dimmed">Your role may not read people or companies, so there is nothing to score.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {report.data.kinds.map((k) => (
                <KindCard key={k.kind} report={k} />
              ))}
            </SimpleGrid>
          )}
          <Text size="xs" c="dimmed">
            Each record scores 0-100: completeness 40%, validity 30%, uniqueness 15%, freshness 15% (stale after{' '}
            {report.data.staleMonths} months without contact). The overall score is the mean of every record's.
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
