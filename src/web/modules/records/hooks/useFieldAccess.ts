import { useQuery } from '@tanstack/react-query';
import type { FieldMeta, ObjectName } from '../../../api/types.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { fieldsQueryOptions } from '../api/records.ts';

export type Access = 'hidden' | 'readonly' | 'editable';

/**
 * Whether the current user may see / change a field: the policy's field rules and the field list's `readOnly`.
 * A form key may stand for several field keys (`emails` ↔ `email`).
 */
export function useFieldAccess(object: ObjectName) {
  const me = useMe();
  const fields = useQuery(fieldsQueryOptions(object));
  const rules = me.policy.fields?.[object] ?? {};
  const meta = fields.data ?? [];
  const access = (...keys: string[]): Access => {
    if (keys.some((k) => rules[k] === 'hidden')) return 'hidden';
    if (keys.some((k) => rules[k] === 'readonly')) return 'readonly';
    if (keys.some((k) => meta.find((f) => f.key === k)?.readOnly)) return 'readonly';
    return 'editable';
  };
  const customFields: FieldMeta[] = meta.filter((f) => f.custom && rules[f.key] !== 'hidden');
  return { access, customFields, meta, loading: fields.isPending };
}
