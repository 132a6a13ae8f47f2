import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import type { Ref } from '../../../../api/types.ts';
import { useMe } from '../../../auth/hooks/useMe.ts';
import { useUsers } from '../../../settings/api/directory.ts';

type Props = Omit<SelectProps, 'data'> & { current?: Ref | null };

/** Active users; if this role may not list users, offers yourself and the current value. */
export function UserSelect({ current, ...rest }: Props) {
  const me = useMe();
  const users = useUsers();
  const data = useMemo(() => {
    const list = users.data
      ? users.data.filter((u) => u.active || u.id === rest.value).map((u) => ({ value: u.id, label: u.name }))
      : [{ value: me.user.id, label: me.user.name }];
    if (current && !list.some((o) => o.value === current.id)) list.push({ value: current.id, label: current.name });
    return list.map((o) => (o.value === me.user.id ? { ...o, label: `${o.label} (me)` } : o));
  }, [users.data, me.user, current, rest.value]);
  return <Select searchable clearable {...rest} data={data} />;
}
