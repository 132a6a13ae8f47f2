import { Button, Group, NumberInput, Paper, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { type CreditRules, creditRulesQuery, refreshCredit, saveCreditRules } from '../api/accounts.ts';

/** Settings → Credit rules: when a company goes on watch or hold, and what a deal won while on hold does. */
export function CreditRulesPage() {
  useDocumentTitle('Credit rules', 'Settings');
  const queryClient = useQueryClient();
  const rules = useQuery(creditRulesQuery);
  const [draft, setDraft] = useState<CreditRules | null>(null);
  useEffect(() => {
    if (rules.data) setDraft(rules.data);
  }, [rules.data]);
  const save = useMutation({
    mutationFn: (r: CreditRules) => saveCreditRules(r),
    onSuccess: () => {
      refreshCredit(queryClient);
      notifications.show({ message: 'Credit rules saved; every company was checked again.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
  });
  if (rules.isPending || !draft) return <PageSkeleton />;
  if (rules.isError) return <ErrorAlert error={rules.error} title="Credit rules could not load" />;
  const days = (v: string | number) => (v === '' || v === null ? null : Number(v));
  return (
    <Paper withBorder p="md" radius="md" maw={640}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            A company's credit status comes from these rules, unless accounts set it by hand. Leave a number empty to
            switch that rule off.
          </Text>
          <NumberInput
            label="Hold when an invoice is more than this many days overdue"
            min={0}
            max={3650}
            value={draft.holdWhenOverdueDays ?? ''}
            onChange={(v) => setDraft({ ...draft, holdWhenOverdueDays: days(v) })}
          />
          <Switch
            label="Hold when exposure (outstanding invoices and open orders) is above the credit limit"
            checked={draft.holdWhenOverLimit}
            onChange={(e) => setDraft({ ...draft, holdWhenOverLimit: e.currentTarget.checked })}
          />
          <NumberInput
            label="Watch when an invoice is at least this many days overdue"
            min={0}
            max={3650}
            value={draft.watchWhenOverdueDays ?? ''}
            onChange={(v) => setDraft({ ...draft, watchWhenOverdueDays: days(v) })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="won-on-hold">
              When a deal of a company on hold is moved to Won
            </Text>
            <SegmentedControl
              aria-labelledby="won-on-hold"
              value={draft.onWonWhileOnHold}
              onChange={(v) => setDraft({ ...draft, onWonWhileOnHold: v as CreditRules['onWonWhileOnHold'] })}
              data={[
                { value: 'warn', label: 'Warn, and move it' },
                { value: 'block', label: 'Block the move' },
              ]}
            />
          </Stack>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save rules
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
