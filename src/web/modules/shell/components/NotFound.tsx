import { Center, EmptyState } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { ButtonLink } from '../../../ui/links.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';

export function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <Center mih="60vh" p="md">
      <EmptyState
        icon={<IconMapSearch size={32} aria-hidden />}
        withIndicatorBackground
        title="This page does not exist"
        description="The link may be old, or the record was removed. Start again from My day."
      >
        <EmptyState.Actions>
          <ButtonLink to="/">Go to My day</ButtonLink>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
