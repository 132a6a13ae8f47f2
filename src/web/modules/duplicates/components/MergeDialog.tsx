import { Alert, Button, Group, Modal, Radio, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { countryName } from '../../../../shared/countries.ts';
import {
  defaultSource,
  isEmptyValue,
  MERGE_FIELDS,
  MERGE_UNIONS,
  type MergeKind,
  sameValue,
} from '../../../../shared/merge.ts';
import { errorMessage } from '../../../api/client.ts';
import { fromNow } from '../../../ui/format.ts';
import { showUndoToast } from '../../../ui/undoToast.tsx';
import { fieldsQueryOptions } from '../../records/api/records.ts';
import { refreshRecordViews } from '../../records/refresh.ts';
import { mergeRecords, undoMerge } from '../api/merges.ts';

type Rec = Record<string, unknown> & { id: string; updatedAt?: string };

const LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  jobTitle: 'Job title',
  companyId: 'Company',
  address: 'Address',
  ownerId: 'Owner',
  teamId: 'Team',
  lifecycleStage: 'Lifecycle stage',
  preferredChannel: 'Preferred channel',
  preferredLanguage: 'Preferred language',
  valueTier: 'Value tier',
  cadenceDays: 'Contact every (days)',
  name: 'Name',
  domain: 'Domain',
  industry: 'Industry',
  size: 'Size',
  parentId: 'Parent company',
  emails: 'Emails',
  phones: 'Phones',
  tags: 'Tags',
  flags: 'Flags',
};

/** The name shown for a record (a person's full name, a company's name). */
export const recordName = (kind: MergeKind, r: Rec) =>
  kind === 'people'
    ? String(r.fullName ?? `${r.firstName ?? ''} ${r.lastName ?? ''}`).trim() || 'A person'
    : String(r.name ?? '') || 'A company';

const humanise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');

/** A field's value as people read it: names rather than ids, labels rather than stored values. */
function display(key: string, r: Rec): string {
  const refs: Record<string, string> = { companyId: 'company', ownerId: 'owner', teamId: 'team', parentId: 'parent' };
  if (refs[key]) {
    const ref = r[refs[key]!] as { name?: string } | null | undefined;
    return ref?.name ?? (r[key] ? 'A record you may not see' : '—');
  }
  const v = key.startsWith('cf.') ? (r.customFields as Record<string, unknown> | undefined)?.[key.slice(3)] : r[key];
  if (isEmptyValue(v)) return '—';
  if (key === 'address') {
    const a = v as Record<string, string | null>;
    return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, countryName(a.country)]
      .filter((p) => p && String(p).trim())
      .join(', ');
  }
  if (key === 'lifecycleStage' || key === 'preferredChannel') return humanise(String(v));
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' ? String(Object.values(x)[0]) : String(x))).join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

const fieldValue = (key: string, r: Rec) =>
  key.startsWith('cf.') ? (r.customFields as Record<string, unknown> | undefined)?.[key.slice(3)] : r[key];

/**
 * Side-by-side merge of two records: which one stays, and field by field (radio groups: Tab between fields, arrows
 * between the two values) whose value it keeps. The radios start on the most recently updated non-empty value, as the
 * server would choose; emails, phones, tags and flags of both are kept.
 */
export function MergeDialog({
  kind,
  records,
  opened,
  onClose,
}: {
  kind: MergeKind;
  records: [Rec, Rec];
  opened: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const meta = useQuery(fieldsQueryOptions(kind));
  // The survivor: the one updated most recently by default.
  const [survivorId, setSurvivorId] = useState(() =>
    (records[1].updatedAt ?? '') > (records[0].updatedAt ?? '') ? records[1].id : records[0].id,
  );
  const ordered = useMemo(
    () => (survivorId === records[0].id ? records : ([records[1], records[0]] as [Rec, Rec])),
    [records, survivorId],
  );
  const keys = useMemo(() => {
    const cf = new Set(records.flatMap((r) => Object.keys((r.customFields as Record<string, unknown>) ?? {})));
    return [...MERGE_FIELDS[kind], ...[...cf].map((k) => `cf.${k}`)].filter(
      (k) =>
        records.every((r) => k.startsWith('cf.') || k in r) &&
        !sameValue(fieldValue(k, records[0]), fieldValue(k, records[1])),
    );
  }, [kind, records]);
  const defaults = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, defaultSource(ordered, (r) => fieldValue(k, r))])),
    [keys, ordered],
  );
  const [choices, setChoices] = useState<Record<string, string>>({});
  const chosen = (k: string) => choices[k] ?? defaults[k]!;
  const labelOf = (k: string) =>
    LABELS[k] ?? meta.data?.find((f) => f.key === k)?.label ?? (k.startsWith('cf.') ? k.slice(3) : k);
  const other = ordered[1];

  const merge = useMutation({
    mutationFn: () =>
      mergeRecords(kind, {
        survivorId,
        mergedIds: [other.id],
        fields: Object.fromEntries(keys.map((k) => [k, chosen(k)])),
      }),
    onSuccess: async (done) => {
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['duplicates', kind] });
      void queryClient.invalidateQueries({ queryKey: ['merges', kind] });
      void refreshRecordViews(queryClient, kind);
      showUndoToast({
        message: `Merged ${recordName(kind, other)} into ${recordName(kind, ordered[0])}.`,
        onUndo: async () => {
          await undoMerge(done.id);
          void queryClient.invalidateQueries({ queryKey: ['merges', kind] });
          void queryClient.invalidateQueries({ queryKey: ['duplicates', kind] });
          void refreshRecordViews(queryClient, kind);
        },
        undone: 'Merge undone: both records are back.',
      });
      if (kind === 'people') await navigate({ to: '/people/$personId', params: { personId: survivorId } });
      else await navigate({ to: '/companies/$companyId', params: { companyId: survivorId } });
    },
  });

  const unions = MERGE_UNIONS[kind].filter((k) => records.some((r) => !isEmptyValue(r[k])));

  return (
    <Modal opened={opened} onClose={onClose} title={`Merge ${kind === 'people' ? 'people' : 'companies'}`} size="xl">
      <Stack>
        <Radio.Group
          label="Which record stays"
          description="The other goes to the bin; its links (activities, tasks, promises, deals, cases…) move to the one that stays, and its address keeps leading there."
          value={survivorId}
          onChange={(v) => {
            setSurvivorId(v);
            setChoices({});
          }}
        >
          <Group mt="xs">
            {records.map((r) => (
              <Radio
                key={r.id}
                value={r.id}
                label={recordName(kind, r)}
                description={[
                  kind === 'people'
                    ? (r.emails as { email: string }[] | undefined)?.[0]?.email
                    : (r.domain as string | null | undefined),
                  r.updatedAt ? `updated ${fromNow(String(r.updatedAt))}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            ))}
          </Group>
        </Radio.Group>
        {keys.length === 0 ? (
          <Text size="sm">The two records have the same values in every field you may see.</Text>
        ) : (
          <ScrollArea type="auto">
            <Table aria-label="Values to keep" withTableBorder striped miw={480}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>{recordName(kind, ordered[0])} (stays)</Table.Th>
                  <Table.Th>{recordName(kind, ordered[1])}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((k) => (
                  <Table.Tr key={k}>
                    <Table.Th scope="row">{labelOf(k)}</Table.Th>
                    {ordered.map((r) => (
                      <Table.Td key={r.id}>
                        {/* Native radios sharing a name: one tab stop per field, arrows switch the value. */}
                        <Radio
                          name={`merge-${k}`}
                          value={r.id}
                          checked={chosen(k) === r.id}
                          onChange={() => setChoices((c) => ({ ...c, [k]: r.id }))}
                          label={display(k, r)}
                          aria-label={`${labelOf(k)}: ${display(k, r)}`}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
        {unions.length > 0 ? (
          <Text size="sm">
            Kept from both records, without repeats: {unions.map((k) => LABELS[k]!.toLowerCase()).join(', ')}.
          </Text>
        ) : null}
        {merge.error ? (
          <Alert color="red" title="Not merged">
            {errorMessage(merge.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => merge.mutate()} loading={merge.isPending}>
            Merge into {recordName(kind, ordered[0])}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
