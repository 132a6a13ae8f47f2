import { Box, Grid, NavLink, ScrollArea, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Suspense } from 'react';
import { NavLinkLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { NotFound } from '../../shell/components/NotFound.tsx';
import { visibleSections } from '../sections.ts';

export function SettingsLayout() {
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const isPhone = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });
  const sections = visibleSections(me);
  const current = sections.find((s) => pathname.startsWith(s.to));
  const found = sections.length > 0 && (pathname === '/settings' || current !== undefined);
  // The sections' pages are titled here: this effect runs after theirs.
  useDocumentTitle(...(found ? [current?.label, 'Settings'] : ['Page not found']));
  if (!found) return <NotFound />;

  return (
    <>
      <PageHeader title="Settings" description={current?.description} />
      {isPhone ? (
        <ScrollArea type="never" mb="md">
          <Box component="nav" aria-label="Settings sections" style={{ display: 'flex', gap: 4 }}>
            {sections.map((s) => (
              <NavLink
                key={s.to}
                component="button"
                label={s.label}
                active={current?.to === s.to}
                aria-current={current?.to === s.to ? 'page' : undefined}
                onClick={() => void navigate({ to: s.to })}
                styles={{ root: { width: 'auto', whiteSpace: 'nowrap', borderRadius: 8 } }}
              />
            ))}
          </Box>
        </ScrollArea>
      ) : null}
      <Grid gap="lg">
        {!isPhone ? (
          <Grid.Col span={{ md: 3, xl: 2 }}>
            <Stack gap={2} component="nav" aria-label="Settings sections">
              {sections.map((s) => (
                <NavLinkLink
                  key={s.to}
                  to={s.to}
                  label={s.label}
                  active={current?.to === s.to}
                  aria-current={current?.to === s.to ? 'page' : undefined}
                  styles={{ root: { borderRadius: 8 } }}
                />
              ))}
            </Stack>
          </Grid.Col>
        ) : null}
        <Grid.Col span={{ base: 12, md: 9, xl: 10 }} miw={0}>
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </Grid.Col>
      </Grid>
    </>
  );
}
