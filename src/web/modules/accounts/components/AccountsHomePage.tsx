import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Chart } from '../../../ui/Chart.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatMoney } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { overviewQuery } from '../api/accounts.ts';
import { ErpSyncLog } from './ErpSyncLog.tsx';

const BUCKET_LABEL: Record<string, string> = {
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

/** The accounts home: overdue invoices by age, customers on credit hold, the latest payments. */
export function AccountsHomePage() {
  useDocumentTitle('Accounts');
  const overview = useQuery(overviewQuery);
  if (overview.isPending) return <PageSkeleton />;
  if (overview.isError) {
    return <ErrorAlert error={overview.error} title="Accounts could not load" onRetry={() => overview.refetch()} />;
  }
  const o = overview.data;
  const overdueTotal = o.overdueBuckets.reduce((s, b) => s + b.amountMinor, 0);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Accounts"
        description="Orders, invoices and payments from the ERP, and who is on credit hold."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md" radius="md">
          <Chart
            kind="bar"
            title="Overdue invoices by age"
            description={`${formatMoney(overdueTotal, o.currency)} overdue, in ${o.currency}`}
            rows={o.overdueBuckets}
            rowKey={(b) => b.bucket}
            rowLabel={(b) => BUCKET_LABEL[b.bucket] ?? b.bucket}
            rowHeader="Days past due"
            series={[{ key: 'amount', label: 'Outstanding', color: 'red.6' }]}
            value={(b) => b.amountMinor}
            format={(v) => formatMoney(v, o.currency)}
          />
        </Paper>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="on-hold">
          <Title order={2} size="h4" id="on-hold" mb="sm">
            Customers on hold ({o.onHold.length})
          </Title>
          {o.onHold.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody is on credit hold. Companies go on hold by the credit rules (Settings → Credit rules) or by hand.
            </Text>
          ) : (
            <Stack gap="xs">
              {o.onHold.map((c) => (
                <Group key={c.id} justify="space-between" wrap="nowrap">
                  <AnchorLink to="/companies/$companyId" params={{ companyId: c.id }} size="sm" fw={500}>
                    {c.name}
                  </AnchorLink>
                  <Text size="sm" c="dimmed" ta="right">
                    {c.reason ?? ''}
                    {c.manual ? (
                      <Badge ml="xs" size="xs" variant="outline" tt="none">
                        by hand
                      </Badge>
                    ) : null}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="recent-payments">
        <Title order={2} size="h4" id="recent-payments" mb="sm">
          Recent payments
        </Title>
        {o.recentPayments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No payments yet. The ERP sends them through the sync API (see the accounts documentation).
          </Text>
        ) : (
          <Table fz="sm" aria-label="Recent payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Paid</Table.Th>
                <Table.Th>Company</Table.Th>
                <Table.Th>Invoice</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.recentPayments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.paidAt)}</Table.Td>
                  <Table.Td>
                    {p.company ? (
                      <AnchorLink to="/companies/$companyId" params={{ companyId: p.company.id }} size="sm">
                        {p.company.name}
                      </AnchorLink>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{p.invoice?.name ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    {p.amount ? formatMoney(p.amount.amountMinor, p.amount.currency) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <ErpSyncLog />
    </Stack>
  );
}
