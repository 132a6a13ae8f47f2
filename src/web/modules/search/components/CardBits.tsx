import { Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconFlame, IconInfoCircle, IconSnowflake, IconStar } from '@tabler/icons-react';
import type { CardFlag, ContextCardData, LastContact, LifecycleStage } from '../../../api/types.ts';
import { fromNow, humanize } from '../../../ui/format.ts';
import { StageBadge } from '../../../ui/StageBadge.tsx';

const TONE: Record<CardFlag['tone'], { color: string; icon: typeof IconInfoCircle; word: string }> = {
  danger: { color: 'red', icon: IconFlame, word: 'Alert' },
  warning: { color: 'orange', icon: IconAlertTriangle, word: 'Warning' },
  info: { color: 'blue', icon: IconInfoCircle, word: 'Note' },
};

/** Flags with tone, icon and word: never colour alone. */
export function FlagBadges({ flags, size = 'sm' }: { flags: CardFlag[]; size?: 'xs' | 'sm' | 'md' }) {
  if (flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" aria-label="Flags">
      {flags.map((flag) => {
        const tone = TONE[flag.tone] ?? TONE.info;
        const Icon = flag.key === 'vip' ? IconStar : tone.icon;
        return (
          <Badge
            key={flag.key}
            color={tone.color}
            variant={flag.tone === 'danger' ? 'filled' : 'light'}
            size={size}
            tt="none"
            leftSection={<Icon size={12} aria-hidden />}
            title={`${tone.word}: ${flag.label}`}
          >
            {flag.label}
          </Badge>
        );
      })}
    </Group>
  );
}

export function TierBadge({ tier, size = 'sm' }: { tier: string | null | undefined; size?: 'xs' | 'sm' }) {
  if (!tier) return null;
  return (
    <Badge variant="outline" color="grape" size={size} tt="none" aria-label={`Value tier ${tier}`}>
      Tier {tier}
    </Badge>
  );
}

export function GoingColdBadge({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  return (
    <Badge variant="light" color="cyan" size={size} tt="none" leftSection={<IconSnowflake size={12} aria-hidden />}>
      Going cold
    </Badge>
  );
}

/** "3 days ago by Priya, call". */
export function lastContactText(last: LastContact | null | undefined): string {
  if (!last) return 'Never contacted';
  const by = last.by ? ` by ${last.by.name.split(' ')[0]}` : '';
  const channel = last.channel ? `, ${humanize(last.channel).toLowerCase()}` : '';
  return `${fromNow(last.at)}${by}${channel}`;
}

/** The compact card under a search result or screen-pop match: stage, owner, last contact, flags. */
export function CardLine({ card }: { card: ContextCardData }) {
  // Contact facts belong to people and companies; a deal, case or order shows its owner only.
  const contactable = card.kind === 'people' || card.kind === 'companies';
  const facts = [
    card.owner ? `Owner ${card.owner.name}` : null,
    contactable ? `Last contact ${lastContactText(card.lastContact)}` : null,
  ].filter(Boolean);
  return (
    <Group gap={6} wrap="wrap" mt={2}>
      {card.lifecycleStage ? <StageBadge stage={card.lifecycleStage as LifecycleStage} size="xs" /> : null}
      <TierBadge tier={card.valueTier} size="xs" />
      {card.goingCold ? <GoingColdBadge size="xs" /> : null}
      {facts.length > 0 ? (
        <Text size="xs" c="dimmed">
          {facts.join(' · ')}
        </Text>
      ) : null}
      <FlagBadges flags={card.flags} size="xs" />
    </Group>
  );
}
