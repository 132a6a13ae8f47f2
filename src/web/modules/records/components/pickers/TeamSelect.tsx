import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import type { Ref } from '../../../../api/types.ts';
import { useMe } from '../../../auth/hooks/useMe.ts';
import { useTeams } from '../../../settings/api/directory.ts';

type Props = Omit<SelectProps, 'data'> & { current?: Ref | null };

/** Teams; if this role may not list teams, offers your own teams and the current value. */
export function TeamSelect({ current, ...rest }: Props) {
  const me = useMe();
  const teams = useTeams();
  const data = useMemo(() => {
    const list = (teams.data ?? me.user.teams).map((t) => ({ value: t.id, label: t.name }));
    if (current && !list.some((o) => o.value === current.id)) list.push({ value: current.id, label: current.name });
    return list;
  }, [teams.data, me.user.teams, current]);
  return <Select searchable clearable {...rest} data={data} />;
}
