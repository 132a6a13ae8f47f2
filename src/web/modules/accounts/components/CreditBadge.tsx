import { Badge, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconHandStop } from '@tabler/icons-react';
import { CREDIT_LABEL, type CreditStatus } from '../api/accounts.ts';

const LOOK: Record<CreditStatus, { color: string; icon: typeof IconCircleCheck }> = {
  good: { color: 'teal.9', icon: IconCircleCheck },
  watch: { color: '#9a3412', icon: IconAlertTriangle },
  hold: { color: 'red', icon: IconHandStop },
};

/** The credit status as a word with an icon (never colour alone): "Credit: Hold". */
export function CreditBadge({ status, size = 'sm' }: { status: CreditStatus; size?: 'xs' | 'sm' | 'md' }) {
  const { color, icon: Icon } = LOOK[status];
  return (
    <Badge
      color={color}
      variant={status === 'good' ? 'outline' : 'filled'}
      size={size}
      tt="none"
      leftSection={<Icon size={12} aria-hidden />}
      data-testid="credit-status"
    >
      Credit: {CREDIT_LABEL[status]}
    </Badge>
  );
}

/** The status badge with its reason beside it ("set by hand" when it was). */
export function CreditSummary({
  credit,
}: {
  credit: { status: CreditStatus; reason: string | null; manual?: boolean };
}) {
  return (
    <Text span size="sm">
      <CreditBadge status={credit.status} />
      {credit.reason ? ` ${credit.reason}` : ''}
      {credit.manual ? ' (set by hand)' : ''}
    </Text>
  );
}
