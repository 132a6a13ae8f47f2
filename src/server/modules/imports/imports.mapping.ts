/**
 * The mapping an import suggests from a file's headers: the column names of common exports (HubSpot, Salesforce,
 * Pipedrive, Zoho, Google Contacts, Outlook, and Rapport's own export) for each kind's fields, and custom fields by
 * their key, `cf.<key>` or label. Headers are compared folded (case, accents, spaces and punctuation ignored).
 */
import { fold } from './imports.targets.ts';

/** Header spellings per target, written as they appear in exports (folded before comparing). */
const SYNONYMS: Record<'people' | 'companies', Record<string, string[]>> = {
  people: {
    id: ['id', 'Rapport id'],
    firstName: [
      'First Name',
      'FirstName',
      'Given Name',
      'Forename',
      'First',
      'Person - First name',
      'Contact First Name',
      'First Name (Given Name)',
    ],
    lastName: [
      'Last Name',
      'LastName',
      'Family Name',
      'Surname',
      'Last',
      'Person - Last name',
      'Contact Last Name',
      'Last Name (Family Name)',
    ],
    name: ['Name', 'Full Name', 'Contact Name', 'Person - Name', 'Display Name', 'Contact', 'Person'],
    email: [
      'Email',
      'E-mail',
      'Email Address',
      'E-mail Address',
      'E-mail 1 - Value',
      'Email 1',
      'Primary Email',
      'Work Email',
      'Person - Email',
      'Person - Email - Work',
      'Email - Work',
      'Contact Email',
      'E-mail 1 Address',
      'Person - Email - Home',
      'Person - Email - Other',
      'Email Address (Work)',
      'Secondary Email',
      'E-mail 2 Address',
      'E-mail 2 - Value',
    ],
    phone: [
      'Phone',
      'Phone Number',
      'Phone 1 - Value',
      'Business Phone',
      'Mobile',
      'Mobile Phone',
      'Mobile Phone Number',
      'Primary Phone',
      'Work Phone',
      'Telephone',
      'Person - Phone',
      'Person - Phone - Work',
      'Person - Phone - Mobile',
      'Phone - Work',
      'Phone - Mobile',
      'Company Main Phone',
      'Home Phone',
      'Person - Phone - Home',
      'Other Phone',
      'Phone 2 - Value',
    ],
    // Outlook's "Title" is the salutation (Mr., Dr.): "Job Title" wins over it when a file has both.
    jobTitle: [
      'Job Title',
      'Person - Job title',
      'Organization 1 - Title',
      'Organization Title',
      'Designation',
      'Position',
      'Title',
      'Role',
    ],
    companyId: [
      'Company',
      'Company Name',
      'Account Name',
      'Account',
      'Organization',
      'Organisation',
      'Organization 1 - Name',
      'Organization Name',
      'Person - Organization',
      'Associated Company',
      'Company name',
    ],
    tags: ['Tags', 'Tag', 'Labels', 'Label', 'Categories', 'Group Membership', 'Person - Labels', 'Person - Label'],
    lifecycleStage: ['Lifecycle Stage', 'Lifecycle', 'Stage', 'Lead Status', 'Contact Type'],
    preferredChannel: ['Preferred Channel', 'Preferred Contact Method'],
    preferredLanguage: ['Language', 'Preferred Language'],
    line1: [
      'Street',
      'Street Address',
      'Address',
      'Business Street',
      'Address 1 - Street',
      'Mailing Street',
      'Address Line 1',
      'Person - Address',
      'Home Street',
    ],
    city: ['City', 'Business City', 'Address 1 - City', 'Mailing City', 'Person - City', 'Town', 'Home City'],
    region: [
      'Region',
      'State',
      'State/Region',
      'Business State',
      'Address 1 - Region',
      'Mailing State',
      'Mailing State/Province',
      'Mailing Province',
      'County',
      'Province',
      'Home State',
    ],
    postalCode: [
      'Postal Code',
      'Postcode',
      'Zip',
      'ZIP Code',
      'Zip/Postal Code',
      'Business Postal Code',
      'Address 1 - Postal Code',
      'Mailing Zip/Postal Code',
      'Mailing Zip',
      'Mailing Postal Code',
      'Mailing Code',
      'Home Postal Code',
    ],
    country: [
      'Country',
      'Country/Region',
      'Business Country/Region',
      'Address 1 - Country',
      'Mailing Country',
      'Home Country/Region',
    ],
    valueTier: ['Value Tier', 'Tier'],
  },
  companies: {
    id: ['id', 'Rapport id'],
    name: [
      'Name',
      'Company',
      'Company Name',
      'Account Name',
      'Organization',
      'Organisation',
      'Organization Name',
      'Organization - Name',
    ],
    domain: [
      'Domain',
      'Website',
      'Web Site',
      'Company Domain Name',
      'URL',
      'Organization - Website',
      'Web',
      'Website URL',
    ],
    industry: ['Industry', 'Sector', 'Organization - Industry'],
    size: ['Size', 'Company Size', 'Employees Range', 'Employees', 'Number of Employees'],
    tags: ['Tags', 'Tag', 'Labels', 'Label', 'Categories', 'Organization - Labels', 'Organization - Label'],
    line1: [
      'Street',
      'Street Address',
      'Address',
      'Billing Street',
      'Address Line 1',
      'Organization - Address',
      'Organization - Street/road name of Address',
    ],
    city: [
      'City',
      'Billing City',
      'Organization - City',
      'Town',
      'Organization - City/town/village/locality of Address',
    ],
    region: [
      'Region',
      'State',
      'State/Region',
      'Billing State',
      'Billing State/Province',
      'County',
      'Province',
      'Organization - State/county of Address',
    ],
    postalCode: [
      'Postal Code',
      'Postcode',
      'Zip',
      'ZIP Code',
      'Billing Zip/Postal Code',
      'Billing Postal Code',
      'Billing Code',
      'Organization - ZIP/Postal code of Address',
    ],
    country: [
      'Country',
      'Country/Region',
      'Billing Country',
      'Organization - Country',
      'Organization - Country of Address',
    ],
    valueTier: ['Value Tier', 'Tier'],
  },
};

/** Folded header → target and its rank (the spelling's place in the target's list: lower is a stronger match). */
const FOLDED = Object.fromEntries(
  Object.entries(SYNONYMS).map(([kind, map]) => {
    const folded = new Map<string, { target: string; rank: number }>();
    for (const [target, names] of Object.entries(map)) {
      [target, ...names].forEach((n, rank) => {
        if (!folded.has(fold(n))) folded.set(fold(n), { target, rank });
      });
    }
    return [kind, folded];
  }),
) as Record<'people' | 'companies', Map<string, { target: string; rank: number }>>;

/**
 * The suggested mapping of each header (`{"First Name": "firstName", "Notes": null}`); a target is suggested at most
 * once: the header with the strongest spelling wins (Outlook's "Job Title" over its "Title", the salutation), the first
 * of equals; custom fields by key, `cf.<key>` or label, before any built-in field.
 */
export function suggestMapping(
  kind: 'people' | 'companies',
  headers: readonly string[],
  customFields: readonly { key: string; label: string }[],
): Record<string, string | null> {
  const custom = new Map<string, string>();
  for (const f of customFields) {
    for (const name of [f.key, `cf.${f.key}`, f.label]) custom.set(fold(name), `cf.${f.key}`);
  }
  const best = new Map<string, { header: string; rank: number }>();
  for (const header of headers) {
    const f = fold(header);
    const c = custom.get(f);
    const hit = c !== undefined ? { target: c, rank: -1 } : FOLDED[kind].get(f);
    if (!hit) continue;
    const cur = best.get(hit.target);
    if (!cur || hit.rank < cur.rank) best.set(hit.target, { header, rank: hit.rank });
  }
  const out: Record<string, string | null> = Object.fromEntries(headers.map((h) => [h, null]));
  for (const [target, { header }] of best) out[header] = target;
  // A full name is only needed when first and last names are not both there.
  const values = Object.values(out);
  if (values.includes('firstName') && values.includes('name')) {
    for (const h of Object.keys(out)) if (out[h] === 'name') out[h] = null;
  }
  return out;
}
