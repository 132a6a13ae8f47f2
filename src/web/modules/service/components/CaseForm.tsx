import { Alert, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { errorMessage, type FieldProblem, isApiError } from '../../../api/client.ts';
import { applyServerErrors, problemLabel } from '../../../api/forms.ts';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { ArticleSuggestions } from '../../knowledge/components/ArticleSuggestions.tsx';
import { FormActions } from '../../records/components/form/FormActions.tsx';
import { FormSection } from '../../records/components/form/FormSection.tsx';
import { CompanyPicker } from '../../records/components/pickers/CompanyPicker.tsx';
import { PersonPicker } from '../../records/components/pickers/PersonPicker.tsx';
import { TeamSelect } from '../../records/components/pickers/TeamSelect.tsx';
import { dirtyKeys } from '../../records/form.ts';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  type Case,
  type CaseChannel,
  type CaseInput,
  type CasePriority,
  caseTypesQueryOptions,
} from '../api.ts';

export interface CaseFormValues {
  subject: string;
  description: string;
  channel: CaseChannel;
  caseTypeId: string | null;
  priority: CasePriority;
  teamId: string | null;
  personId: string | null;
  companyId: string | null;
  /** `datetime-local`; empty: now. */
  openedAt: string;
}

const FIELDS = [
  'subject',
  'description',
  'channel',
  'caseTypeId',
  'priority',
  'teamId',
  'personId',
  'companyId',
  'openedAt',
];
const LABELS = [
  { key: 'subject', label: 'Subject' },
  { key: 'description', label: 'Description' },
  { key: 'channel', label: 'Channel' },
  { key: 'caseTypeId', label: 'Case type' },
  { key: 'priority', label: 'Priority' },
  { key: 'teamId', label: 'Queue' },
  { key: 'personId', label: 'Person' },
  { key: 'companyId', label: 'Company' },
  { key: 'openedAt', label: 'Opened' },
];

export const EMPTY_CASE: CaseFormValues = {
  subject: '',
  description: '',
  channel: 'phone',
  caseTypeId: null,
  priority: 'normal',
  teamId: null,
  personId: null,
  companyId: null,
  openedAt: '',
};

/** A `datetime-local` value (the browser's time zone) for an ISO instant. */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The form's values for an existing case (an edit). */
export function caseToForm(c: Case): CaseFormValues {
  return {
    subject: c.subject ?? '',
    description: c.description ?? '',
    channel: c.channel ?? 'phone',
    caseTypeId: c.caseTypeId ?? null,
    priority: c.priority ?? 'normal',
    teamId: c.teamId ?? null,
    personId: c.personId ?? null,
    companyId: c.companyId ?? null,
    openedAt: toLocalInput(c.openedAt),
  };
}

function toBody(values: CaseFormValues): CaseInput {
  const body: CaseInput = {
    subject: values.subject.trim(),
    description: values.description.trim() || null,
    channel: values.channel,
    caseTypeId: values.caseTypeId,
    priority: values.priority,
    teamId: values.teamId,
    personId: values.personId,
    companyId: values.companyId,
  };
  if (values.openedAt) body.openedAt = new Date(values.openedAt).toISOString();
  return body;
}

/** A new case: what the customer asked, how they reached you, its type (whose priority and queue fill in), and who. */
export function CaseForm({
  existing = null,
  defaults,
  submitLabel = 'Create case',
  onSubmit,
  onCancel,
}: {
  /** The case being edited: only the fields changed are sent. */
  existing?: Case | null;
  defaults: CaseFormValues;
  submitLabel?: string;
  onSubmit: (body: CaseInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const form = useForm<CaseFormValues>({ defaultValues: defaults });
  const { register, control, handleSubmit, setValue, formState, setError, watch } = form;
  // Read while rendering, so react-hook-form tracks which fields changed (an edit sends only those).
  const dirtyFields = formState.dirtyFields;
  const [unplaced, setUnplaced] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const types = useQuery(caseTypesQueryOptions());
  const leave = useConfirmLeave(formState.isDirty && !formState.isSubmitSuccessful);

  const submit = handleSubmit(async (values) => {
    setUnplaced([]);
    setFailure(null);
    try {
      leave.allowLeave();
      const body = toBody(values);
      if (!existing) {
        await onSubmit(body);
      } else {
        const changed = new Set<string>(dirtyKeys<CaseFormValues>(dirtyFields));
        if (changed.size === 0) {
          onCancel();
          return;
        }
        await onSubmit(Object.fromEntries(Object.entries(body).filter(([key]) => changed.has(key))) as CaseInput);
      }
    } catch (error) {
      if (isApiError(error, 412)) {
        setFailure('Someone else saved this case since you opened it. Close this form, and edit it again.');
        return;
      }
      const rest = applyServerErrors(error, setError, (path) => FIELDS.includes(path));
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
        <FormSection legend="The question" cols={1}>
          <TextInput
            label="Subject"
            required
            data-autofocus
            placeholder="Invoice 4411 charged twice"
            error={formState.errors.subject?.message}
            {...register('subject', { validate: (v) => (v.trim() ? true : 'Say in a few words what it is about') })}
          />
          {existing ? null : <ArticleSuggestions subject={watch('subject')} />}
          <Textarea
            label="Description"
            autosize
            minRows={3}
            placeholder="What the customer said, and what they expect"
            error={formState.errors.description?.message}
            {...register('description')}
          />
        </FormSection>
        <FormSection legend="Handling" cols={2}>
          <Controller
            control={control}
            name="caseTypeId"
            render={({ field, fieldState }) => (
              <Select
                label="Case type"
                description="Fills in its priority and queue"
                clearable
                data={(types.data ?? []).filter((t) => !t.archived).map((t) => ({ value: t.id, label: t.name }))}
                value={field.value}
                onChange={(v) => {
                  field.onChange(v);
                  const type = types.data?.find((t) => t.id === v);
                  if (type) {
                    setValue('priority', type.defaultPriority, { shouldDirty: true });
                    if (type.defaultQueueId) setValue('teamId', type.defaultQueueId, { shouldDirty: true });
                  }
                }}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="channel"
            render={({ field, fieldState }) => (
              <Select
                label="Channel"
                required
                allowDeselect={false}
                data={CASE_CHANNELS}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="priority"
            render={({ field, fieldState }) => (
              <Select
                label="Priority"
                required
                allowDeselect={false}
                data={CASE_PRIORITIES.map(({ value, label }) => ({ value, label }))}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="teamId"
            render={({ field, fieldState }) => (
              <TeamSelect
                label="Queue"
                placeholder="No queue"
                current={existing?.team ?? null}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={fieldState.error?.message}
              />
            )}
          />
          <TextInput
            type="datetime-local"
            label="Opened"
            description="Leave empty for now; earlier for a case logged after the fact"
            error={formState.errors.openedAt?.message}
            {...register('openedAt')}
          />
        </FormSection>
        <FormSection legend="Customer" cols={2}>
          <Controller
            control={control}
            name="personId"
            render={({ field, fieldState }) => (
              <PersonPicker
                label="Person"
                selected={existing?.person ?? null}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="companyId"
            render={({ field, fieldState }) => (
              <CompanyPicker
                label="Company"
                selected={existing?.company ?? null}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={fieldState.error?.message}
              />
            )}
          />
        </FormSection>
        <FormActions submitLabel={submitLabel} saving={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
