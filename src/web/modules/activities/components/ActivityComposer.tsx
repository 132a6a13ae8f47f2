import {
  Autocomplete,
  Button,
  Group,
  Kbd,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencilPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { applyServerErrors } from '../../../api/forms.ts';
import { DEPARTMENTS } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { humanize } from '../../../ui/format.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { localToIso, toLocalInput } from '../../tasks/components/TaskModal.tsx';
import { createActivity, refreshTouchpoints } from '../api/activities.ts';
import { textToHtml } from '../html.ts';

export const COMPOSER_MODES = ['call', 'note', 'email', 'meeting'] as const;
export type ComposerMode = (typeof COMPOSER_MODES)[number];

const MODE_LABELS: Record<ComposerMode, string> = { call: 'Call', note: 'Note', email: 'Email', meeting: 'Meeting' };
const OUTCOMES = ['connected', 'no answer', 'voicemail', 'busy', 'wrong number', 'call back later'];

interface Values {
  subject: string;
  body: string;
  direction: 'in' | 'out';
  outcome: string;
  minutes: number | string;
  department: string;
  /** When it happened, as a local `datetime-local` value; untouched means "now" at the moment it is logged. */
  when: string;
}

/** A `datetime-local` value must be a real time, not in the future (a touchpoint that has not happened yet). */
export function validateWhen(value: string): true | string {
  const iso = localToIso(value);
  if (!iso) return 'Enter a date and time';
  if (Date.parse(iso) > Date.now() + 5 * 60_000) return 'It cannot be in the future';
  return true;
}

/** The department a touchpoint belongs to: the author's role when it is one, else sales (as the server does). */
export function defaultDepartment(roleKey: string): string {
  return (DEPARTMENTS as readonly string[]).includes(roleKey) ? roleKey : 'sales';
}

/**
 * Log a call, note, email or meeting on a person or company; it lands at the top of the timeline. Folded into one line
 * until used (a click, the `c`/`l` keys or a quick action opens it), so the timeline starts above the fold; after a
 * log it folds again and focus returns to it. Ctrl+Enter logs from any field, Escape folds it while nothing is typed.
 */
export function ActivityComposer({
  mode,
  onModeChange,
  personId,
  companyId,
  focusToken,
  onLogged,
}: {
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  personId?: string | null;
  companyId?: string | null;
  /** Changes whenever the composer should take focus (a quick action, a screen pop). */
  focusToken?: number;
  onLogged?: () => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const subjectRef = useRef<HTMLInputElement | null>(null);
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState(Boolean(focusToken));
  const focusOpener = useRef(false);
  const defaults: Values = {
    subject: '',
    body: '',
    direction: 'out',
    outcome: '',
    minutes: '',
    department: defaultDepartment(me.user.role.key),
    when: toLocalInput(dayjs()),
  };
  const form = useForm<Values>({ defaultValues: defaults });
  const { register, control, handleSubmit, reset, setError, formState } = form;

  useEffect(() => {
    if (focusToken) setOpen(true);
  }, [focusToken]);
  // Opening (or asking again while open) puts the cursor in the subject; folding after a log puts it on the opener.
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusToken is the request to focus again
  useEffect(() => {
    if (open) {
      subjectRef.current?.focus();
      subjectRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } else if (focusOpener.current) {
      focusOpener.current = false;
      openerRef.current?.focus();
    }
  }, [open, focusToken]);
  const fold = () => {
    focusOpener.current = true;
    setOpen(false);
  };

  const mutation = useMutation({
    mutationFn: (values: Values) => {
      const minutes = typeof values.minutes === 'number' ? values.minutes : Number.parseFloat(values.minutes);
      return createActivity({
        type: mode,
        subject: values.subject.trim(),
        body: values.body.trim() ? textToHtml(values.body) : null,
        department: values.department,
        // Back-dated when the user changed the time; else the server stamps it now.
        ...(formState.dirtyFields.when ? { occurredAt: localToIso(values.when) ?? undefined } : {}),
        ...(mode === 'note' ? { direction: null } : { direction: values.direction }),
        ...(mode === 'call'
          ? {
              outcome: values.outcome.trim() || null,
              durationSeconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : null,
            }
          : {}),
        ...(personId ? { personId } : {}),
        ...(companyId ? { companyId } : {}),
      });
    },
    onSuccess: async (activity) => {
      reset({ ...defaults, when: toLocalInput(dayjs()) });
      fold();
      notifications.show({ color: 'teal', message: `${MODE_LABELS[mode]} logged: ${activity.subject}` });
      onLogged?.();
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => {
      applyServerErrors(error, setError, (path) => ['subject', 'body', 'outcome', 'department'].includes(path));
    },
  });

  const subject = register('subject', {
    required: 'Say what it was about',
    maxLength: { value: 200, message: 'At most 200 characters' },
  });

  if (!open) {
    return (
      <Paper withBorder radius="md" p={0} component="section" aria-label="Log a touchpoint">
        <UnstyledButton
          ref={openerRef}
          onClick={() => setOpen(true)}
          w="100%"
          px="sm"
          py={10}
          style={{ display: 'flex', alignItems: 'center', gap: 8, borderRadius: 'var(--mantine-radius-md)' }}
        >
          <IconPencilPlus size={18} aria-hidden color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed" style={{ flex: 1 }}>
            Log a call, note, email or meeting
          </Text>
          <Kbd size="xs" visibleFrom="sm" aria-hidden>
            L
          </Kbd>
        </UnstyledButton>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label="Log a touchpoint">
      <form
        onSubmit={handleSubmit((values) => mutation.mutate(values))}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !formState.isDirty && !e.defaultPrevented) {
            e.stopPropagation();
            fold();
          }
        }}
        noValidate
      >
        <Stack gap="xs">
          <SegmentedControl
            fullWidth
            size="sm"
            value={mode}
            onChange={(value) => onModeChange(value as ComposerMode)}
            data={COMPOSER_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
            aria-label="What to log"
          />
          <TextInput
            label="Subject"
            placeholder={
              mode === 'call' ? 'What the call was about' : mode === 'note' ? 'A short title' : 'What it was about'
            }
            required
            {...subject}
            ref={(el) => {
              subject.ref(el);
              subjectRef.current = el;
            }}
            error={formState.errors.subject?.message}
          />
          <Textarea
            label={mode === 'note' ? 'Note' : 'Notes'}
            placeholder="What was said, agreed, next steps"
            autosize
            minRows={2}
            maxRows={10}
            {...register('body')}
            error={formState.errors.body?.message}
          />
          <Group gap="sm" grow wrap="wrap" align="flex-start">
            <TextInput
              type="datetime-local"
              label="When"
              max={toLocalInput(dayjs().add(5, 'minute'))}
              {...register('when', { validate: validateWhen })}
              error={formState.errors.when?.message}
            />
            {mode !== 'note' ? (
              <Controller
                control={control}
                name="direction"
                render={({ field }) => (
                  <Select
                    label="Direction"
                    data={[
                      { value: 'out', label: 'Outbound (we reached out)' },
                      { value: 'in', label: 'Inbound (they reached us)' },
                    ]}
                    allowDeselect={false}
                    value={field.value}
                    onChange={(v) => field.onChange(v ?? 'out')}
                  />
                )}
              />
            ) : null}
            <Controller
              control={control}
              name="department"
              render={({ field }) => (
                <Select
                  label="Department"
                  data={DEPARTMENTS.map((d) => ({ value: d, label: humanize(d) }))}
                  allowDeselect={false}
                  value={field.value}
                  onChange={(v) => field.onChange(v ?? 'sales')}
                />
              )}
            />
          </Group>
          {mode === 'call' ? (
            <Group gap="sm" grow wrap="wrap" align="flex-start">
              <Controller
                control={control}
                name="outcome"
                render={({ field }) => (
                  <Autocomplete
                    label="Outcome"
                    placeholder="connected, voicemail…"
                    data={OUTCOMES}
                    value={field.value}
                    onChange={field.onChange}
                    error={formState.errors.outcome?.message}
                  />
                )}
              />
              <Controller
                control={control}
                name="minutes"
                render={({ field }) => (
                  <NumberInput
                    label="Duration (minutes)"
                    min={0}
                    max={600}
                    decimalScale={1}
                    value={field.value}
                    onChange={field.onChange}
                  />
                )}
              />
            </Group>
          ) : null}
          {mutation.isError && !formState.errors.subject ? (
            <ErrorAlert error={mutation.error} title={`The ${mode} was not logged`} />
          ) : null}
          <Group justify="flex-end" gap="xs">
            {formState.isDirty ? (
              <Button variant="subtle" color="gray" onClick={() => reset({ ...defaults, when: toLocalInput(dayjs()) })}>
                Clear
              </Button>
            ) : (
              <Button variant="subtle" color="gray" onClick={fold}>
                Close
              </Button>
            )}
            <Button type="submit" loading={mutation.isPending}>
              Log {MODE_LABELS[mode].toLowerCase()}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
