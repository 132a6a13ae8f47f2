/**
 * Settings → Customer portal: which case types customers may raise, and the portal's logo and accent colour (checked
 * on the server: an https logo address, a colour dark enough for the white header text).
 */
import {
  Alert,
  Box,
  Button,
  ColorInput,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { caseTypesQueryOptions } from '../../service/api.ts';

type PortalSettings = components['schemas']['PortalSettings'];

/** Contrast of white text on #rrggbb (WCAG), or null for anything else: the server checks the same. */
function contrastWithWhite(hex: string): number | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return null;
  const [r, g, b] = [1, 3, 5]
    .map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}
const KEY = ['portal', 'settings'];

export function PortalSettingsPage() {
  useDocumentTitle('Customer portal', 'Settings');
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<PortalSettings>('/portal/settings', undefined, signal),
  });
  const types = useQuery(caseTypesQueryOptions());
  const [allowed, setAllowed] = useState<string[]>([]);
  const [logoUrl, setLogoUrl] = useState('');
  const [accent, setAccent] = useState('');
  useEffect(() => {
    if (!settings.data) return;
    setAllowed(settings.data.allowedCaseTypeIds ?? []);
    setLogoUrl(settings.data.logoUrl ?? '');
    setAccent(settings.data.accentColor);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      api.patch<PortalSettings>('/portal/settings', {
        allowedCaseTypeIds: allowed.length > 0 ? allowed : null,
        logoUrl: logoUrl.trim() || null,
        accentColor: accent || null,
      }),
    onSuccess: (s) => {
      queryClient.setQueryData(KEY, s);
      notifications.show({ color: 'teal', message: 'Portal settings saved.' });
    },
  });
  const fieldError = (pointer: string) =>
    isApiError(save.error)
      ? save.error.errors
          ?.filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`))
          .map((e) => e.detail)
          .join('; ') || undefined
      : undefined;
  if (settings.isPending) return <PageSkeleton />;
  if (settings.isError) return <ErrorAlert error={settings.error} title="The portal settings could not load" />;
  const typeOptions = (types.data ?? []).filter((t) => !t.archived).map((t) => ({ value: t.id, label: t.name }));
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} size="h2">
        Customer portal
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Requests customers may raise
              </Title>
              {typeOptions.length === 0 ? (
                <Text size="sm" c="dimmed">
                  There are no case types yet. Add them under Case types & SLAs; until then portal requests carry no
                  case type.
                </Text>
              ) : (
                <MultiSelect
                  label="Case types offered in the portal"
                  description="Customers choose one when raising a request. None chosen: they are not asked."
                  data={typeOptions}
                  value={allowed}
                  onChange={setAllowed}
                  searchable
                  clearable
                  error={fieldError('/allowedCaseTypeIds')}
                />
              )}
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Branding
              </Title>
              <TextInput
                label="Logo address"
                description="An https address of an image, shown in the portal's header"
                placeholder="https://example.com/logo.png"
                value={logoUrl}
                onChange={(e) => setLogoUrl(e.currentTarget.value)}
                error={fieldError('/logoUrl')}
              />
              <ColorInput
                label="Accent colour"
                description="The header's colour: dark enough for white text on it (4.5:1)"
                format="hex"
                withPicker={false}
                withEyeDropper={false}
                value={accent}
                onChange={setAccent}
                error={fieldError('/accentColor')}
              />
              <Box>
                <Text size="sm" fw={600} mb={4}>
                  Preview
                </Text>
                {(contrastWithWhite(accent) ?? 0) >= 4.5 ? (
                  <Group bg={accent} p="sm" gap="xs">
                    {logoUrl.startsWith('https://') ? <img src={logoUrl} alt="" height={24} /> : null}
                    <Text fw={700} c="white">
                      Your portal
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm">
                    {contrastWithWhite(accent) === null
                      ? 'Enter a colour as #rrggbb to see the header.'
                      : `White text on this colour is hard to read (${contrastWithWhite(accent)!.toFixed(2)}:1): choose a darker one.`}
                  </Text>
                )}
              </Box>
            </Stack>
          </Paper>
          {save.error && !isApiError(save.error, 422) ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
