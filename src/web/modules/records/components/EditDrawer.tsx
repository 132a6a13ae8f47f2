import { Button, Drawer, Group, Modal, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useCallback, useRef, useState } from 'react';

/**
 * A side drawer for an edit form; closing it with unsaved changes asks first.
 * `children` receives `onDirtyChange` and `close` to wire the form.
 */
export function EditDrawer({
  opened,
  onClose,
  title,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: (props: {
    onDirtyChange: (dirty: boolean) => void;
    close: () => void;
    forceClose: () => void;
  }) => ReactNode;
}) {
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const dirty = useRef(false);
  const [confirming, setConfirming] = useState(false);
  const onDirtyChange = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);
  const forceClose = useCallback(() => {
    dirty.current = false;
    setConfirming(false);
    onClose();
  }, [onClose]);
  const close = useCallback(() => {
    if (dirty.current) setConfirming(true);
    else forceClose();
  }, [forceClose]);

  return (
    <>
      <Drawer
        opened={opened}
        onClose={close}
        title={title}
        position="right"
        size={isPhone ? '100%' : 'xl'}
        styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {opened ? children({ onDirtyChange, close, forceClose }) : null}
      </Drawer>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Discard your changes?"
        centered
        zIndex={400}
      >
        <Text size="sm">You have changes that are not saved. Closing the form loses them.</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
            Keep editing
          </Button>
          <Button color="red" onClick={forceClose}>
            Discard changes
          </Button>
        </Group>
      </Modal>
    </>
  );
}
