import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../auth/hooks/useMe.ts';
import { companyQueryOptions } from '../../companies/api/companies.ts';
import { fetchPipelines, pipelinesKey } from '../../sales/api/pipelines.ts';
import { useTeams, useUsers } from '../../settings/api/directory.ts';
import { REFERENCE_KINDS } from '../fieldValues.ts';

/** The name behind a reference id in a filter chip (owner, team, company, a deal's pipeline or stage). */
export function useReferenceLabel(fieldKey: string, id: string): string {
  const me = useMe();
  const kind = REFERENCE_KINDS[fieldKey];
  const single = id && !id.includes('|') ? id : '';
  const users = useUsers(kind === 'user');
  const teams = useTeams(kind === 'team');
  const company = useQuery({ ...companyQueryOptions(single), enabled: kind === 'company' && Boolean(single) });
  const pipelines = useQuery({
    queryKey: pipelinesKey,
    queryFn: fetchPipelines,
    enabled: kind === 'stage' || kind === 'pipeline',
  });
  const ids = id.split('|').filter(Boolean);
  const name = (value: string): string => {
    if (kind === 'user') {
      if (value === me.user.id) return 'me';
      return users.data?.find((u) => u.id === value)?.name ?? value;
    }
    if (kind === 'team') {
      return (teams.data ?? me.user.teams).find((t) => t.id === value)?.name ?? value;
    }
    if (kind === 'company') return company.data?.record.name ?? (ids.length > 1 ? `${ids.length} companies` : '…');
    return value;
  };
  if (kind === 'company' && ids.length > 1) return `${ids.length} companies`;
  if (kind === 'pipeline' || kind === 'stage') {
    const names = new Map<string, string>();
    for (const p of pipelines.data ?? []) {
      names.set(p.id, p.name);
      for (const st of p.stages) names.set(st.id, st.name);
    }
    // Stages of several pipelines often share names ("Won"): each name once.
    return [...new Set(ids.map((v) => names.get(v) ?? v))].join(', ');
  }
  return ids.map(name).join(', ');
}
