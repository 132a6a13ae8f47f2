import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './ContextCard.module.css';

/** The header of a record page: who or what this is, and the facts you need before you talk to them. */
export function ContextCard({
  avatar,
  title,
  badges,
  subtitle,
  facts,
  extra,
  actions,
  toolbar,
}: {
  avatar: ReactNode;
  title: string;
  badges?: ReactNode;
  subtitle?: ReactNode;
  facts?: { label: string; value: ReactNode }[];
  extra?: ReactNode;
  actions?: ReactNode;
  /** Quick actions under the facts (log call, note, task, promise…). */
  toolbar?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" mb="md">
      <div className={classes.layout}>
        <Group gap="md" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: 1 }}>
          {avatar}
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap" align="center">
              <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
                {title}
              </Title>
              {badges}
            </Group>
            {subtitle ? (
              <Text size="sm" c="dimmed">
                {subtitle}
              </Text>
            ) : null}
            {facts?.length ? (
              <Group gap="lg" wrap="wrap" component="dl" m={0}>
                {facts.map((fact) => (
                  <div key={fact.label} className={classes.fact}>
                    <Text component="dt" size="xs" c="dimmed">
                      {fact.label}
                    </Text>
                    <Text component="dd" size="sm" m={0}>
                      {fact.value}
                    </Text>
                  </div>
                ))}
              </Group>
            ) : null}
            {extra}
          </Stack>
        </Group>
        {actions ? (
          <Group gap="xs" wrap="nowrap" className={classes.actions}>
            {actions}
          </Group>
        ) : null}
      </div>
      {toolbar ? (
        <Group gap="xs" wrap="wrap" mt="sm" className={classes.toolbar}>
          {toolbar}
        </Group>
      ) : null}
    </Paper>
  );
}
