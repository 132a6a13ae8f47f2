/** A person record as the API answers it (before field rules, which the record kernel applies). */
import { effectiveCadence } from '../../platform/contact-facts.ts';
import type { PersonRecord } from './people.repository.ts';
import type { Person } from './people.schemas.ts';

export function personDto(r: PersonRecord, cadenceDefaults: Parameters<typeof effectiveCadence>[2]): Person {
  const dto: Person = {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    fullName: `${r.first_name} ${r.last_name}`.trim(),
    jobTitle: r.job_title,
    companyId: r.company_id,
    company: r.company_id && r.company_name !== null ? { id: r.company_id, name: r.company_name } : null,
    emails: (JSON.parse(r.emails_json) as [string, string][]).map(([email, label]) => ({ email, label })),
    phones: (JSON.parse(r.phones_json) as [string, string][]).map(([number, label]) => ({ number, label })),
    address: {
      line1: r.address_line1,
      line2: r.address_line2,
      city: r.city,
      region: r.region,
      postalCode: r.postal_code,
      country: r.country,
    },
    ownerId: r.owner_id,
    owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    teamId: r.team_id,
    team: r.team_id && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
    tags: JSON.parse(r.tags),
    lifecycleStage: r.lifecycle_stage as Person['lifecycleStage'],
    preferredChannel: r.preferred_channel as Person['preferredChannel'],
    preferredLanguage: r.preferred_language,
    consent: JSON.parse(r.consent),
    topics: JSON.parse(r.topics),
    customFields: JSON.parse(r.custom_fields),
    valueTier: r.value_tier as Person['valueTier'],
    flags: JSON.parse(r.flags),
    cadenceDays: r.cadence_days,
    effectiveCadenceDays: effectiveCadence(r.cadence_days, r.lifecycle_stage, cadenceDefaults),
    lastContact: r.last_contact_at
      ? {
          at: r.last_contact_at,
          by:
            r.last_contact_by && r.last_contact_by_name !== null
              ? { id: r.last_contact_by, name: r.last_contact_by_name }
              : null,
          channel: r.last_contact_channel,
        }
      : null,
    lastTwoWayAt: r.last_two_way_at,
    contactDueAt: r.contact_due_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
  return dto;
}
