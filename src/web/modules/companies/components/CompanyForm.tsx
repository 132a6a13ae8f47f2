import { Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { etagFor } from '../../../api/client.ts';
import { COMPANY_SIZES, type Company } from '../../../api/types.ts';
import { currencyDigits } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import type { RecordWithEtag } from '../../people/api/people.ts';
import { AddressFields } from '../../records/components/form/AddressFields.tsx';
import { CustomFieldsSection } from '../../records/components/form/CustomFieldsSection.tsx';
import { FormActions } from '../../records/components/form/FormActions.tsx';
import { SaveErrorAlert, StaleAlert } from '../../records/components/form/FormAlerts.tsx';
import { FormSection } from '../../records/components/form/FormSection.tsx';
import { OwnershipInputs } from '../../records/components/form/OwnershipInputs.tsx';
import { CompanyPicker } from '../../records/components/pickers/CompanyPicker.tsx';
import { useFieldAccess } from '../../records/hooks/useFieldAccess.ts';
import { useSaveRecord } from '../../records/hooks/useSaveRecord.ts';
import { fetchWorkspace, workspaceQueryKey } from '../../settings/api/settings.ts';
import { companyQueryOptions, createCompany, updateCompany } from '../api/companies.ts';
import { type CompanyFormValues, companyToBody, companyToForm } from '../companyForm.ts';

const ACCESS_KEYS: Record<keyof CompanyFormValues, string[]> = {
  name: ['name'],
  domain: ['domain'],
  industry: ['industry'],
  size: ['size'],
  address: ['address'],
  ownerId: ['ownerId'],
  teamId: ['teamId'],
  tags: ['tags'],
  parentId: ['parentId'],
  creditLimit: ['creditLimit'],
  customFields: [],
};

/** The workspace's industries, and a company's current one when the list no longer has it (imported data). */
function industryOptions(list: string[], current: string | null | undefined): string[] {
  return current && !list.includes(current) ? [current, ...list] : list;
}

type CompanyFormProps = {
  company?: Company;
  etag?: string | null;
  onSaved: (saved: RecordWithEtag<Company>) => void | Promise<void>;
  onCancel: () => void;
  onDirtyChange?: (dirty: boolean) => void;
  footer?: 'inline' | 'sticky';
};

/** Create or edit a company. Waits for the field list first. */
export function CompanyForm(props: CompanyFormProps) {
  const { loading } = useFieldAccess('companies');
  return loading ? <PageSkeleton rows={8} /> : <CompanyFormBody {...props} />;
}

function CompanyFormBody({ company, etag, onSaved, onCancel, onDirtyChange, footer = 'inline' }: CompanyFormProps) {
  const me = useMe();
  const queryClient = useQueryClient();
  // The industries the workspace offers (Settings → Workspace).
  const industries = useQuery({
    queryKey: workspaceQueryKey,
    queryFn: fetchWorkspace,
    select: (w) => w.workspace.industries ?? [],
    staleTime: 60_000,
  });
  const { access, customFields, meta } = useFieldAccess('companies');
  const formDefaults = { ownerId: me.user.id, currency: me.workspace.defaultCurrency };
  // The form starts from the record as it was when opened; later refetches do not reset it.
  const [defaults] = useState(() => companyToForm(company, customFields, formDefaults));
  const form = useForm<CompanyFormValues>({ defaultValues: defaults, mode: 'onTouched' });
  const {
    register,
    control,
    watch,
    formState: { errors, isDirty },
  } = form;

  const state = (key: keyof CompanyFormValues) => {
    const keys = ACCESS_KEYS[key];
    return keys.length ? access(...keys) : 'editable';
  };
  const editable = (key: keyof CompanyFormValues) => state(key) === 'editable';
  // Credit limit: absent from the record when hidden from this viewer.
  const shown = (key: keyof CompanyFormValues) =>
    state(key) !== 'hidden' && !(key === 'creditLimit' && company && company.creditLimit === undefined);

  const { dialog, allowLeave } = useConfirmLeave(isDirty);
  useEffect(() => onDirtyChange?.(isDirty), [isDirty, onDirtyChange]);

  const saver = useSaveRecord<CompanyFormValues, Company>({
    form,
    initialEtag: company ? etagFor(etag, company.version) : null,
    save: (values, changed, ifMatch) =>
      company
        ? updateCompany(
            company.id,
            companyToBody(values, changed, (k) => editable(k) && shown(k)),
            ifMatch,
          )
        : createCompany(companyToBody(values, 'all', (k) => editable(k) && shown(k))),
    ...(company
      ? {
          reload: async () => {
            const fresh = await queryClient.fetchQuery({ ...companyQueryOptions(company.id), staleTime: 0 });
            return {
              values: companyToForm(fresh.record, customFields, formDefaults),
              etag: etagFor(fresh.etag, fresh.record.version),
            };
          },
        }
      : {}),
    onSaved: async (saved) => {
      allowLeave();
      await onSaved(saved);
    },
  });

  const creditCurrency = watch('creditLimit.currency');

  return (
    <form onSubmit={saver.onSubmit} noValidate>
      {dialog}
      <Stack gap="lg">
        {saver.stale ? <StaleAlert onReapply={saver.reapply} loading={saver.reapplying} /> : null}
        {saver.error && !saver.stale ? (
          <SaveErrorAlert
            error={saver.error}
            problems={saver.problems}
            fields={meta}
            onPick={saver.pick}
            focus={saver.focusSummary}
          />
        ) : null}

        <FormSection legend="Company">
          <TextInput
            label="Name"
            required
            data-autofocus
            readOnly={!editable('name')}
            error={errors.name?.message}
            {...register('name', { validate: (v) => v.trim() !== '' || 'Enter the company name' })}
          />
          {shown('domain') ? (
            <TextInput
              label="Website domain"
              placeholder="example.com"
              readOnly={!editable('domain')}
              error={errors.domain?.message}
              {...register('domain')}
            />
          ) : null}
          {shown('industry') ? (
            <Controller
              control={control}
              name="industry"
              render={({ field, fieldState }) => (
                <Select
                  label="Industry"
                  searchable
                  clearable
                  ref={field.ref}
                  data={industryOptions(industries.data ?? [], company?.industry)}
                  value={field.value || null}
                  onChange={(v) => field.onChange(v ?? '')}
                  onBlur={field.onBlur}
                  nothingFoundMessage="Not in the list: an admin adds industries in Settings → Workspace"
                  readOnly={!editable('industry')}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
          {shown('size') ? (
            <Controller
              control={control}
              name="size"
              render={({ field, fieldState }) => (
                <Select
                  label="Size (employees)"
                  clearable
                  ref={field.ref}
                  data={[...COMPANY_SIZES]}
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  readOnly={!editable('size')}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
          {shown('parentId') ? (
            <Controller
              control={control}
              name="parentId"
              render={({ field, fieldState }) => (
                <CompanyPicker
                  label="Parent company"
                  ref={field.ref}
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  selected={company?.parent ?? null}
                  {...(company ? { excludeId: company.id } : {})}
                  readOnly={!editable('parentId')}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
          {shown('creditLimit') ? (
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Controller
                control={control}
                name="creditLimit.amount"
                render={({ field, fieldState }) => (
                  <NumberInput
                    label="Credit limit"
                    style={{ flex: 1 }}
                    ref={field.ref}
                    min={0}
                    thousandSeparator=","
                    decimalScale={currencyDigits(creditCurrency || 'EUR')}
                    value={field.value}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : '')}
                    readOnly={!editable('creditLimit')}
                    error={fieldState.error?.message ?? errors.creditLimit?.message}
                  />
                )}
              />
              <TextInput
                label="Currency"
                w={90}
                maxLength={3}
                readOnly={!editable('creditLimit')}
                error={errors.creditLimit?.currency?.message}
                {...register('creditLimit.currency', {
                  setValueAs: (v: string) => v.toUpperCase(),
                  validate: (v) => /^[A-Za-z]{3}$/.test(v) || 'Three letters, e.g. EUR',
                })}
              />
            </Group>
          ) : null}
        </FormSection>

        <FormSection legend="Ownership">
          <OwnershipInputs
            control={control}
            shown={shown}
            editable={editable}
            owner={company?.owner ?? null}
            team={company?.team ?? null}
          />
        </FormSection>

        {shown('address') ? (
          <FormSection legend="Address">
            <AddressFields register={register} control={control} errors={errors} readOnly={!editable('address')} />
          </FormSection>
        ) : null}

        <CustomFieldsSection
          fields={customFields}
          control={control}
          currency={me.workspace.defaultCurrency}
          editable={(field) => !field.readOnly && access(field.key) === 'editable'}
        />

        <FormActions
          submitLabel={company ? 'Save changes' : 'Create company'}
          saving={saver.saving}
          onCancel={onCancel}
          footer={footer}
        />
      </Stack>
    </form>
  );
}
