import { Alert, Checkbox, NumberInput, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { errorMessage, type FieldProblem, isApiError } from '../../../api/client.ts';
import { applyServerErrors, problemLabel } from '../../../api/forms.ts';
import type { Money } from '../../../api/types.ts';
import { currencyDigits, humanize } from '../../../ui/format.ts';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { fieldRule, useMe } from '../../auth/hooks/useMe.ts';
import { FormActions } from '../../records/components/form/FormActions.tsx';
import { FormSection } from '../../records/components/form/FormSection.tsx';
import { CompanyPicker } from '../../records/components/pickers/CompanyPicker.tsx';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import { dirtyKeys } from '../../records/form.ts';
import { DEAL_SOURCES, type Deal, type DealInput } from '../api/deals.ts';
import { fetchLostReasons, lostReasonsKey, type Pipeline } from '../api/pipelines.ts';
import { DealPeopleInput, type DealPersonValue } from './DealPeopleInput.tsx';

export interface DealFormValues {
  name: string;
  pipelineId: string;
  stageId: string;
  amount: number | '';
  currency: string;
  expectedCloseDate: string;
  companyId: string | null;
  ownerId: string | null;
  teamId: string | null;
  source: string | null;
  nextStep: string;
  nextStepDate: string;
  commit: boolean;
  tags: string[];
  lostReasonId: string | null;
  people: DealPersonValue[];
}

const LABELS = [
  { key: 'name', label: 'Name' },
  { key: 'pipelineId', label: 'Pipeline' },
  { key: 'stageId', label: 'Stage' },
  { key: 'amount', label: 'Amount' },
  { key: 'expectedCloseDate', label: 'Expected close' },
  { key: 'companyId', label: 'Company' },
  { key: 'ownerId', label: 'Owner' },
  { key: 'teamId', label: 'Team' },
  { key: 'lostReasonId', label: 'Lost reason' },
];

function toMajor(money: Money | null | undefined): number | '' {
  return money ? money.amountMinor / 10 ** currencyDigits(money.currency) : '';
}

export function dealToForm(
  deal: Deal | null,
  defaults: { pipelineId: string; stageId: string; currency: string; ownerId: string },
): DealFormValues {
  return {
    name: deal?.name ?? '',
    pipelineId: deal?.pipelineId ?? defaults.pipelineId,
    stageId: deal?.stageId ?? defaults.stageId,
    amount: toMajor(deal?.amount),
    currency: deal?.amount?.currency ?? defaults.currency,
    expectedCloseDate: deal?.expectedCloseDate ?? '',
    companyId: deal?.companyId ?? null,
    ownerId: deal ? (deal.ownerId ?? null) : defaults.ownerId,
    teamId: deal?.teamId ?? null,
    source: deal?.source ?? null,
    nextStep: deal?.nextStep ?? '',
    nextStepDate: deal?.nextStepDate ?? '',
    commit: deal?.commit ?? false,
    tags: deal?.tags ?? [],
    lostReasonId: deal?.lostReasonId ?? null,
    people: (deal?.people ?? []).map((p) => ({ personId: p.personId, name: p.name, role: p.role })),
  };
}

function toBody(v: DealFormValues, creating: boolean): DealInput {
  const body: DealInput = {
    name: v.name.trim(),
    amount:
      v.amount === ''
        ? null
        : { amountMinor: Math.round(Number(v.amount) * 10 ** currencyDigits(v.currency)), currency: v.currency },
    expectedCloseDate: v.expectedCloseDate || null,
    companyId: v.companyId,
    ownerId: v.ownerId,
    teamId: v.teamId,
    source: v.source,
    nextStep: v.nextStep.trim() || null,
    nextStepDate: v.nextStepDate || null,
    commit: v.commit,
    tags: v.tags,
    people: v.people.map((p) => ({ personId: p.personId, role: p.role })),
  };
  if (creating) {
    body.pipelineId = v.pipelineId;
    body.stageId = v.stageId;
    if (v.lostReasonId) body.lostReasonId = v.lostReasonId;
  }
  return body;
}

/** A deal's fields. Creating also picks the pipeline and first stage; an existing deal changes stage from its header. */
export function DealForm({
  deal,
  pipelines,
  defaults,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  deal: Deal | null;
  pipelines: Pipeline[];
  defaults: DealFormValues;
  submitLabel: string;
  onSubmit: (body: DealInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const me = useMe();
  const creating = deal === null;
  const form = useForm<DealFormValues>({ defaultValues: defaults });
  const { register, control, handleSubmit, watch, setValue, formState, setError } = form;
  // Read while rendering, so react-hook-form tracks which fields changed (an edit sends only those).
  const dirtyFields = formState.dirtyFields;
  const [unplaced, setUnplaced] = useState<FieldProblem[]>([]);
  /** A field the role hides is left out (an existing deal lacks it too); a read-only one is shown disabled. */
  const access = (key: string): 'hidden' | 'readonly' | 'editable' => {
    const rule = fieldRule(me, 'deals', key);
    if (rule === 'hidden' || (deal !== null && !(key in deal))) return 'hidden';
    return rule === 'readonly' ? 'readonly' : 'editable';
  };
  const only = (key: string, node: ReactNode): ReactNode => {
    const a = access(key);
    if (a === 'hidden') return null;
    if (a === 'editable') return node;
    return (
      <fieldset disabled style={{ display: 'contents' }}>
        {node}
      </fieldset>
    );
  };
  const [failure, setFailure] = useState<string | null>(null);
  const pipelineId = watch('pipelineId');
  const stageId = watch('stageId');
  const currency = watch('currency');
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  const stage = stages.find((s) => s.id === stageId);
  const lostReasons = useQuery({
    queryKey: lostReasonsKey,
    queryFn: fetchLostReasons,
    enabled: creating && stage?.outcome === 'lost',
  });
  const leave = useConfirmLeave(formState.isDirty && !formState.isSubmitSuccessful);

  const submit = handleSubmit(async (values) => {
    setUnplaced([]);
    setFailure(null);
    try {
      leave.allowLeave();
      const body = toBody(values, creating);
      if (creating) {
        await onSubmit(body);
      } else {
        // An edit sends only what changed: a field the role hides is absent from the form and must stay as it is.
        const changed = new Set<string>(
          dirtyKeys<DealFormValues>(dirtyFields).map((k) => (k === 'currency' ? 'amount' : k)),
        );
        if (changed.size === 0) {
          onCancel();
          return;
        }
        await onSubmit(Object.fromEntries(Object.entries(body).filter(([key]) => changed.has(key))) as DealInput);
      }
    } catch (error) {
      if (isApiError(error, 412)) {
        setFailure('Someone else saved this deal since you opened it. Close this form, and edit it again.');
        return;
      }
      const rest = applyServerErrors(error, setError, (path) => {
        const head = path.split('.')[0] ?? '';
        return LABELS.some((l) => l.key === head) && !path.includes('.');
      });
      setUnplaced(rest);
      if (rest.length === 0 && !(isApiError(error) && error.errors?.length)) setFailure(errorMessage(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      {leave.dialog}
      <Stack gap="md">
        {failure ? (
          <Alert color="red" title="Not saved">
            {failure}
          </Alert>
        ) : null}
        {unplaced.length > 0 ? (
          <Alert color="red" title="Not saved">
            {unplaced.map((p) => `${problemLabel(p.pointer, LABELS)}: ${p.detail}`).join(' ')}
          </Alert>
        ) : null}
        <FormSection legend="Deal" cols={2}>
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="Acme: 40 seats"
            error={formState.errors.name?.message}
            {...register('name', { validate: (v) => (v.trim() ? true : 'Give the deal a name') })}
          />
          {only(
            'companyId',
            <Controller
              control={control}
              name="companyId"
              render={({ field, fieldState }) => (
                <CompanyPicker
                  label="Company"
                  clearable
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  selected={deal?.company ?? null}
                  error={fieldState.error?.message}
                />
              )}
            />,
          )}
          {creating ? (
            <>
              <Controller
                control={control}
                name="pipelineId"
                render={({ field, fieldState }) => (
                  <Select
                    label="Pipeline"
                    required
                    allowDeselect={false}
                    data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
                    value={field.value}
                    onChange={(v) => {
                      if (!v) return;
                      field.onChange(v);
                      const first = [...(pipelines.find((p) => p.id === v)?.stages ?? [])].sort(
                        (a, b) => a.position - b.position,
                      )[0];
                      if (first) setValue('stageId', first.id);
                    }}
                    error={fieldState.error?.message}
                  />
                )}
              />
              <Controller
                control={control}
                name="stageId"
                render={({ field, fieldState }) => (
                  <Select
                    label="Stage"
                    required
                    allowDeselect={false}
                    data={stages.map((s) => ({ value: s.id, label: `${s.name} (${s.probability}%)` }))}
                    value={field.value}
                    onChange={(v) => v && field.onChange(v)}
                    error={fieldState.error?.message}
                  />
                )}
              />
              {stage?.outcome === 'lost' ? (
                <Controller
                  control={control}
                  name="lostReasonId"
                  render={({ field, fieldState }) => (
                    <Select
                      label="Lost reason"
                      required
                      data={(lostReasons.data ?? [])
                        .filter((r) => r.active)
                        .map((r) => ({ value: r.id, label: r.label }))}
                      value={field.value}
                      onChange={field.onChange}
                      error={fieldState.error?.message}
                    />
                  )}
                />
              ) : null}
            </>
          ) : null}
          {only(
            'amount',
            <Controller
              control={control}
              name="amount"
              render={({ field, fieldState }) => (
                <NumberInput
                  label={`Amount (${currency})`}
                  min={0}
                  decimalScale={currencyDigits(currency)}
                  thousandSeparator=","
                  required={stage?.requiredFields.includes('amount')}
                  value={field.value}
                  onChange={(v) => field.onChange(v === '' ? '' : Number(v))}
                  error={fieldState.error?.message}
                />
              )}
            />,
          )}
          {only(
            'amount',
            <TextInput
              label="Currency"
              maxLength={3}
              {...register('currency', {
                setValueAs: (v: string) => v.toUpperCase(),
                validate: (v) => (/^[A-Z]{3}$/i.test(v) ? true : 'Three letters, like EUR'),
              })}
              error={formState.errors.currency?.message}
            />,
          )}
          {only(
            'expectedCloseDate',
            <TextInput
              label="Expected close"
              type="date"
              required={stage?.requiredFields.includes('expectedCloseDate')}
              error={formState.errors.expectedCloseDate?.message}
              {...register('expectedCloseDate')}
            />,
          )}
          {only(
            'commit',
            <Controller
              control={control}
              name="commit"
              render={({ field }) => (
                <Checkbox
                  mt="lg"
                  label="Commit: count it in my forecast's commit"
                  checked={field.value}
                  onChange={(e) => field.onChange(e.currentTarget.checked)}
                />
              )}
            />,
          )}
        </FormSection>
        <FormSection legend="Who and where from" cols={2}>
          {only(
            'ownerId',
            <Controller
              control={control}
              name="ownerId"
              render={({ field, fieldState }) => (
                <UserSelect
                  label="Owner"
                  clearable
                  current={deal?.owner ?? (field.value === me.user.id ? { id: me.user.id, name: me.user.name } : null)}
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                />
              )}
            />,
          )}
          {only(
            'teamId',
            <Controller
              control={control}
              name="teamId"
              render={({ field, fieldState }) => (
                <TeamSelect
                  label="Team"
                  clearable
                  current={deal?.team ?? null}
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                />
              )}
            />,
          )}
          {only(
            'source',
            <Controller
              control={control}
              name="source"
              render={({ field }) => (
                <Select
                  label="Source"
                  clearable
                  data={DEAL_SOURCES.map((s) => ({ value: s, label: humanize(s) }))}
                  value={field.value}
                  onChange={field.onChange}
                />
              )}
            />,
          )}
          {only(
            'tags',
            <Controller
              control={control}
              name="tags"
              render={({ field }) => <TagsInput label="Tags" value={field.value} onChange={field.onChange} />}
            />,
          )}
        </FormSection>
        {access('people') !== 'hidden' ? (
          <FormSection legend="People and their roles" cols={1}>
            <Controller
              control={control}
              name="people"
              render={({ field }) => <DealPeopleInput value={field.value} onChange={field.onChange} />}
            />
          </FormSection>
        ) : null}
        <FormSection legend="Next step" cols={2}>
          {only('nextStep', <Textarea label="Next step" autosize minRows={1} {...register('nextStep')} />)}
          {only('nextStepDate', <TextInput label="Next step date" type="date" {...register('nextStepDate')} />)}
        </FormSection>
        <FormActions submitLabel={submitLabel} saving={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
