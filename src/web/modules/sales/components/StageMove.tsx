import { Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useCallback, useRef, useState } from 'react';
import { api, isApiError } from '../../../api/client.ts';
import { problemLabel } from '../../../api/forms.ts';
import { MoveCancelled } from '../../../ui/Board.tsx';
import { currencyDigits, humanize } from '../../../ui/format.ts';
import { CompanyPicker } from '../../records/components/pickers/CompanyPicker.tsx';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import { DEAL_SOURCES, type Deal, type DealInput, refreshDeals, updateDeal } from '../api/deals.ts';
import { fetchLostReasons, lostReasonsKey, type PipelineStage, REQUIRABLE_FIELDS } from '../api/pipelines.ts';
import { ASKABLE, fieldOf, isEmpty, missingFor } from '../stageRules.ts';

/**
 * Moving a deal to another stage, from the board or the deal's page: a lost stage asks for the reason, a stage with
 * required fields asks for the empty ones, and whatever the server still names in a 400 is asked for in the same
 * dialog before the move is tried again. Closing the dialog calls the move off (MoveCancelled).
 */

const FIELD_LABELS: { key: string; label: string }[] = [
  ...REQUIRABLE_FIELDS.map((f) => ({ key: f.value, label: f.label })),
  { key: 'lostReasonId', label: 'Lost reason' },
  { key: 'lostNote', label: 'Note' },
  { key: 'ownerId', label: 'Owner' },
  { key: 'teamId', label: 'Team' },
];

interface Ask {
  deal: Deal;
  stage: PipelineStage;
  fields: string[];
  problems: Record<string, string>;
  resolve: (values: DealInput) => void;
  reject: (error: unknown) => void;
}

export function useStageMove(currency: string) {
  const queryClient = useQueryClient();
  const [ask, setAsk] = useState<Ask | null>(null);
  const versions = useRef(new Map<string, number>());

  const askFor = useCallback(
    (deal: Deal, stage: PipelineStage, fields: string[], problems: Record<string, string>) =>
      new Promise<DealInput>((resolve, reject) => setAsk({ deal, stage, fields, problems, resolve, reject })),
    [],
  );

  const move = useCallback(
    async (deal: Deal, stage: PipelineStage): Promise<Deal> => {
      let extra: DealInput = {};
      let needed = missingFor(deal, stage);
      let problems: Record<string, string> = {};
      for (let attempt = 0; attempt < 5; attempt++) {
        if (needed.length > 0) {
          if (stage.outcome === 'lost' && needed.includes('lostReasonId') && !needed.includes('lostNote'))
            needed = [...needed, 'lostNote'];
          extra = { ...extra, ...(await askFor(deal, stage, needed, problems)) };
          needed = [];
        }
        try {
          const version = versions.current.get(deal.id) ?? deal.version;
          const updated = await updateDeal(deal.id, { stageId: stage.id, ...extra }, version);
          versions.current.set(deal.id, updated.version);
          void refreshDeals(queryClient, updated);
          // Said about the move by another module (the company is on credit hold, under "warn").
          if (updated.warnings?.length) {
            notifications.show({
              color: 'orange',
              title: 'Moved, with a warning',
              message: updated.warnings.join(' '),
            });
          }
          return updated;
        } catch (error) {
          if (isApiError(error, 412)) {
            const fresh = await api.get<Deal>(`/deals/${encodeURIComponent(deal.id)}`);
            versions.current.set(deal.id, fresh.version);
            continue;
          }
          const named = isApiError(error, 400) ? (error.errors ?? []).map((e) => fieldOf(e.pointer)) : [];
          if (named.length > 0 && named.every((f) => ASKABLE.has(f))) {
            needed = [...new Set(named)];
            problems = Object.fromEntries(
              (error as { errors: { pointer: string; detail: string }[] }).errors.map((e) => [
                fieldOf(e.pointer),
                e.detail,
              ]),
            );
            continue;
          }
          throw error;
        }
      }
      throw new Error('The deal could not be moved; reload the page and try again.');
    },
    [askFor, queryClient],
  );

  const dialog = ask ? (
    <StageFieldsDialog
      key={`${ask.deal.id}:${ask.stage.id}:${ask.fields.join(',')}`}
      ask={ask}
      currency={ask.deal.amount?.currency ?? currency}
      onSubmit={(values) => {
        setAsk(null);
        ask.resolve(values);
      }}
      onCancel={() => {
        setAsk(null);
        ask.reject(new MoveCancelled());
      }}
    />
  ) : null;

  return { move, dialog };
}

function StageFieldsDialog({
  ask,
  currency: defaultCurrency,
  onSubmit,
  onCancel,
}: {
  ask: Ask;
  currency: string;
  onSubmit: (values: DealInput) => void;
  onCancel: () => void;
}) {
  const { deal, stage, fields, problems } = ask;
  const lostReasons = useQuery({
    queryKey: lostReasonsKey,
    queryFn: fetchLostReasons,
    enabled: fields.includes('lostReasonId'),
  });
  const [values, setValues] = useState<Record<string, string | number | null>>({});
  const [currency, setCurrency] = useState(defaultCurrency);
  const [errors, setErrors] = useState<Record<string, string>>(problems);
  const set = (key: string, value: string | number | null) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
  };
  const required = fields.filter((f) => f !== 'lostNote');
  const label = (key: string) => problemLabel(`/${key}`, FIELD_LABELS);
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    for (const key of required) if (isEmpty(values[key])) missing[key] = `${label(key)} is needed for ${stage.name}.`;
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    const body: DealInput = {};
    for (const key of fields) {
      const value = values[key];
      if (key === 'amount') {
        if (typeof value === 'number')
          body.amount = { amountMinor: Math.round(value * 10 ** currencyDigits(currency)), currency };
      } else if (!isEmpty(value)) {
        (body as Record<string, unknown>)[key] = value;
      }
    }
    onSubmit(body);
  };

  const input = (key: string): ReactNode => {
    const common = { label: label(key), error: errors[key], required: key !== 'lostNote' };
    switch (key) {
      case 'lostReasonId':
        return (
          <Select
            key={key}
            {...common}
            data-autofocus
            placeholder="Why was it lost?"
            data={(lostReasons.data ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: r.label }))}
            value={text(key) || null}
            onChange={(v) => set(key, v)}
            nothingFoundMessage={lostReasons.isPending ? 'Loading…' : 'No lost reasons: add them in Settings'}
          />
        );
      case 'lostNote':
        return (
          <Textarea
            key={key}
            {...common}
            label="Note (optional)"
            autosize
            minRows={2}
            value={text(key)}
            onChange={(e) => set(key, e.currentTarget.value)}
          />
        );
      case 'amount':
        return (
          <Group key={key} gap="xs" align="flex-start" grow>
            <NumberInput
              {...common}
              data-autofocus
              min={0}
              decimalScale={currencyDigits(currency)}
              thousandSeparator=","
              value={typeof values.amount === 'number' ? values.amount : ''}
              onChange={(v) => set(key, typeof v === 'number' ? v : null)}
            />
            <TextInput
              label="Currency"
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            />
          </Group>
        );
      case 'expectedCloseDate':
      case 'nextStepDate':
        return (
          <TextInput
            key={key}
            {...common}
            type="date"
            value={text(key)}
            onChange={(e) => set(key, e.currentTarget.value)}
          />
        );
      case 'companyId':
        return <CompanyPicker key={key} {...common} value={text(key) || null} onChange={(v) => set(key, v)} />;
      case 'ownerId':
        return <UserSelect key={key} {...common} value={text(key) || null} onChange={(v) => set(key, v)} />;
      case 'teamId':
        return <TeamSelect key={key} {...common} value={text(key) || null} onChange={(v) => set(key, v)} />;
      case 'source':
        return (
          <Select
            key={key}
            {...common}
            data={DEAL_SOURCES.map((s) => ({ value: s, label: humanize(s) }))}
            value={text(key) || null}
            onChange={(v) => set(key, v)}
          />
        );
      default:
        return <TextInput key={key} {...common} value={text(key)} onChange={(e) => set(key, e.currentTarget.value)} />;
    }
  };

  return (
    <Modal
      opened
      onClose={onCancel}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={`Move ${deal.name ?? 'the deal'} to ${stage.name}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {stage.outcome === 'lost'
              ? 'Say why it was lost: the reasons add up in the sales reports.'
              : `${stage.name} needs ${required.map((f) => label(f).toLowerCase()).join(' and ')} before a deal enters it.`}
          </Text>
          {fields.map(input)}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit">Move to {stage.name}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
