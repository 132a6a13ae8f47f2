import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, isApiError } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import type { ModuleFlags } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { meQueryOptions } from '../../auth/api/auth.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { QualityScoreLine } from '../../quality/components/QualityScoreLine.tsx';
import { fetchWorkspace, workspaceQueryKey } from '../../settings/api/settings.ts';
import { metricsQueryOptions, objectivesKey, type SetupStatus, setupQueryOptions } from '../api.ts';

type Starter = SetupStatus['starters'][number];
type ApplySetup = components['schemas']['ApplySetup'];
type SetupApplied = components['schemas']['SetupApplied'];

const MODULES: { key: keyof ModuleFlags; label: string; description: string }[] = [
  { key: 'sales', label: 'Sales', description: 'Deals on a pipeline, forecasts, quotas' },
  { key: 'service', label: 'Service', description: 'Cases, queues and SLAs' },
  { key: 'portal', label: 'Customer portal', description: 'Customers raise and follow requests, read answers' },
  { key: 'marketing', label: 'Marketing', description: 'Segments and consent-aware sends' },
  { key: 'accounts', label: 'Accounts', description: 'Invoices, payments and credit control from your ERP' },
];

interface ObjectiveChoice {
  chosen: boolean;
  name: string;
  metricId: string;
  problem: string;
  /** As typed: a percentage (relative change, or an absolute ratio) or a number. */
  kind: 'relative' | 'absolute';
  typed: number;
}

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((100 * n) / of));

/**
 * `/setup`: the five questions that come before any configuration. The answers switch modules on, apply the starter
 * configuration of the kind of business, set objectives with their baselines and choose the metrics to watch; all of
 * it is editable afterwards. It ends on the dashboard of the metrics chosen.
 */
export function SetupPage() {
  useDocumentTitle('Set-up');
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useQuery(setupQueryOptions());
  const metrics = useQuery(metricsQueryOptions());
  const workspace = useQuery({ queryKey: workspaceQueryKey, queryFn: fetchWorkspace });
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<Starter['key'] | null>(null);
  const [modules, setModules] = useState<ModuleFlags>(me.workspace.modules);
  const [objectives, setObjectives] = useState<ObjectiveChoice[]>([]);
  const [endDate, setEndDate] = useState(dayjs().add(6, 'month').format('YYYY-MM-DD'));
  const [watched, setWatched] = useState<string[]>([]);
  const starter = status.data?.starters.find((s) => s.key === kind);

  // Choosing a kind of business proposes its modules, objectives and metrics (all can be changed on the next steps).
  useEffect(() => {
    if (!starter) return;
    setModules(starter.modules);
    setObjectives(
      starter.objectives.map((o) => ({
        chosen: true,
        name: o.name,
        metricId: o.metricId,
        problem: o.problem,
        kind: 'relativeChange' in o.target ? 'relative' : 'absolute',
        typed: 'relativeChange' in o.target ? Math.round(o.target.relativeChange * 100) : o.target.value * 100,
      })),
    );
    setWatched(starter.watchedMetrics);
  }, [starter]);

  const apply = useMutation({
    mutationFn: (body: ApplySetup) => api.post<SetupApplied>('/setup', body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: meQueryOptions.queryKey }),
        queryClient.invalidateQueries({ queryKey: objectivesKey }),
        queryClient.invalidateQueries({ queryKey: ['setup'] }),
        queryClient.invalidateQueries({ queryKey: workspaceQueryKey }),
      ]);
      void navigate({ to: '/dashboards', search: { department: 'watched' } });
    },
  });

  if (!can(me, 'settings', 'update'))
    return (
      <Stack>
        <PageHeader title="Set-up" />
        <Text c="dimmed">The set-up is for administrators: ask yours to run it.</Text>
      </Stack>
    );
  if (status.isError) return <ErrorAlert error={status.error} title="The set-up could not load" />;
  if (status.isPending) return <Skeleton height={400} />;
  const s = status.data;
  const metricName = (id: string) => metrics.data?.find((m) => m.id === id)?.name ?? id;
  const unitOf = (id: string) => metrics.data?.find((m) => m.id === id)?.unit;
  const submit = () => {
    if (!kind) return;
    apply.mutate({
      businessKind: kind,
      modules,
      watchedMetrics: watched,
      objectives: objectives
        .filter((o) => o.chosen)
        .map((o) => ({
          name: o.name,
          problem: o.problem || null,
          metricId: o.metricId,
          endDate,
          target:
            o.kind === 'relative'
              ? { relativeChange: o.typed / 100 }
              : { value: unitOf(o.metricId) === 'ratio' ? o.typed / 100 : o.typed },
        })),
    });
  };
  const next = (
    <Group justify="space-between" mt="lg">
      <Button variant="default" onClick={() => setStep((n) => n - 1)} disabled={step === 0}>
        Back
      </Button>
      {step < 5 ? (
        <Button onClick={() => setStep((n) => n + 1)} disabled={!kind}>
          Next
        </Button>
      ) : (
        <Button onClick={submit} loading={apply.isPending} leftSection={<IconCheck size={16} aria-hidden />}>
          Apply and open the dashboard
        </Button>
      )}
    </Group>
  );

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        title="Set-up"
        description="Five questions that come before any configuration. Your answers set Rapport up; everything stays editable in Settings."
      />
      {s.completed ? (
        <Alert color="blue" variant="light">
          The set-up was run on {dayjs(s.completedAt).format('D MMMM YYYY')}. Running it again adds what is missing and
          keeps what you have.
        </Alert>
      ) : null}
      <Stepper active={step} onStepClick={(n) => kind && setStep(n)} size="sm" orientation="horizontal" wrap>
        <Stepper.Step label="Your business" description="What kind">
          <Radio.Group
            value={kind ?? ''}
            onChange={(v) => setKind(v as Starter['key'])}
            label={<Title order={3}>What kind of business is this?</Title>}
            description="It chooses a starter configuration: a sales process, case types and response times, objectives and metrics that fit."
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
              {s.starters.map((st) => (
                <Radio.Card key={st.key} value={st.key} p="md" radius="md" withBorder>
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator />
                    <Stack gap={4}>
                      <Text fw={600}>{st.label}</Text>
                      <Text size="sm" c="dimmed">
                        {st.description}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Pipeline “{st.pipeline.name}”: {st.pipeline.stages.join(' → ')}. Case types:{' '}
                        {st.caseTypes.join(', ')}. Fields: {st.fields.map((f) => f.label).join(', ')}.
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          {next}
        </Stepper.Step>

        <Stepper.Step label="Your data" description="How good is it?">
          <Title order={3}>How good is our customer data?</Title>
          <Text size="sm" c="dimmed" mb="md">
            A CRM is only as useful as the data people trust. This is what the workspace holds today.
          </Text>
          {s.data.people === 0 ? (
            <Alert color="yellow" variant="light" title="No customers yet">
              Bring in what you have (a spreadsheet or an export from another CRM), or add people as you work. The
              figures below fill in as you do.
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
            <Figure label="People" value={s.data.people.toLocaleString()} />
            <Figure label="Companies" value={s.data.companies.toLocaleString()} />
            <Share label="People with an email address" n={s.data.peopleWithEmail} of={s.data.people} />
            <Share label="People with a phone number" n={s.data.peopleWithPhone} of={s.data.people} />
            <Share label="People with an owner" n={s.data.peopleWithOwner} of={s.data.people} />
          </SimpleGrid>
          <Group mt="md" justify="space-between">
            <QualityScoreLine />
            <AnchorLink to="/people">Open the people list</AnchorLink>
          </Group>
          {next}
        </Stepper.Step>

        <Stepper.Step label="Objectives" description="What must it achieve?">
          <Title order={3}>What precisely must the CRM achieve?</Title>
          <Text size="sm" c="dimmed" mb="md">
            Each objective is measured from your own records: its baseline is the last 90 days, its target a change from
            it or a value to reach.
          </Text>
          <Stack>
            {objectives.map((o, i) => (
              <Paper key={o.metricId + String(i)} withBorder p="md" radius="md">
                <Stack gap="xs">
                  <Checkbox
                    checked={o.chosen}
                    onChange={(e) => {
                      const chosen = e.currentTarget.checked;
                      setObjectives((all) => all.map((x, j) => (j === i ? { ...x, chosen } : x)));
                    }}
                    label={`Set “${o.name}”`}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput
                      label="Name"
                      value={o.name}
                      disabled={!o.chosen}
                      onChange={(e) => {
                        const name = e.currentTarget.value;
                        setObjectives((all) => all.map((x, j) => (j === i ? { ...x, name } : x)));
                      }}
                    />
                    <NumberInput
                      label={
                        o.kind === 'relative'
                          ? `Change in ${metricName(o.metricId)} (%)`
                          : `${metricName(o.metricId)} to reach${unitOf(o.metricId) === 'ratio' ? ' (%)' : ''}`
                      }
                      value={o.typed}
                      disabled={!o.chosen}
                      onChange={(v) => {
                        const typed = typeof v === 'number' ? v : Number(v) || 0;
                        setObjectives((all) => all.map((x, j) => (j === i ? { ...x, typed } : x)));
                      }}
                    />
                  </SimpleGrid>
                  <Text size="xs" c="dimmed">
                    {o.problem}
                  </Text>
                </Stack>
              </Paper>
            ))}
            <TextInput
              type="date"
              label="Reach the targets by"
              value={endDate}
              onChange={(e) => setEndDate(e.currentTarget.value)}
              maw={240}
            />
          </Stack>
          {next}
        </Stepper.Step>

        <Stepper.Step label="Offerings" description="What you sell, to whom">
          <Title order={3}>How do our offerings relate to our customers’ needs?</Title>
          <Text size="sm" c="dimmed" mb="md">
            Your price list and the segments you serve decide what deals are quoted from and how customers are grouped.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Figure
              label="Products on the price list"
              value={String(s.has.products)}
              hint={
                modules.sales ? (
                  <AnchorLink to="/settings/products">Edit the price list</AnchorLink>
                ) : (
                  'Switch on sales to quote from a price list.'
                )
              }
            />
            <Figure
              label="Industries (segments) companies can be given"
              value={workspace.data ? String(workspace.data.workspace.industries.length) : '…'}
              hint={<AnchorLink to="/settings/workspace">Edit the segments</AnchorLink>}
            />
          </SimpleGrid>
          {next}
        </Stepper.Step>

        <Stepper.Step label="Experience" description="Where customers meet you">
          <Title order={3}>Where should customers get a personal experience?</Title>
          <Text size="sm" c="dimmed" mb="md">
            Switch on the parts of Rapport your customers will meet; the others stay out of everyone’s way until you
            need them.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {MODULES.map((m) => (
              <Switch
                key={m.key}
                label={m.label}
                description={m.description}
                checked={modules[m.key]}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setModules((all) => ({ ...all, [m.key]: on }));
                }}
              />
            ))}
          </SimpleGrid>
          {starter ? (
            <Text size="sm" c="dimmed" mt="md">
              With sales on, the “{starter.pipeline.name}” pipeline is added; with service on, the case types{' '}
              {starter.caseTypes.join(', ')} and response times by priority. The fields{' '}
              {starter.fields.map((f) => f.label).join(', ')} are added to the records they belong to (deals with sales,
              cases with service). Anything with the same name is kept.
            </Text>
          ) : null}
          {next}
        </Stepper.Step>

        <Stepper.Step label="Metrics" description="How you will know">
          <Title order={3}>Which metrics tell us it works?</Title>
          <Text size="sm" c="dimmed" mb="md">
            They make up your dashboard. Every one is computed from your own records, and only counts what each reader
            may see.
          </Text>
          <Checkbox.Group value={watched} onChange={setWatched} label="Metrics to watch">
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {(metrics.data ?? []).map((m) => (
                <Checkbox key={m.id} value={m.id} label={m.name} description={m.definition} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {apply.isError ? (
            <ErrorAlert
              error={apply.error}
              title={isApiError(apply.error, 422) ? 'Some answers need changing' : 'The set-up could not be applied'}
            />
          ) : null}
          {next}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700}>
        {value}
      </Text>
      {hint ? (
        <Text size="sm" component="div">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function Share({ label, n, of }: { label: string; n: number; of: number }) {
  const p = pct(n, of);
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        <Text fw={600}>{of === 0 ? '—' : `${p}%`}</Text>
      </Group>
      <Progress value={p} mt="xs" aria-label={label} color={p >= 80 ? 'teal' : p >= 50 ? 'yellow' : 'red'} />
    </Paper>
  );
}
