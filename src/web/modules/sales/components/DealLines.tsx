import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListDetails, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError, request } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { currencyDigits, formatMoney } from '../../../ui/format.ts';

type Lines = components['schemas']['DealLines'];
type Product = components['schemas']['Product'];

interface DraftLine {
  productId: string | null;
  description: string;
  quantity: number | string;
  /** In major units (12.50), as typed. */
  unitPrice: number | string;
  discountPercent: number | string;
}

const linesKey = (dealId: string) => ['deals', 'lines', dealId] as const;

/**
 * A deal's line items: products from the price list or free text, with quantity, unit price and discount. While a deal
 * has lines its amount is their total (the server computes and rounds it).
 */
export function DealLines({ dealId, currency, mayUpdate }: { dealId: string; currency: string; mayUpdate: boolean }) {
  const queryClient = useQueryClient();
  const lines = useQuery({
    queryKey: linesKey(dealId),
    queryFn: () => api.get<Lines>(`/deals/${encodeURIComponent(dealId)}/lines`),
  });
  const [draft, setDraft] = useState<DraftLine[] | null>(null);
  const lineCurrency = lines.data?.total?.currency ?? lines.data?.lines[0]?.unitPrice.currency ?? currency;
  const digits = currencyDigits(lineCurrency);
  const products = useQuery({
    queryKey: ['products', 'active'],
    queryFn: async () => (await api.get<{ data: Product[] }>('/products')).data,
    enabled: draft !== null,
  });
  const save = useMutation({
    mutationFn: async (rows: DraftLine[]) =>
      (
        await request<Lines>(`/deals/${encodeURIComponent(dealId)}/lines`, {
          method: 'PUT',
          ifMatch: `"${lines.data?.dealVersion ?? 0}"`,
          body: {
            lines: rows.map((r) => ({
              ...(r.productId ? { productId: r.productId } : {}),
              ...(r.description.trim() ? { description: r.description.trim() } : {}),
              quantity: Number(r.quantity),
              ...(r.unitPrice !== ''
                ? { unitPrice: { amountMinor: Math.round(Number(r.unitPrice) * 10 ** digits), currency: lineCurrency } }
                : {}),
              discountPercent: Number(r.discountPercent || 0),
            })),
          },
        })
      ).data,
    onSuccess: async () => {
      setDraft(null);
      notifications.show({ message: 'Line items saved; the amount is their total.' });
      await queryClient.invalidateQueries({ queryKey: ['deals'] });
    },
  });
  const problem = (i: number, field: string) =>
    isApiError(save.error)
      ? save.error.errors?.find(
          (e) => e.pointer === `/lines/${i}/${field}` || e.pointer.startsWith(`/lines/${i}/${field}/`),
        )?.detail
      : undefined;

  const startEditing = () =>
    setDraft(
      (lines.data?.lines ?? []).map((l) => ({
        productId: l.productId,
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice.amountMinor / 10 ** currencyDigits(l.unitPrice.currency),
        discountPercent: l.discountPercent,
      })),
    );
  const set = (i: number, patch: Partial<DraftLine>) =>
    setDraft((all) => (all ?? []).map((l, j) => (j === i ? { ...l, ...patch } : l)));

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Line items">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconListDetails size={18} aria-hidden />
          <Title order={2} size="h4">
            Line items
          </Title>
        </Group>
        {mayUpdate && draft === null && lines.data ? (
          <Button size="compact-sm" variant="default" onClick={startEditing}>
            {lines.data.lines.length ? 'Edit lines' : 'Add lines'}
          </Button>
        ) : null}
      </Group>
      {lines.isPending ? (
        <Skeleton height={60} />
      ) : lines.isError ? (
        <ErrorAlert error={lines.error} title="Line items could not load" onRetry={() => lines.refetch()} />
      ) : draft === null ? (
        lines.data.lines.length === 0 ? (
          <Text size="sm" c="dimmed">
            No line items: the amount is typed in. Add products from the price list (or free text) and the amount
            becomes their total.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th ta="right">Qty</Table.Th>
                  <Table.Th ta="right">Unit price</Table.Th>
                  <Table.Th ta="right">Discount</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.data.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      {l.description}
                      {l.product ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          {l.product.sku}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{l.quantity}</Table.Td>
                    <Table.Td ta="right">{formatMoney(l.unitPrice.amountMinor, l.unitPrice.currency)}</Table.Td>
                    <Table.Td ta="right">{l.discountPercent ? `${l.discountPercent}%` : '—'}</Table.Td>
                    <Table.Td ta="right">{formatMoney(l.total.amountMinor, l.total.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              {lines.data.total ? (
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={4} ta="right">
                      Amount
                    </Table.Th>
                    <Table.Th ta="right">
                      {formatMoney(lines.data.total.amountMinor, lines.data.total.currency)}
                    </Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              ) : null}
            </Table>
          </Table.ScrollContainer>
        )
      ) : (
        <Stack gap="xs">
          {draft.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: draft rows have no identity until saved
            <Group key={i} gap="xs" align="flex-start" wrap="wrap">
              <Select
                aria-label={`Line ${i + 1}: product`}
                placeholder="Free text"
                data={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }))}
                value={l.productId}
                searchable
                clearable
                w={220}
                onChange={(v) => {
                  const p = products.data?.find((x) => x.id === v);
                  set(i, {
                    productId: v,
                    ...(p
                      ? {
                          description: p.name,
                          unitPrice: p.unitPrice.amountMinor / 10 ** currencyDigits(p.unitPrice.currency),
                        }
                      : {}),
                  });
                }}
                error={problem(i, 'productId')}
              />
              <TextInput
                aria-label={`Line ${i + 1}: description`}
                placeholder="Description"
                value={l.description}
                onChange={(e) => set(i, { description: e.currentTarget.value })}
                w={200}
                error={problem(i, 'description')}
              />
              <NumberInput
                aria-label={`Line ${i + 1}: quantity`}
                min={0}
                decimalScale={3}
                w={90}
                value={l.quantity}
                onChange={(v) => set(i, { quantity: v })}
                error={problem(i, 'quantity')}
              />
              <NumberInput
                aria-label={`Line ${i + 1}: unit price (${lineCurrency})`}
                placeholder="Price"
                min={0}
                decimalScale={digits}
                w={120}
                value={l.unitPrice}
                onChange={(v) => set(i, { unitPrice: v })}
                error={problem(i, 'unitPrice')}
              />
              <NumberInput
                aria-label={`Line ${i + 1}: discount in percent`}
                min={0}
                max={100}
                decimalScale={2}
                suffix="%"
                w={90}
                value={l.discountPercent}
                onChange={(v) => set(i, { discountPercent: v })}
                error={problem(i, 'discountPercent')}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove line ${i + 1}`}
                onClick={() => setDraft((all) => (all ?? []).filter((_, j) => j !== i))}
                mt={4}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          {save.isError && !isApiError(save.error, 400) ? <ErrorAlert error={save.error} title="Not saved" /> : null}
          <Group justify="space-between">
            <Button
              variant="default"
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() =>
                setDraft((all) => [
                  ...(all ?? []),
                  { productId: null, description: '', quantity: 1, unitPrice: '', discountPercent: 0 },
                ])
              }
            >
              Add line
            </Button>
            <Group gap="xs">
              <Button variant="default" size="compact-sm" onClick={() => setDraft(null)}>
                Cancel
              </Button>
              <Button size="compact-sm" loading={save.isPending} onClick={() => save.mutate(draft)}>
                Save lines
              </Button>
            </Group>
          </Group>
          <VisuallyHidden aria-live="polite">{save.isError ? 'Some lines need fixing' : ''}</VisuallyHidden>
        </Stack>
      )}
    </Paper>
  );
}
