import { Anchor, Badge, Group, Text } from '@mantine/core';
import { countryName } from '../../../../shared/countries.ts';
import type { FieldMeta, LifecycleStage, Ref } from '../../../api/types.ts';
import { displayValue, formatDate, formatDateTime, formatMoney, humanize, languageName } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { formatPhone } from '../../../ui/phone.ts';
import { StageBadge } from '../../../ui/StageBadge.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';

const Empty = () => (
  <Text span c="dimmed" size="sm" aria-label="empty">
    —
  </Text>
);

function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && 'id' in value && 'name' in value;
}

/** One field's value, shown the way its type reads best; links where it leads somewhere. */
export function FieldValue({ field, value, compact = false }: { field: FieldMeta; value: unknown; compact?: boolean }) {
  const currency = useMe().workspace.defaultCurrency;
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Empty />;
  }
  if (field.key === 'lifecycleStage') return <StageBadge stage={value as LifecycleStage} />;
  if (field.key === 'preferredLanguage' && typeof value === 'string') return <>{languageName(value)}</>;
  if (field.key === 'country' && typeof value === 'string') return <>{countryName(value)}</>;
  if (field.key === 'preferredChannel' && typeof value === 'string') return <>{humanize(value)}</>;
  if ((field.key === 'companyId' || field.key === 'parentId') && isRef(value)) {
    return (
      <AnchorLink
        to="/companies/$companyId"
        params={{ companyId: value.id }}
        size="sm"
        onClick={(e) => e.stopPropagation()}
      >
        {value.name}
      </AnchorLink>
    );
  }
  if (field.key === 'personId' && isRef(value)) {
    return (
      <AnchorLink to="/people/$personId" params={{ personId: value.id }} size="sm" onClick={(e) => e.stopPropagation()}>
        {value.name}
      </AnchorLink>
    );
  }
  if (isRef(value)) return <>{value.name}</>;

  switch (field.type) {
    case 'boolean':
      return <>{value ? 'Yes' : 'No'}</>;
    case 'date':
      return <>{formatDate(String(value))}</>;
    case 'datetime':
      return <>{formatDateTime(String(value))}</>;
    case 'currency':
      if (typeof value === 'object' && value !== null && 'amountMinor' in value) {
        const money = value as { amountMinor: number; currency: string };
        return <>{formatMoney(money.amountMinor, money.currency)}</>;
      }
      // Custom currency fields hold minor units of the workspace currency.
      if (typeof value === 'number') return <>{formatMoney(value, currency)}</>;
      return <>{displayValue(value)}</>;
    case 'number':
      return <>{typeof value === 'number' ? value.toLocaleString() : String(value)}</>;
    case 'multiSelect':
      if (Array.isArray(value)) {
        return (
          <Group gap={4} wrap={compact ? 'nowrap' : 'wrap'}>
            {value.map((v) => (
              <Badge key={String(v)} variant="default" size="sm" tt="none" fw={500}>
                {String(v)}
              </Badge>
            ))}
          </Group>
        );
      }
      return <>{displayValue(value)}</>;
    case 'select':
      return <>{typeof value === 'string' && field.custom ? value : humanize(String(value))}</>;
    case 'url': {
      const href = String(value);
      const safe = /^https?:\/\//i.test(href) ? href : `https://${href}`;
      return (
        <Anchor href={safe} target="_blank" rel="noreferrer noopener" size="sm" onClick={(e) => e.stopPropagation()}>
          {href.replace(/^https?:\/\//i, '')}
        </Anchor>
      );
    }
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm" onClick={(e) => e.stopPropagation()}>
          {String(value)}
        </Anchor>
      );
    case 'phone':
      return (
        <Anchor href={`tel:${String(value)}`} size="sm" onClick={(e) => e.stopPropagation()}>
          {formatPhone(String(value))}
        </Anchor>
      );
    default:
      return <>{displayValue(value)}</>;
  }
}
