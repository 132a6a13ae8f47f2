import { Fieldset, SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';

export function FormSection({ legend, children, cols = 2 }: { legend: string; children: ReactNode; cols?: number }) {
  return (
    <Fieldset legend={legend} variant="unstyled" styles={{ legend: { fontWeight: 600, marginBottom: 8 } }}>
      <SimpleGrid cols={{ base: 1, sm: cols }} spacing="sm" verticalSpacing="sm">
        {children}
      </SimpleGrid>
    </Fieldset>
  );
}
