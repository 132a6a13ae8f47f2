import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, isApiError } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { currencyDigits, formatMoney } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';

type Product = components['schemas']['Product'];

const productsKey = ['products', 'all'] as const;

const fieldError = (error: unknown, pointer: string) =>
  isApiError(error) ? error.errors?.find((e) => e.pointer === pointer)?.detail : undefined;

function ProductModal({ product, onClose }: { product: Product | 'new' | null; onClose: () => void }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const editing = product && product !== 'new' ? product : null;
  const currency = editing?.unitPrice.currency ?? me.workspace.defaultCurrency;
  const digits = currencyDigits(currency);
  const [name, setName] = useState(editing?.name ?? '');
  const [sku, setSku] = useState(editing?.sku ?? '');
  const [price, setPrice] = useState<number | string>(editing ? editing.unitPrice.amountMinor / 10 ** digits : '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [active, setActive] = useState(editing?.active ?? true);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        sku: sku.trim(),
        unitPrice: { amountMinor: Math.round(Number(price) * 10 ** digits), currency },
        description: description.trim() === '' ? null : description,
        active,
      };
      return editing
        ? api.patch<Product>(`/products/${encodeURIComponent(editing.id)}`, body, `"${editing.version}"`)
        : api.post<Product>('/products', body);
    },
    onSuccess: async () => {
      notifications.show({ message: editing ? 'Product saved.' : 'Product added to the price list.' });
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      onClose();
    },
  });
  const unplaced = isApiError(save.error)
    ? (save.error.errors ?? []).filter((e) => !['/name', '/sku', '/unitPrice/amountMinor'].includes(e.pointer))
    : [];
  return (
    <Modal
      opened={product !== null}
      onClose={onClose}
      title={editing ? `Edit ${editing.name}` : 'New product'}
      centered
    >
      <Stack>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
          error={fieldError(save.error, '/name')}
        />
        <TextInput
          label="SKU"
          description="Your own code for it, unique in the price list"
          required
          value={sku}
          onChange={(e) => setSku(e.currentTarget.value)}
          error={fieldError(save.error, '/sku')}
        />
        <NumberInput
          label={`Unit price (${currency})`}
          required
          min={0}
          decimalScale={digits}
          fixedDecimalScale
          thousandSeparator=","
          value={price}
          onChange={setPrice}
          error={fieldError(save.error, '/unitPrice/amountMinor')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Switch label="Offered (active)" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        {save.isError && (unplaced.length > 0 || !isApiError(save.error) || !save.error.errors?.length) ? (
          <ErrorAlert error={save.error} title="Not saved" />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!name.trim() || !sku.trim() || price === ''}
          >
            {editing ? 'Save' : 'Add product'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Settings → Products: the price list deals' line items are chosen from. */
export function ProductsPage() {
  const products = useQuery({
    queryKey: productsKey,
    queryFn: async () => (await api.get<{ data: Product[] }>('/products', { includeInactive: true })).data,
  });
  const [open, setOpen] = useState<Product | 'new' | null>(null);
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (p: Product) =>
      api.patch<Product>(`/products/${encodeURIComponent(p.id)}`, { active: !p.active }, `"${p.version}"`),
    onSuccess: async (p) => {
      notifications.show({ message: p.active ? `${p.name} is offered again.` : `${p.name} is no longer offered.` });
      await queryClient.invalidateQueries({ queryKey: ['products'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
  });
  if (products.isPending) return <PageSkeleton />;
  if (products.isError)
    return (
      <ErrorAlert error={products.error} title="The price list could not load" onRetry={() => products.refetch()} />
    );
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          What you sell, at what price. A deal's line items come from here (or free text); its amount is then the sum of
          its lines. Switch a product off to stop offering it: deals that have it keep it.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
          New product
        </Button>
      </Group>
      <Paper withBorder radius="md">
        {products.data.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            The price list is empty. Add the products and services you quote most, with their SKU and unit price.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>SKU</Table.Th>
                  <Table.Th ta="right">Unit price</Table.Th>
                  <Table.Th>Offered</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {products.data.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                      {p.description ? (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {p.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {p.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(p.unitPrice.amountMinor, p.unitPrice.currency)}</Table.Td>
                    <Table.Td>
                      {p.active ? (
                        <Badge color="teal" variant="light">
                          Offered
                        </Badge>
                      ) : (
                        <Badge color="gray">Off</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setOpen(p)} aria-label={`Edit ${p.name}`}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => toggle.mutate(p)}
                          aria-label={`${p.active ? 'Switch off' : 'Switch on'} ${p.name}`}
                        >
                          {p.active ? 'Switch off' : 'Switch on'}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {open !== null ? (
        <ProductModal key={open === 'new' ? 'new' : open.id} product={open} onClose={() => setOpen(null)} />
      ) : null}
    </Stack>
  );
}
