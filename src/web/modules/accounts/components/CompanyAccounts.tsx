import { Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHandStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { Company } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatMoney, humanize } from '../../../ui/format.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import {
  type CreditStatus,
  type CustomerValue,
  clearCreditStatus,
  companyInvoices,
  companyOrders,
  companyPayments,
  companyValue,
  refreshCredit,
  SEGMENT_LABEL,
  setCreditStatus,
} from '../api/accounts.ts';
import { CreditSummary } from './CreditBadge.tsx';

/**
 * A company's accounts: its credit status (with the figures the reader may see), its invoices (overdue ones
 * highlighted), orders and payments from the ERP; accounts users set or clear a status by hand here.
 */
export function CompanyAccounts({ company }: { company: Company }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const invoices = useQuery(companyInvoices(company.id));
  const orders = useQuery(companyOrders(company.id));
  const payments = useQuery(companyPayments(company.id));
  const value = useQuery({ ...companyValue(company.id), enabled: can(me, 'orders', 'read') });
  const mayManage = can(me, 'invoices', 'update') && !company.deletedAt;
  const credit = company.credit;
  const clear = useMutation({
    mutationFn: () => clearCreditStatus(company.id),
    onSuccess: () => {
      refreshCredit(queryClient);
      notifications.show({ message: 'The credit rules decide again.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not cleared', message: errorMessage(error) }),
  });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="company-accounts">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="company-accounts">
          Accounts
        </Title>
        {mayManage ? (
          <Group gap="xs">
            {credit?.manual ? (
              <Button variant="subtle" size="compact-sm" loading={clear.isPending} onClick={() => clear.mutate()}>
                Clear status set by hand
              </Button>
            ) : null}
            <Button
              variant="light"
              size="compact-sm"
              leftSection={<IconHandStop size={14} aria-hidden />}
              onClick={() => setEditing(true)}
            >
              Set credit status
            </Button>
          </Group>
        ) : null}
      </Group>
      <Stack gap="sm">
        {credit ? (
          <div>
            <CreditSummary credit={credit} />
            {credit.exposure || credit.overdueDays ? (
              <Text size="sm" c="dimmed" mt={4}>
                {credit.exposure
                  ? `Exposure ${formatMoney(credit.exposure.amountMinor, credit.exposure.currency)}`
                  : null}
                {credit.exposure && credit.overdueDays ? ' · ' : null}
                {credit.overdueDays ? `${credit.overdueDays} days overdue` : null}
              </Text>
            ) : null}
          </div>
        ) : null}

        {value.data ? <ValueSummary value={value.data} /> : null}

        <Text fw={600} size="sm">
          Invoices
        </Text>
        {invoices.isError ? (
          <ErrorAlert error={invoices.error} title="Invoices could not load" />
        ) : invoices.data?.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No invoices from the ERP for {company.name}.
          </Text>
        ) : (
          <Stack gap={6} role="list" aria-label="Invoices">
            {(invoices.data?.data ?? []).map((inv) => {
              const overdue = (inv.overdueDays ?? 0) > 0;
              return (
                <Group key={inv.id} role="listitem" justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {inv.number}
                    </Text>
                    <Text size="xs" c="dimmed">
                      due {formatDate(inv.dueAt)}
                      {inv.total ? ` · of ${formatMoney(inv.total.amountMinor, inv.total.currency)}` : ''}
                    </Text>
                  </div>
                  <Stack gap={2} align="flex-end">
                    <Text size="sm">
                      {inv.outstanding ? formatMoney(inv.outstanding.amountMinor, inv.outstanding.currency) : '—'}
                    </Text>
                    {overdue ? (
                      <Text size="xs" c="red.8" fw={700} style={{ whiteSpace: 'nowrap' }}>
                        {inv.overdueDays} days overdue
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {humanize(inv.status)}
                      </Text>
                    )}
                  </Stack>
                </Group>
              );
            })}
          </Stack>
        )}

        <Text fw={600} size="sm">
          Orders
        </Text>
        {orders.isError ? (
          <ErrorAlert error={orders.error} title="Orders could not load" />
        ) : orders.data?.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No orders from the ERP.
          </Text>
        ) : (
          <Stack gap={4}>
            {(orders.data?.data ?? []).map((o) => (
              <Group key={o.id} justify="space-between" wrap="nowrap">
                <Text size="sm">
                  {o.number} · {formatDate(o.orderedAt)} · {humanize(o.status)}
                </Text>
                <Text size="sm">{o.total ? formatMoney(o.total.amountMinor, o.total.currency) : '—'}</Text>
              </Group>
            ))}
          </Stack>
        )}

        <Text fw={600} size="sm">
          Payments
        </Text>
        {payments.isError ? (
          <ErrorAlert error={payments.error} title="Payments could not load" />
        ) : payments.data?.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No payments from the ERP.
          </Text>
        ) : (
          <Stack gap={4}>
            {(payments.data?.data ?? []).map((p) => (
              <Group key={p.id} justify="space-between" wrap="nowrap">
                <Text size="sm">
                  {formatDate(p.paidAt)}
                  {p.invoice ? ` · ${p.invoice.name}` : ''}
                  {p.method ? ` · ${humanize(p.method)}` : ''}
                </Text>
                <Text size="sm">{p.amount ? formatMoney(p.amount.amountMinor, p.amount.currency) : '—'}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      <CreditStatusDialog opened={editing} onClose={() => setEditing(false)} companyId={company.id} initial="hold" />
    </Paper>
  );
}

function CreditStatusDialog({
  opened,
  onClose,
  companyId,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  companyId: string;
  initial: CreditStatus;
}) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<CreditStatus>(initial);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => setCreditStatus(companyId, { status, reason: reason.trim() }),
    onSuccess: () => {
      refreshCredit(queryClient);
      notifications.show({ message: 'Credit status set. It stays until cleared.' });
      setReason('');
      onClose();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Set credit status by hand">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) save.mutate();
        }}
      >
        <Stack>
          <SegmentedControl
            aria-label="Credit status"
            value={status}
            onChange={(v) => setStatus(v as CreditStatus)}
            data={[
              { value: 'good', label: 'Good' },
              { value: 'watch', label: 'Watch' },
              { value: 'hold', label: 'Hold' },
            ]}
          />
          <Textarea
            label="Reason"
            description="Everyone who sees the company reads it"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!reason.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const RISK_COLOR = { low: 'teal.9', medium: '#9a3412', high: 'red.9' } as const;

/** Customer value from the orders: segment, churn risk (with its reasons) and the figures behind them. */
function ValueSummary({ value: v }: { value: CustomerValue }) {
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, v.currency));
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600} size="sm">
          Customer value
        </Text>
        <Badge variant="light" size="sm" tt="none">
          {SEGMENT_LABEL[v.rfm.segment]}
        </Badge>
        <Badge variant="outline" color={RISK_COLOR[v.churnRisk.level]} size="sm" tt="none">
          Churn risk: {humanize(v.churnRisk.level)}
        </Badge>
      </Group>
      <Text size="sm">
        {money(v.last12MonthsMinor)} in 12 months · {money(v.lifetimeRevenueMinor)} lifetime · {v.orders} orders,
        average {money(v.averageOrderMinor)} · CLV {money(v.clvMinor)}
      </Text>
      {v.churnRisk.reasons.length > 0 ? (
        <Text size="sm" c="dimmed">
          {v.churnRisk.reasons.join('; ')}
        </Text>
      ) : null}
    </Stack>
  );
}
