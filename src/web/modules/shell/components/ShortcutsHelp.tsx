import { Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Fragment, useEffect, useState } from 'react';
import { overlayOpen } from '../../../ui/overlay.ts';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Every keyboard shortcut of the app, by where it works. Keep in step with README.md ("Keyboard shortcuts"). */
export const SHORTCUTS: { where: string; keys: { keys: string[]; does: string }[] }[] = [
  {
    where: 'Anywhere',
    keys: [
      { keys: [MOD, 'K'], does: 'Search people, companies, deals, cases, orders… (Enter opens the top result)' },
      { keys: [MOD, 'Enter'], does: 'Submit the form you are typing in (log a call, save a record)' },
      { keys: ['?'], does: 'Show these shortcuts' },
    ],
  },
  {
    where: 'Lists (people, companies)',
    keys: [
      { keys: ['J'], does: 'Next row (or ↓)' },
      { keys: ['K'], does: 'Previous row (or ↑)' },
      { keys: ['Enter'], does: 'Open the highlighted row' },
      { keys: ['/'], does: 'Focus the quick filter' },
      { keys: ['N'], does: 'New record' },
      { keys: ['Esc'], does: 'Clear the highlight, then the filters' },
    ],
  },
  {
    where: 'A person or company',
    keys: [
      { keys: ['C'], does: 'Log a call' },
      { keys: ['L'], does: 'Open the log form' },
      { keys: ['E'], does: 'Edit the record' },
      { keys: ['Esc'], does: 'Back to the list you came from' },
    ],
  },
  {
    where: 'Cases',
    keys: [
      { keys: ['X'], does: 'Tick the highlighted case (then assign, resolve or close the ticked ones)' },
      { keys: ['A'], does: 'On a case: assign it to you' },
      { keys: ['R'], does: 'On a case: write a reply (or an internal note)' },
      { keys: ['S'], does: 'On a case: change its status (the status buttons, Tab between them)' },
    ],
  },
];

const OPEN_EVENT = 'rapport:shortcuts';

/** Opens the shortcuts dialog from anywhere (the user menu's "Keyboard shortcuts"). */
export function openShortcutsHelp(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

/** `?` (Shift+/) opens a dialog listing the keyboard shortcuts; not while typing or with another dialog open. */
export function ShortcutsHelp() {
  const [opened, setOpened] = useState(false);
  useHotkeys([['shift+?', () => !overlayOpen() && setOpened(true)]]);
  useEffect(() => {
    const open = () => setOpened(true);
    window.addEventListener(OPEN_EVENT, open);
    return () => window.removeEventListener(OPEN_EVENT, open);
  }, []);
  return (
    <Modal opened={opened} onClose={() => setOpened(false)} title="Keyboard shortcuts" size="lg">
      <Stack gap="md">
        {SHORTCUTS.map((group) => (
          <Stack key={group.where} gap={4}>
            <Title order={3} size="h5">
              {group.where}
            </Title>
            <Table verticalSpacing={4} withRowBorders={false}>
              <Table.Tbody>
                {group.keys.map((k) => (
                  <Table.Tr key={k.does}>
                    <Table.Td w={140}>
                      {k.keys.map((key, i) => (
                        <Fragment key={key}>
                          {i > 0 ? ' + ' : null}
                          <Kbd>{key}</Kbd>
                        </Fragment>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{k.does}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
        <Text size="sm" c="dimmed">
          Single-key shortcuts do nothing while you type in a field or a dialog is open.
        </Text>
      </Stack>
    </Modal>
  );
}
