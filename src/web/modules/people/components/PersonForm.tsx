import { MultiSelect, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { etagFor } from '../../../api/client.ts';
import { CHANNELS, CONSENT_CHANNELS, LIFECYCLE_STAGES, type Person, type Ref } from '../../../api/types.ts';
import { humanize, languageName } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { AddressFields } from '../../records/components/form/AddressFields.tsx';
import { CustomFieldsSection } from '../../records/components/form/CustomFieldsSection.tsx';
import { FormActions } from '../../records/components/form/FormActions.tsx';
import { SaveErrorAlert, StaleAlert } from '../../records/components/form/FormAlerts.tsx';
import { FormSection } from '../../records/components/form/FormSection.tsx';
import { OwnershipInputs } from '../../records/components/form/OwnershipInputs.tsx';
import { CompanyPicker } from '../../records/components/pickers/CompanyPicker.tsx';
import { LANGUAGE_CODES } from '../../records/form.ts';
import { useFieldAccess } from '../../records/hooks/useFieldAccess.ts';
import { useSaveRecord } from '../../records/hooks/useSaveRecord.ts';
import { fetchWorkspace, workspaceQueryKey } from '../../settings/api/settings.ts';
import { createPerson, personQueryOptions, type RecordWithEtag, updatePerson } from '../api/people.ts';
import { type PersonFormValues, personToBody, personToForm } from '../personForm.ts';
import { EmailRows, PhoneRows } from './ContactRows.tsx';
import { DuplicateWarning } from './DuplicateWarning.tsx';

const CONSENT_LABELS: Record<(typeof CONSENT_CHANNELS)[number], string> = {
  email: 'Email marketing',
  phone: 'Phone calls',
  sms: 'SMS / text messages',
  post: 'Post',
};

const ACCESS_KEYS: Record<keyof PersonFormValues, string[]> = {
  firstName: ['firstName', 'name'],
  lastName: ['lastName', 'name'],
  jobTitle: ['jobTitle'],
  companyId: ['companyId'],
  emails: ['emails', 'email'],
  phones: ['phones', 'phone'],
  address: ['address'],
  ownerId: ['ownerId'],
  teamId: ['teamId'],
  tags: ['tags'],
  lifecycleStage: ['lifecycleStage'],
  preferredChannel: ['preferredChannel'],
  preferredLanguage: ['preferredLanguage'],
  consent: ['consent'],
  topics: ['topics'],
  customFields: [],
};

type PersonFormProps = {
  person?: Person;
  etag?: string | null;
  /** For a new person: the company to start with ("Add person" from a company). */
  initialCompany?: Ref | null;
  /** For a new person: a phone number or email to start with (screen pop of an unknown caller). */
  initialPhone?: string;
  initialEmail?: string;
  onSaved: (saved: RecordWithEtag<Person>) => void | Promise<void>;
  onCancel: () => void;
  onDirtyChange?: (dirty: boolean) => void;
  footer?: 'inline' | 'sticky';
};

/** Create or edit a person. Used by the New person page and the Edit drawer. Waits for the field list first. */
export function PersonForm(props: PersonFormProps) {
  const { loading } = useFieldAccess('people');
  return loading ? <PageSkeleton rows={8} /> : <PersonFormBody {...props} />;
}

function PersonFormBody({
  person,
  etag,
  initialCompany,
  initialPhone,
  initialEmail,
  onSaved,
  onCancel,
  onDirtyChange,
  footer = 'inline',
}: PersonFormProps) {
  const me = useMe();
  const queryClient = useQueryClient();
  const { access, customFields, meta } = useFieldAccess('people');
  // The communication topics the workspace offers (Settings → Workspace).
  const offeredTopics = useQuery({
    queryKey: workspaceQueryKey,
    queryFn: fetchWorkspace,
    select: (w) => w.workspace.communicationTopics ?? [],
    staleTime: 60_000,
  });
  // The form starts from the record as it was when opened; later refetches do not reset it.
  const [defaults] = useState(() => ({
    ...personToForm(person, customFields, { ownerId: me.user.id }),
    ...(!person && initialCompany ? { companyId: initialCompany.id } : {}),
    ...(!person && initialPhone ? { phones: [{ number: initialPhone, label: 'mobile' }] } : {}),
    ...(!person && initialEmail ? { emails: [{ email: initialEmail, label: 'work' }] } : {}),
  }));
  const form = useForm<PersonFormValues>({ defaultValues: defaults, mode: 'onTouched' });
  const {
    register,
    control,
    formState: { errors, isDirty },
  } = form;

  const can = (key: keyof PersonFormValues) => {
    const keys = ACCESS_KEYS[key];
    return keys.length ? access(...keys) : 'editable';
  };
  const editable = (key: keyof PersonFormValues) => can(key) === 'editable';
  const shown = (key: keyof PersonFormValues) => can(key) !== 'hidden';

  // Numbers without a country code are read in the address's country, else the workspace's (as the server does).
  const addressCountry = useWatch({ control, name: 'address.country' });
  const { dialog, allowLeave } = useConfirmLeave(isDirty);
  useEffect(() => onDirtyChange?.(isDirty), [isDirty, onDirtyChange]);

  const saver = useSaveRecord<PersonFormValues, Person>({
    form,
    initialEtag: person ? etagFor(etag, person.version) : null,
    save: (values, changed, ifMatch) =>
      person
        ? updatePerson(person.id, personToBody(values, changed, person, editable), ifMatch)
        : createPerson(personToBody(values, 'all', undefined, editable)),
    ...(person
      ? {
          reload: async () => {
            const fresh = await queryClient.fetchQuery({ ...personQueryOptions(person.id), staleTime: 0 });
            return {
              values: personToForm(fresh.record, customFields, { ownerId: me.user.id }),
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

  const languageData = useMemo(() => {
    const codes = new Set(LANGUAGE_CODES);
    if (person?.preferredLanguage) codes.add(person.preferredLanguage);
    return [...codes].map((code) => ({ value: code, label: `${languageName(code)} (${code})` }));
  }, [person?.preferredLanguage]);

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

        <FormSection legend="Name and role">
          <TextInput
            label="First name"
            required
            readOnly={!editable('firstName')}
            error={errors.firstName?.message}
            data-autofocus
            {...register('firstName', { validate: (v) => v.trim() !== '' || 'Enter a first name' })}
          />
          <TextInput
            label="Last name"
            readOnly={!editable('lastName')}
            error={errors.lastName?.message}
            {...register('lastName')}
          />
          {shown('jobTitle') ? (
            <TextInput
              label="Job title"
              readOnly={!editable('jobTitle')}
              error={errors.jobTitle?.message}
              {...register('jobTitle')}
            />
          ) : null}
          {shown('companyId') ? (
            <Controller
              control={control}
              name="companyId"
              render={({ field, fieldState }) => (
                <CompanyPicker
                  label="Company"
                  ref={field.ref}
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  onBlur={field.onBlur}
                  selected={person?.company ?? initialCompany ?? null}
                  readOnly={!editable('companyId')}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
        </FormSection>

        <FormSection legend="Contact" cols={1}>
          {shown('emails') ? (
            <EmailRows control={control} register={register} errors={errors} readOnly={!editable('emails')} />
          ) : null}
          {shown('phones') ? (
            <PhoneRows
              control={control}
              register={register}
              errors={errors}
              readOnly={!editable('phones')}
              defaultCountry={addressCountry || me.workspace.defaultCountry}
            />
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {shown('preferredChannel') ? (
              <Controller
                control={control}
                name="preferredChannel"
                render={({ field, fieldState }) => (
                  <Select
                    label="Preferred channel"
                    clearable
                    ref={field.ref}
                    data={CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
                    value={field.value}
                    onChange={field.onChange}
                    readOnly={!editable('preferredChannel')}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
            {shown('preferredLanguage') ? (
              <Controller
                control={control}
                name="preferredLanguage"
                render={({ field, fieldState }) => (
                  <Select
                    label="Preferred language"
                    clearable
                    searchable
                    ref={field.ref}
                    data={languageData}
                    value={field.value}
                    onChange={field.onChange}
                    readOnly={!editable('preferredLanguage')}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
          </SimpleGrid>
        </FormSection>

        {shown('lifecycleStage') || shown('ownerId') || shown('tags') ? (
          <FormSection legend="Stage and ownership">
            {shown('lifecycleStage') ? (
              <Controller
                control={control}
                name="lifecycleStage"
                render={({ field, fieldState }) => (
                  <Select
                    label="Lifecycle stage"
                    ref={field.ref}
                    allowDeselect={false}
                    data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: humanize(s) }))}
                    value={field.value}
                    onChange={(v) => v && field.onChange(v)}
                    readOnly={!editable('lifecycleStage')}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
            <OwnershipInputs
              control={control}
              shown={shown}
              editable={editable}
              owner={person?.owner ?? null}
              team={person?.team ?? null}
            />
          </FormSection>
        ) : null}

        {shown('consent') ? (
          <FormSection legend="Consent to contact">
            {CONSENT_CHANNELS.map((channel) => (
              <Controller
                key={channel}
                control={control}
                name={`consent.${channel}`}
                render={({ field, fieldState }) => (
                  <Switch
                    ref={field.ref}
                    label={CONSENT_LABELS[channel]}
                    description={
                      person?.consent?.[channel]?.at
                        ? `${person.consent[channel]?.granted ? 'Given' : 'Withdrawn'} ${new Date(person.consent[channel]?.at ?? '').toLocaleDateString()}${person.consent[channel]?.source ? ` via ${person.consent[channel]?.source}` : ''}`
                        : undefined
                    }
                    checked={field.value}
                    onChange={(e) => field.onChange(e.currentTarget.checked)}
                    disabled={!editable('consent')}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ))}
            {shown('topics') ? (
              <Controller
                control={control}
                name="topics"
                render={({ field, fieldState }) => (
                  <MultiSelect
                    label="Topics they want to hear about"
                    description="What you write to customers about (Settings → Workspace). Customers can change this in the portal."
                    ref={field.ref}
                    data={[...new Set([...(offeredTopics.data ?? []), ...(person?.topics ?? [])])]}
                    value={field.value}
                    onChange={field.onChange}
                    readOnly={!editable('topics')}
                    clearable
                    error={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
          </FormSection>
        ) : null}

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

        {person ? null : <DuplicateWarning control={control} />}
        <FormActions
          submitLabel={person ? 'Save changes' : 'Create person'}
          saving={saver.saving}
          onCancel={onCancel}
          footer={footer}
        />
        <Text size="xs" c="dimmed">
          Fields marked * are required.
        </Text>
      </Stack>
    </form>
  );
}
