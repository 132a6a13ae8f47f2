import { Button, Group, Modal, Text } from '@mantine/core';
import { useBlocker } from '@tanstack/react-router';
import { type ReactNode, useCallback, useRef } from 'react';

/**
 * Unsaved changes are never lost silently: while `dirty`, leaving the page (link, back button, tab close) asks first.
 * Call `allowLeave()` right before navigating away after a successful save.
 */
export function useConfirmLeave(dirty: boolean): { dialog: ReactNode; allowLeave: () => void } {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const bypass = useRef(false);

  const blocker = useBlocker({
    shouldBlockFn: ({ current, next }) => dirtyRef.current && !bypass.current && current.pathname !== next.pathname,
    enableBeforeUnload: () => dirtyRef.current && !bypass.current,
    withResolver: true,
  });

  const allowLeave = useCallback(() => {
    bypass.current = true;
  }, []);

  const dialog = (
    <Modal
      opened={blocker.status === 'blocked'}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      centered
    >
      <Text size="sm">You have changes that are not saved. If you leave now they are lost.</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
          Stay and keep editing
        </Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>
          Discard changes
        </Button>
      </Group>
    </Modal>
  );
  return { dialog, allowLeave };
}
