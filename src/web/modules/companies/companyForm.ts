import type { Company, CompanySize, FieldMeta } from '../../api/types.ts';
import { currencyDigits } from '../../ui/format.ts';
import { addressToBody, addressToForm } from '../records/components/form/AddressFields.tsx';
import { customToBody, customToForm } from '../records/components/form/CustomFieldInput.tsx';
import { blankToNull, withoutEmpty } from '../records/form.ts';

export interface CompanyFormValues {
  name: string;
  domain: string;
  industry: string;
  size: CompanySize | null;
  address: { line1: string; line2: string; city: string; region: string; postalCode: string; country: string };
  ownerId: string | null;
  teamId: string | null;
  tags: string[];
  parentId: string | null;
  creditLimit: { amount: number | ''; currency: string };
  customFields: Record<string, unknown>;
}

export function companyToForm(
  company: Company | undefined,
  customFields: FieldMeta[],
  defaults: { ownerId: string | null; currency: string },
): CompanyFormValues {
  const custom: Record<string, unknown> = {};
  for (const field of customFields) {
    const key = field.key.replace(/^cf\./, '');
    custom[key] = customToForm(field, company?.customFields?.[key]);
  }
  const limit = company?.creditLimit;
  return {
    name: company?.name ?? '',
    domain: company?.domain ?? '',
    industry: company?.industry ?? '',
    size: company?.size ?? null,
    address: addressToForm(company?.address),
    ownerId: company ? (company.ownerId ?? null) : defaults.ownerId,
    teamId: company?.teamId ?? null,
    tags: company?.tags ?? [],
    parentId: company?.parentId ?? null,
    creditLimit: limit
      ? { amount: limit.amountMinor / 10 ** currencyDigits(limit.currency), currency: limit.currency }
      : { amount: '', currency: defaults.currency },
    customFields: custom,
  };
}

export function companyToBody(
  values: CompanyFormValues,
  keys: (keyof CompanyFormValues)[] | 'all',
  isEditable: (key: keyof CompanyFormValues) => boolean = () => true,
): Record<string, unknown> {
  const all: Record<keyof CompanyFormValues, () => unknown> = {
    name: () => values.name.trim(),
    domain: () =>
      blankToNull(
        values.domain
          .trim()
          .replace(/^https?:\/\//i, '')
          .replace(/\/.*$/, ''),
      ),
    industry: () => blankToNull(values.industry),
    size: () => values.size,
    address: () => addressToBody(values.address),
    ownerId: () => values.ownerId,
    teamId: () => values.teamId,
    tags: () => values.tags,
    parentId: () => values.parentId,
    creditLimit: () =>
      values.creditLimit.amount === ''
        ? null
        : {
            amountMinor: Math.round(values.creditLimit.amount * 10 ** currencyDigits(values.creditLimit.currency)),
            currency: values.creditLimit.currency.toUpperCase(),
          },
    customFields: () => Object.fromEntries(Object.entries(values.customFields).map(([k, v]) => [k, customToBody(v)])),
  };
  const chosen = keys === 'all' ? (Object.keys(all) as (keyof CompanyFormValues)[]) : keys;
  const body: Record<string, unknown> = {};
  for (const key of chosen) {
    if (!isEditable(key)) continue;
    const value = all[key]();
    if (key === 'customFields' && Object.keys(value as object).length === 0) continue;
    body[key] = value;
  }
  return keys === 'all' ? withoutEmpty(body) : body;
}
