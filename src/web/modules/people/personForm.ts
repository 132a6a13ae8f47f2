import {
  CONSENT_CHANNELS,
  type ConsentChannel,
  type FieldMeta,
  type LifecycleStage,
  type Person,
} from '../../api/types.ts';
import { formatPhone } from '../../ui/phone.ts';
import { addressToBody, addressToForm } from '../records/components/form/AddressFields.tsx';
import { customToBody, customToForm } from '../records/components/form/CustomFieldInput.tsx';
import { blankToNull, withoutEmpty } from '../records/form.ts';

export interface PersonFormValues {
  firstName: string;
  lastName: string;
  jobTitle: string;
  companyId: string | null;
  emails: { email: string; label: string }[];
  phones: { number: string; label: string }[];
  address: { line1: string; line2: string; city: string; region: string; postalCode: string; country: string };
  ownerId: string | null;
  teamId: string | null;
  tags: string[];
  lifecycleStage: LifecycleStage;
  preferredChannel: string | null;
  preferredLanguage: string | null;
  consent: Record<ConsentChannel, boolean>;
  topics: string[];
  customFields: Record<string, unknown>;
}

export function personToForm(
  person: Person | undefined,
  customFields: FieldMeta[],
  defaults: { ownerId: string | null },
): PersonFormValues {
  const custom: Record<string, unknown> = {};
  for (const field of customFields) {
    const key = field.key.replace(/^cf\./, '');
    custom[key] = customToForm(field, person?.customFields?.[key]);
  }
  return {
    firstName: person?.firstName ?? '',
    lastName: person?.lastName ?? '',
    jobTitle: person?.jobTitle ?? '',
    companyId: person?.companyId ?? null,
    emails: person ? (person.emails ?? []).map((e) => ({ ...e })) : [{ email: '', label: 'work' }],
    phones: person
      ? (person.phones ?? []).map((p) => ({ number: formatPhone(p.number), label: p.label }))
      : [{ number: '', label: 'mobile' }],
    address: addressToForm(person?.address),
    ownerId: person ? (person.ownerId ?? null) : defaults.ownerId,
    teamId: person?.teamId ?? null,
    tags: person?.tags ?? [],
    lifecycleStage: person?.lifecycleStage ?? 'lead',
    preferredChannel: person?.preferredChannel ?? null,
    preferredLanguage: person?.preferredLanguage ?? null,
    consent: Object.fromEntries(CONSENT_CHANNELS.map((c) => [c, Boolean(person?.consent?.[c]?.granted)])) as Record<
      ConsentChannel,
      boolean
    >,
    topics: person?.topics ?? [],
    customFields: custom,
  };
}

/**
 * The request body: every key for a create, only the changed keys for an update. Read-only keys are never sent.
 * Consent sends only the channels that changed, so the server keeps when and how the others were given.
 */
export function personToBody(
  values: PersonFormValues,
  keys: (keyof PersonFormValues)[] | 'all',
  original?: Person,
  isEditable: (key: keyof PersonFormValues) => boolean = () => true,
): Record<string, unknown> {
  const all: Record<keyof PersonFormValues, () => unknown> = {
    firstName: () => values.firstName.trim(),
    lastName: () => values.lastName.trim(),
    jobTitle: () => blankToNull(values.jobTitle),
    companyId: () => values.companyId,
    emails: () =>
      values.emails.filter((e) => e.email.trim()).map((e) => ({ email: e.email.trim(), label: e.label || 'work' })),
    phones: () =>
      values.phones
        .filter((p) => p.number.trim())
        .map((p) => ({ number: p.number.trim(), label: p.label || 'mobile' })),
    address: () => addressToBody(values.address),
    ownerId: () => values.ownerId,
    teamId: () => values.teamId,
    tags: () => values.tags,
    lifecycleStage: () => values.lifecycleStage,
    preferredChannel: () => values.preferredChannel,
    preferredLanguage: () => values.preferredLanguage,
    consent: () => {
      const out: Record<string, { granted: boolean; source: string }> = {};
      for (const channel of CONSENT_CHANNELS) {
        const before = Boolean(original?.consent?.[channel]?.granted);
        if (!original ? values.consent[channel] : values.consent[channel] !== before) {
          out[channel] = { granted: values.consent[channel], source: 'manual' };
        }
      }
      return out;
    },
    topics: () => values.topics,
    customFields: () => Object.fromEntries(Object.entries(values.customFields).map(([k, v]) => [k, customToBody(v)])),
  };
  const chosen = keys === 'all' ? (Object.keys(all) as (keyof PersonFormValues)[]) : keys;
  const body: Record<string, unknown> = {};
  for (const key of chosen) {
    if (!isEditable(key)) continue;
    const value = all[key]();
    if (key === 'consent' && Object.keys(value as object).length === 0) continue;
    if (key === 'customFields' && Object.keys(value as object).length === 0) continue;
    body[key] = value;
  }
  return keys === 'all' ? withoutEmpty(body) : body;
}
