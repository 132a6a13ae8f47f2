import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { etagFor } from '../../../api/client.ts';
import type { ModuleFlags, Workspace } from '../../../api/types.ts';
import { CountrySelect } from '../../../ui/CountrySelect.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { meQueryKey } from '../../auth/api/auth.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { SaveErrorAlert, StaleAlert } from '../../records/components/form/FormAlerts.tsx';
import { FormSection } from '../../records/components/form/FormSection.tsx';
import { useSaveRecord } from '../../records/hooks/useSaveRecord.ts';
import { fetchWorkspace, updateWorkspace, workspaceQueryKey } from '../api/settings.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const MODULES: { key: keyof ModuleFlags; label: string; description: string }[] = [
  { key: 'sales', label: 'Sales', description: 'Deals and pipelines' },
  { key: 'marketing', label: 'Marketing', description: 'Campaigns, segments and consent-aware sends' },
  { key: 'service', label: 'Service', description: 'Cases, SLAs and the knowledge base' },
  { key: 'portal', label: 'Customer portal', description: 'Customers sign in to see their cases and documents' },
  { key: 'accounts', label: 'Accounts', description: 'Invoices, payments and credit limits' },
];

interface WorkspaceValues {
  name: string;
  defaultCountry: string;
  defaultCurrency: string;
  timezone: string;
  businessHours: { days: string[]; start: string; end: string };
  modules: ModuleFlags;
  industries: string[];
  communicationTopics: string[];
}

function toValues(w: Workspace): WorkspaceValues {
  return {
    name: w.name,
    defaultCountry: w.defaultCountry,
    defaultCurrency: w.defaultCurrency,
    timezone: w.timezone,
    businessHours: {
      days: (w.businessHours?.days ?? [1, 2, 3, 4, 5]).map(String),
      start: w.businessHours?.start ?? '09:00',
      end: w.businessHours?.end ?? '17:30',
    },
    modules: {
      sales: Boolean(w.modules.sales),
      marketing: Boolean(w.modules.marketing),
      service: Boolean(w.modules.service),
      portal: Boolean(w.modules.portal),
      accounts: Boolean(w.modules.accounts),
    },
    industries: w.industries ?? [],
    communicationTopics: w.communicationTopics ?? [],
  };
}

function toBody(values: WorkspaceValues, changed: (keyof WorkspaceValues)[]): Partial<Workspace> {
  const body: Partial<Workspace> = {};
  for (const key of changed) {
    if (key === 'businessHours') {
      body.businessHours = {
        days: values.businessHours.days.map(Number).sort((a, b) => a - b),
        start: values.businessHours.start,
        end: values.businessHours.end,
      };
    } else if (key === 'modules') {
      body.modules = values.modules;
    } else if (key === 'industries') {
      body.industries = values.industries;
    } else if (key === 'communicationTopics') {
      body.communicationTopics = values.communicationTopics;
    } else if (key === 'defaultCountry' || key === 'defaultCurrency') {
      body[key] = values[key].trim().toUpperCase();
    } else {
      body[key] = values[key].trim();
    }
  }
  return body;
}

/** The settings' labels, for the error summary. */
const WORKSPACE_LABELS = [
  { key: 'name', label: 'Workspace name' },
  { key: 'defaultCountry', label: 'Default country' },
  { key: 'defaultCurrency', label: 'Default currency' },
  { key: 'timezone', label: 'Time zone' },
  { key: 'businessHours', label: 'Business hours' },
  { key: 'cadenceDefaults', label: 'Contact cadence' },
  { key: 'industries', label: 'Industries' },
  { key: 'communicationTopics', label: 'Communication topics' },
];

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) || !current ? zones : [current, ...zones];
}

function WorkspaceForm({ workspace, etag }: { workspace: Workspace; etag: string | null }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const editable = can(me, 'settings', 'update');
  const defaults = useMemo(() => toValues(workspace), [workspace]);
  const form = useForm<WorkspaceValues>({ defaultValues: defaults });
  const {
    register,
    control,
    formState: { errors, isDirty },
  } = form;
  const { dialog } = useConfirmLeave(isDirty);
  const zones = useMemo(() => timeZones(workspace.timezone), [workspace.timezone]);

  const saver = useSaveRecord<WorkspaceValues, Workspace>({
    form,
    initialEtag: etagFor(etag, workspace.version),
    save: async (values, changed, ifMatch) => {
      const saved = await updateWorkspace(toBody(values, changed), ifMatch);
      return { record: saved.workspace, etag: saved.etag };
    },
    reload: async () => {
      const fresh = await queryClient.fetchQuery({
        queryKey: workspaceQueryKey,
        queryFn: fetchWorkspace,
        staleTime: 0,
      });
      return { values: toValues(fresh.workspace), etag: etagFor(fresh.etag, fresh.workspace.version) };
    },
    onSaved: async (saved) => {
      queryClient.setQueryData(workspaceQueryKey, { workspace: saved.record, etag: saved.etag });
      saver.setEtag(etagFor(saved.etag, saved.record.version));
      form.reset(toValues(saved.record));
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      notifications.show({ color: 'teal', message: 'Workspace settings saved.' });
    },
  });

  return (
    <form onSubmit={saver.onSubmit} noValidate>
      {dialog}
      <Stack gap="lg">
        {saver.stale ? <StaleAlert onReapply={saver.reapply} loading={saver.reapplying} /> : null}
        {saver.error && !saver.stale ? (
          <SaveErrorAlert
            error={saver.error}
            problems={saver.problems}
            fields={WORKSPACE_LABELS}
            onPick={saver.pick}
            focus={saver.focusSummary}
          />
        ) : null}
        <Paper withBorder radius="md" p="lg">
          <Stack gap="lg">
            <FormSection legend="Workspace">
              <TextInput
                label="Workspace name"
                required
                readOnly={!editable}
                error={errors.name?.message}
                {...register('name', { validate: (v) => v.trim() !== '' || 'Enter a name' })}
              />
              <Controller
                control={control}
                name="timezone"
                render={({ field, fieldState }) => (
                  <Select
                    label="Time zone"
                    searchable
                    ref={field.ref}
                    data={zones}
                    value={field.value}
                    onChange={(v) => v && field.onChange(v)}
                    allowDeselect={false}
                    readOnly={!editable}
                    error={fieldState.error?.message}
                    limit={50}
                  />
                )}
              />
              <Controller
                control={control}
                name="defaultCountry"
                rules={{ validate: (v) => v.trim() !== '' || 'Choose a country' }}
                render={({ field, fieldState }) => (
                  <CountrySelect
                    label="Default country"
                    description="Phone numbers without a country code are read in it, unless the record's address has a country."
                    ref={field.ref}
                    name={field.name}
                    value={field.value || null}
                    onChange={(v) => field.onChange(v ?? '')}
                    onBlur={field.onBlur}
                    clearable={false}
                    readOnly={!editable}
                    error={fieldState.error?.message}
                  />
                )}
              />
              <TextInput
                label="Default currency"
                description="Three-letter code (EUR, GBP, USD)."
                maxLength={3}
                readOnly={!editable}
                error={errors.defaultCurrency?.message}
                {...register('defaultCurrency', {
                  validate: (v) => /^[A-Za-z]{3}$/.test(v.trim()) || 'Three letters, e.g. EUR',
                })}
              />
            </FormSection>

            <Controller
              control={control}
              name="industries"
              render={({ field, fieldState }) => (
                <TagsInput
                  label="Industries"
                  description="What a company's industry can be chosen from. Type a name and press Enter to add it; remove all to go back to the built-in list."
                  ref={field.ref}
                  value={field.value}
                  onChange={field.onChange}
                  readOnly={!editable}
                  clearable
                  error={fieldState.error?.message}
                />
              )}
            />

            <Controller
              control={control}
              name="communicationTopics"
              render={({ field, fieldState }) => (
                <TagsInput
                  label="Communication topics"
                  description="What you write to customers about. Each person, or the customer in the portal, chooses which they want to hear about. Type a topic and press Enter to add it."
                  ref={field.ref}
                  value={field.value}
                  onChange={field.onChange}
                  readOnly={!editable}
                  clearable
                  error={fieldState.error?.message}
                />
              )}
            />

            <Stack gap="xs">
              <Text fw={600}>Business hours</Text>
              <Text size="sm" c="dimmed">
                Used for response targets and for when reminders go out.
              </Text>
              <Controller
                control={control}
                name="businessHours.days"
                render={({ field }) => (
                  <Checkbox.Group
                    label="Open on"
                    value={field.value}
                    onChange={field.onChange}
                    error={errors.businessHours?.days?.message}
                  >
                    <Group gap="md" mt={6}>
                      {DAYS.map((day, i) => (
                        <Checkbox key={day} value={String(i + 1)} label={day} disabled={!editable} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                )}
              />
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
                <TextInput
                  type="time"
                  label="Opens"
                  readOnly={!editable}
                  error={errors.businessHours?.start?.message}
                  {...register('businessHours.start')}
                />
                <TextInput
                  type="time"
                  label="Closes"
                  readOnly={!editable}
                  error={errors.businessHours?.end?.message}
                  {...register('businessHours.end', {
                    validate: (end, values) => end > values.businessHours.start || 'Closing must be after opening',
                  })}
                />
              </SimpleGrid>
            </Stack>

            <Stack gap="xs">
              <Text fw={600}>Modules</Text>
              <Text size="sm" c="dimmed">
                Switched-off modules are hidden from everyone; their data is kept. The{' '}
                <AnchorLink to="/setup">five-question set-up</AnchorLink> chooses them with you, with a starter
                configuration for your kind of business.
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {MODULES.map((m) => (
                  <Controller
                    key={m.key}
                    control={control}
                    name={`modules.${m.key}`}
                    render={({ field }) => (
                      <Switch
                        ref={field.ref}
                        label={m.label}
                        description={m.description}
                        checked={field.value}
                        onChange={(e) => field.onChange(e.currentTarget.checked)}
                        disabled={!editable}
                      />
                    )}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          </Stack>
        </Paper>
        {editable ? (
          <Group justify="flex-end">
            <Button variant="default" disabled={!isDirty} onClick={() => form.reset(defaults)}>
              Discard changes
            </Button>
            <Button type="submit" loading={saver.saving} disabled={!isDirty}>
              Save settings
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

export function WorkspacePage() {
  const query = useQuery({ queryKey: workspaceQueryKey, queryFn: fetchWorkspace });
  if (query.isPending) return <PageSkeleton />;
  if (query.isError)
    return <ErrorAlert error={query.error} title="Workspace settings could not load" onRetry={() => query.refetch()} />;
  return <WorkspaceForm workspace={query.data.workspace} etag={query.data.etag} />;
}
