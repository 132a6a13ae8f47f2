import { Badge, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { CONSENT_CHANNELS, type ConsentChannel } from '../../../api/types.ts';
import { formatDate } from '../../../ui/format.ts';

const CHANNEL_LABELS: Record<ConsentChannel, string> = { email: 'Email', phone: 'Calls', sms: 'SMS', post: 'Post' };
const NO_CONSENT_LABELS: Record<ConsentChannel, string> = {
  email: 'No email',
  phone: 'No calls',
  sms: 'No SMS',
  post: 'No post',
};

/** What is known of consent per channel: a record has when and how; a context card only whether. */
export type ConsentShown = Partial<Record<ConsentChannel, { granted: boolean; at?: string; source?: string }>>;

/** Consent per channel: an icon and a word as well as a colour. */
export function ConsentBadges({ consent }: { consent: ConsentShown | undefined }) {
  if (!consent) return null;
  const entries = CONSENT_CHANNELS.filter((c) => consent[c]);
  if (entries.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" aria-label="Consent">
      {entries.map((channel) => {
        const entry = consent[channel];
        const granted = Boolean(entry?.granted);
        const tip = entry?.at
          ? `${granted ? 'Given' : 'Withdrawn'} ${formatDate(entry.at)}${entry.source ? ` via ${entry.source}` : ''}`
          : granted
            ? 'Given'
            : 'Not given';
        return (
          <Tooltip key={channel} label={tip} withArrow>
            <Badge
              variant="light"
              color={granted ? 'teal' : 'gray'}
              size="sm"
              tt="none"
              leftSection={granted ? <IconCheck size={12} aria-hidden /> : <IconX size={12} aria-hidden />}
            >
              {granted ? CHANNEL_LABELS[channel] : NO_CONSENT_LABELS[channel]}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
