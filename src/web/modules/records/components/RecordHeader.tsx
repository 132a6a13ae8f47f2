import { Badge, Group, Skeleton, Text } from '@mantine/core';
import { IconSnowflake } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ConsentChannel, ConsentEntry, ContextCardData, LifecycleStage } from '../../../api/types.ts';
import { formatDate, formatMoney, fromNow, humanize, languageName } from '../../../ui/format.ts';
import { StageBadge } from '../../../ui/StageBadge.tsx';
import { CreditSummary } from '../../accounts/components/CreditBadge.tsx';
import { FlagBadges, lastContactText, TierBadge } from '../../search/components/CardBits.tsx';
import { ConsentBadges, type ConsentShown } from './ConsentBadges.tsx';
import { ContextCard } from './ContextCard.tsx';

function countBadges(card: ContextCardData): { key: string; label: string; color: string }[] {
  const c = card.counts;
  const out: { key: string; label: string; color: string }[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (c.promisesBroken)
    out.push({ key: 'broken', label: plural(c.promisesBroken, 'broken promise', 'broken promises'), color: 'red' });
  if (c.promisesDueSoon)
    out.push({
      key: 'due',
      label: plural(c.promisesDueSoon, 'promise due soon', 'promises due soon'),
      color: 'orange',
    });
  else if (c.promisesOpen)
    out.push({ key: 'open', label: plural(c.promisesOpen, 'open promise', 'open promises'), color: 'blue' });
  if (c.openTasks) out.push({ key: 'tasks', label: plural(c.openTasks, 'open task', 'open tasks'), color: 'gray' });
  if (c.openDeals) {
    const total = card.amounts?.openDeals;
    const money = total && total.amountMinor > 0 ? ` · ${formatMoney(total.amountMinor, total.currency)}` : '';
    out.push({ key: 'deals', label: `${plural(c.openDeals, 'open deal', 'open deals')}${money}`, color: 'teal' });
  }
  return out;
}

/** The record page header built from the context card: what to know before you speak, and the quick actions. */
export function RecordHeader({
  card,
  avatar,
  fallbackTitle,
  subtitle,
  consent,
  extra,
  actions,
  toolbar,
}: {
  card: ContextCardData | undefined;
  avatar: ReactNode;
  fallbackTitle: string;
  subtitle?: ReactNode;
  /** The record's own consent (with dates and sources); else the card's yes/no. */
  consent?: Partial<Record<ConsentChannel, ConsentEntry>> | undefined;
  extra?: ReactNode;
  actions?: ReactNode;
  toolbar?: ReactNode;
}) {
  const cardConsent: ConsentShown = {};
  if (card) {
    for (const [channel, granted] of Object.entries(card.consent)) {
      if (granted !== null) cardConsent[channel as ConsentChannel] = { granted };
    }
  }
  type Fact = { label: string; value: ReactNode } | null;
  const facts = card
    ? (
        [
          { label: 'Owner', value: card.owner?.name ?? 'Nobody' },
          card.kind === 'people'
            ? { label: 'Prefers', value: card.preferredChannel ? humanize(card.preferredChannel) : 'No preference' }
            : null,
          card.kind === 'people'
            ? { label: 'Language', value: card.preferredLanguage ? languageName(card.preferredLanguage) : '—' }
            : null,
          card.credit ? { label: 'Credit', value: <CreditSummary credit={card.credit} /> } : null,
          { label: 'Last contact', value: lastContactText(card.lastContact) },
          card.contactDueAt
            ? {
                label: 'Next contact due',
                value: card.goingCold ? (
                  <Text span size="sm" c="red.8" fw={600}>
                    {formatDate(card.contactDueAt)} ({fromNow(card.contactDueAt)})
                  </Text>
                ) : (
                  formatDate(card.contactDueAt)
                ),
              }
            : null,
        ] as Fact[]
      ).filter((f): f is NonNullable<Fact> => f !== null)
    : undefined;
  const counts = card ? countBadges(card) : [];

  return (
    <ContextCard
      avatar={avatar}
      title={card?.name ?? fallbackTitle}
      badges={
        card ? (
          <>
            {card.lifecycleStage ? <StageBadge stage={card.lifecycleStage as LifecycleStage} /> : null}
            <TierBadge tier={card.valueTier} />
            {card.goingCold ? (
              <Badge
                color="cyan"
                variant="filled"
                size="sm"
                tt="none"
                leftSection={<IconSnowflake size={12} aria-hidden />}
              >
                Going cold
              </Badge>
            ) : null}
          </>
        ) : null
      }
      subtitle={subtitle ?? card?.subtitle ?? undefined}
      facts={facts}
      extra={
        card ? (
          <Group gap="xs" wrap="wrap">
            <FlagBadges flags={card.flags} />
            {counts.map((c) => (
              <Badge key={c.key} variant="dot" color={c.color} size="sm" tt="none">
                {c.label}
              </Badge>
            ))}
            <ConsentBadges consent={consent ?? cardConsent} />
            {extra}
          </Group>
        ) : (
          <Skeleton height={18} width={240} />
        )
      }
      actions={actions}
      toolbar={toolbar}
    />
  );
}
