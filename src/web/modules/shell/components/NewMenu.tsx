import { Button, Menu } from '@mantine/core';
import { IconBuildingSkyscraper, IconLayoutKanban, IconPlus, IconUser } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { can, useMe } from '../../auth/hooks/useMe.ts';

export function NewMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const person = can(me, 'people', 'create');
  const company = can(me, 'companies', 'create');
  const deal = me.workspace.modules.sales && can(me, 'deals', 'create');
  if (!person && !company && !deal) return null;
  return (
    <Menu position="bottom-end" shadow="md" width={200}>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} aria-hidden />} size="sm" aria-label="New record">
          New
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {person ? (
          <Menu.Item leftSection={<IconUser size={16} aria-hidden />} onClick={() => navigate({ to: '/people/new' })}>
            Person
          </Menu.Item>
        ) : null}
        {company ? (
          <Menu.Item
            leftSection={<IconBuildingSkyscraper size={16} aria-hidden />}
            onClick={() => navigate({ to: '/companies/new' })}
          >
            Company
          </Menu.Item>
        ) : null}
        {deal ? (
          <Menu.Item
            leftSection={<IconLayoutKanban size={16} aria-hidden />}
            onClick={() => navigate({ to: '/deals/new' })}
          >
            Deal
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
