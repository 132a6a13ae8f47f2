/**
 * The pure validation and normalisation of a person input: no database and no HTTP, so an importer reuses it. Owner,
 * team and custom fields are the record kernel's; links to other records are checked by the service.
 */
import { normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import { isCountryCode } from '../../../shared/countries.ts';
import type { FieldError } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { Normalised } from '../../platform/records/kernel.ts';
import type { PersonRow } from './people.repository.ts';
import { CONSENT_CHANNELS, type ConsentMap, type UpdatePerson } from './people.schemas.ts';

/**
 * The country a person's phone numbers written without a country code are read in: their address's country (as this
 * write leaves it), else the workspace's default.
 */
export function recordCountry(
  input: { address?: { country?: string | null } | null },
  existing: { country: string | null } | undefined,
  workspaceDefault: string,
): string {
  const country = input.address !== undefined ? input.address?.country : existing?.country;
  return country && isCountryCode(country) ? country.toUpperCase() : workspaceDefault;
}

export type Emails = { id: string; email: string; label: string }[];
export type Phones = { id: string; e164: string; label: string }[];
/** A consent change this write makes (a channel's grant or source changed): recorded as a consent record. */
export type ConsentChange = { purpose: string; granted: boolean; source: string; at: string };
export type Children = { emails?: Emails; phones?: Phones; consents?: ConsentChange[] };

/**
 * The pure validation and normalisation of a person input (no database: an importer reuses it): row columns, the
 * emails and phones to store, and problems naming each bad field. Owner, team and custom fields are the kernel's.
 */
export function normalisePerson(
  input: UpdatePerson,
  existing: PersonRow | undefined,
  env: { defaultCountry: string },
): Normalised<Children> {
  const errors: FieldError[] = [];
  const emails = input.emails?.map((e, i) => {
    const r = normaliseEmail(e.email);
    if (!r.ok) errors.push({ pointer: `/emails/${i}/email`, detail: r.reason, in: 'body' });
    return { id: newId(), email: r.ok ? r.email : '', label: e.label?.trim() || 'work' };
  });
  if (emails) {
    const seen = new Set<string>();
    emails.forEach((e, i) => {
      if (e.email && seen.has(e.email))
        errors.push({ pointer: `/emails/${i}/email`, detail: 'is listed twice', in: 'body' });
      seen.add(e.email);
    });
  }
  if (input.address?.country && !isCountryCode(input.address.country))
    errors.push({ pointer: '/address/country', detail: 'is not an ISO 3166-1 country code', in: 'body' });
  const country = recordCountry(input, existing, env.defaultCountry);
  const phones = input.phones?.map((p, i) => {
    const r = normalisePhone(p.number, country);
    if (!r.ok) errors.push({ pointer: `/phones/${i}/number`, detail: r.reason, in: 'body' });
    return { id: newId(), e164: r.ok ? r.e164 : '', label: p.label?.trim() || 'work' };
  });
  if (input.firstName !== undefined && input.firstName.trim() === '')
    errors.push({ pointer: '/firstName', detail: 'is required', in: 'body' });
  let consent: ConsentMap | undefined;
  const consents: ConsentChange[] = [];
  if (input.consent) {
    const prev: ConsentMap = existing ? JSON.parse(existing.consent) : {};
    consent = { ...prev };
    for (const ch of CONSENT_CHANNELS) {
      const c = input.consent[ch];
      if (c && (prev[ch]?.granted !== c.granted || prev[ch]?.source !== c.source)) {
        consent[ch] = { granted: c.granted, source: c.source, at: now() };
        consents.push({ purpose: ch, granted: c.granted, source: c.source, at: consent[ch].at });
      }
    }
  }
  const first = input.firstName?.trim() ?? existing?.first_name ?? '';
  const last = input.lastName !== undefined ? input.lastName.trim() : (existing?.last_name ?? '');
  const a = input.address;
  return {
    errors,
    country,
    extra: { emails, phones, ...(consents.length > 0 ? { consents } : {}) },
    columns: {
      first_name: first,
      last_name: last,
      name_sort: `${last} ${first}`.trim().toLowerCase(),
      job_title: input.jobTitle === undefined ? undefined : input.jobTitle?.trim() || null,
      company_id: input.companyId,
      tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
      lifecycle_stage: input.lifecycleStage,
      preferred_channel: input.preferredChannel,
      preferred_language:
        input.preferredLanguage === undefined ? undefined : (input.preferredLanguage?.toLowerCase() ?? null),
      consent: consent ? JSON.stringify(consent) : undefined,
      topics: input.topics ? JSON.stringify([...new Set(input.topics.map((t) => t.trim()))]) : undefined,
      address_line1: a ? (a.line1 ?? null) : undefined,
      address_line2: a ? (a.line2 ?? null) : undefined,
      city: a ? (a.city ?? null) : undefined,
      region: a ? (a.region ?? null) : undefined,
      postal_code: a ? (a.postalCode ?? null) : undefined,
      country: a ? (a.country?.toUpperCase() ?? null) : undefined,
      primary_email: emails ? (emails[0]?.email ?? null) : undefined,
      primary_phone: phones ? (phones[0]?.e164 ?? null) : undefined,
      value_tier: input.valueTier,
      flags: input.flags ? JSON.stringify([...new Set(input.flags.map((f) => f.trim()))]) : undefined,
      cadence_days: input.cadenceDays,
    },
  };
}
