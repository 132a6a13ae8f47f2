import { useSuspenseQuery } from '@tanstack/react-query';
import type { Action, FieldRule, Me, ObjectName } from '../../../api/types.ts';
import { meQueryOptions } from '../api/auth.ts';

/** The signed-in user, policy and workspace. Only used below the authenticated layout, which loads it first. */
export function useMe(): Me {
  return useSuspenseQuery(meQueryOptions).data;
}

export function can(me: Me, object: string, action: Action | string): boolean {
  return me.policy.objects[object]?.includes(action) ?? false;
}

export function fieldRule(me: Me, object: ObjectName, field: string): FieldRule | undefined {
  return me.policy.fields?.[object]?.[field];
}

/** Settings are for everyone: API tokens are personal; the other sections show by permission (see sections.ts). */
export function canSeeSettings(_me: Me): boolean {
  return true;
}

export function useCan(object: string, action: Action | string): boolean {
  return can(useMe(), object, action);
}
