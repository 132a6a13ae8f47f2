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
    ],
    lastName: ['Last Name', 'LastName', 'Family Name', 'Surname', 'Last', 'Person - Last name', 'Contact Last Name'],
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
      'Email - Work',
      'Contact Email',
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
      'Phone - Work',
      'Phone - Mobile',
    ],
    jobTitle: ['Job Title', 'Title', 'Position', 'Role', 'Organization 1 - Title', 'Organization Title', 'Designation'],
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
    ],
    tags: ['Tags', 'Labels', 'Categories', 'Group Membership', 'Person - Labels'],
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
    ],
    city: ['City', 'Business City', 'Address 1 - City', 'Mailing City', 'Person - City', 'Town'],
    region: [
      'Region',
      'State',
      'State/Region',
      'Business State',
      'Address 1 - Region',
      'Mailing State',
      'County',
      'Province',
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
    ],
    country: ['Country', 'Country/Region', 'Business Country/Region', 'Address 1 - Country', 'Mailing Country'],
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
    domain: ['Domain', 'Website', 'Web Site', 'Company Domain Name', 'URL', 'Organization - Website', 'Web'],
    industry: ['Industry', 'Sector', 'Organization - Industry'],
    size: ['Size', 'Company Size', 'Employees Range'],
    tags: ['Tags', 'Labels', 'Categories', 'Organization - Labels'],
    line1: ['Street', 'Street Address', 'Address', 'Billing Street', 'Address Line 1'],
    city: ['City', 'Billing City', 'Organization - City', 'Town'],
    region: ['Region', 'State', 'State/Region', 'Billing State', 'County', 'Province'],
    postalCode: ['Postal Code', 'Postcode', 'Zip', 'ZIP Code', 'Billing Zip/Postal Code'],
    country: ['Country', 'Country/Region', 'Billing Country', 'Organization - Country'],
    valueTier: ['Value Tier', 'Tier'],
  },
};

const FOLDED = Object.fromEntries(
  Object.entries(SYNONYMS).map(([kind, map]) => [
    kind,
    new Map(Object.entries(map).flatMap(([target, names]) => [target, ...names].map((n) => [fold(n), target]))),
  ]),
) as Record<'people' | 'companies', Map<string, string>>;

/**
 * The suggested mapping of each header (`{"First Name": "firstName", "Notes": null}`); a target is suggested at most
 * once (the first header naming it wins), custom fields by key, `cf.<key>` or label.
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
  const used = new Set<string>();
  const out: Record<string, string | null> = {};
  for (const header of headers) {
    const f = fold(header);
    const target = custom.get(f) ?? FOLDED[kind].get(f) ?? null;
    if (target && !used.has(target)) {
      used.add(target);
      out[header] = target;
    } else out[header] = null;
  }
  // A full name is only needed when first and last names are not both there.
  const values = Object.values(out);
  if (values.includes('firstName') && values.includes('name')) {
    for (const h of Object.keys(out)) if (out[h] === 'name') out[h] = null;
  }
  return out;
}
