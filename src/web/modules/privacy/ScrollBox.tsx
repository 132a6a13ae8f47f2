import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table that scrolls sideways on a phone, reachable by keyboard (focusable, named) so it can be scrolled too. */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Box miw={360}>{children}</Box>
    </Box>
  );
}
