import { Grid, Tabs } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { RecordTab } from '../recordSearch.ts';

/** Three columns on a desk (details, history, related); tabs on a phone, the open tab in the URL. */
export function RecordColumns({
  details,
  history,
  related,
  tab,
  onTab,
}: {
  details: ReactNode;
  history: ReactNode;
  related: ReactNode;
  tab: RecordTab | undefined;
  onTab: (tab: RecordTab) => void;
}) {
  const isPhone = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });
  if (isPhone) {
    return (
      <Tabs value={tab ?? 'details'} onChange={(value) => value && onTab(value as RecordTab)} keepMounted={false}>
        <Tabs.List grow mb="md">
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="related">Related</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">{details}</Tabs.Panel>
        <Tabs.Panel value="history">{history}</Tabs.Panel>
        <Tabs.Panel value="related">{related}</Tabs.Panel>
      </Tabs>
    );
  }
  return (
    <Grid gap="md" align="flex-start">
      <Grid.Col span={{ md: 4, xl: 3 }}>{details}</Grid.Col>
      <Grid.Col span={{ md: 5, xl: 6 }}>{history}</Grid.Col>
      <Grid.Col span={{ md: 3, xl: 3 }}>{related}</Grid.Col>
    </Grid>
  );
}
