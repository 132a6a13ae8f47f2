import { Alert, List, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type Control, useWatch } from 'react-hook-form';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import type { PersonFormValues } from '../personForm.ts';

type Duplicates = components['schemas']['PersonDuplicates'];

/**
 * Warns, before a new person is saved, about people already in Rapport who are likely the same (same email, same
 * phone with a similar name, or the same name), asking the server as the user types.
 */
export function DuplicateWarning({ control }: { control: Control<PersonFormValues> }) {
  const [firstName, lastName, emails, phones] = useWatch({
    control,
    name: ['firstName', 'lastName', 'emails', 'phones'],
  });
  const [query] = useDebouncedValue(
    {
      firstName: firstName?.trim() ?? '',
      lastName: lastName?.trim() ?? '',
      email: emails?.find((e) => e.email.trim())?.email.trim() ?? '',
      phone: phones?.find((p) => p.number.trim())?.number.trim() ?? '',
    },
    400,
  );
  const asked = Boolean(query.email || query.phone || query.lastName.length >= 2);
  const found = useQuery({
    queryKey: ['people', 'duplicates-of', query],
    queryFn: () => api.get<Duplicates>('/people/duplicates-of', query),
    enabled: asked,
    staleTime: 30_000,
  });
  const data = asked ? (found.data?.data ?? []) : [];
  if (data.length === 0) return null;
  return (
    <Alert color="yellow" icon={<IconCopy size={18} aria-hidden />} title="This may be someone already in Rapport">
      <List size="sm" spacing={4}>
        {data.map((d) => (
          <List.Item key={d.id}>
            <AnchorLink to="/people/$personId" params={{ personId: d.id }} target="_blank" underline="always">
              {d.record.fullName || 'A person'}
            </AnchorLink>{' '}
            <Text span size="sm" c="dimmed">
              ({d.reasons.join(', ')}; {Math.round(d.score * 100)}% likely)
            </Text>
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        Open them to check; create this person only if they are someone else.
      </Text>
    </Alert>
  );
}
