/**
 * The mapping an import suggests from a file's headers: the column names of common exports (HubSpot, Salesforce,
 * Pipedrive, Zoho, Google Contacts, Outlook, and Rapport's own export) for each kind's fields, the column names ERPs
 * and accounting packages give orders, invoices and payments (Invoice No, Due Date, Customer ID, Amount...), and custom
 * fields by their key, `cf.<key>` or label. Headers are compared folded (case, accents, spaces and punctuation ignored).
 */
import type { ImportKind } from './imports.schemas.ts';
import { fold } from './imports.targets.ts';

/** What an ERP export calls the ids, dates and money every ERP kind has. */
const ERP_COMMON: Record<string, string[]> = {
  companyExternalId: [
    'Customer ID',
    'Customer No',
    'Customer Number',
    'Customer Code',
    'Customer Account',
    'Customer Ref',
    'Customer ERP id',
    'Company ERP id',
    'Company External ID',
    'Account Number',
    'Account No',
    'Account ID',
    'Client ID',
    'Client No',
    'Client Number',
    'Debtor',
    'Debtor No',
    'Debtor Number',
    'Debtor ID',
    'Customer',
    'Company ID',
  ],
  currency: ['Currency', 'Currency Code', 'Curr', 'CCY', 'Cur', 'Currency ISO'],
  personId: ['Rapport person id', 'Person ID', 'Contact ID'],
  updatedAt: [
    'Updated At',
    'Last Modified',
    'Last Modified Date',
    'Modified',
    'Modified At',
    'Modified Date',
    'Last Changed',
    'Changed At',
    'Last Updated',
    'Updated',
    'Timestamp',
  ],
  deleted: ['Deleted', 'Is Deleted', 'Removed', 'Deleted Flag'],
};

const ERP_SYNONYMS: Record<'orders' | 'invoices' | 'payments', Record<string, string[]>> = {
  orders: {
    externalId: ['ERP id', 'External ID', 'Order ID', 'Internal ID', 'Document ID', 'Record ID', 'ID'],
    number: [
      'Order No',
      'Order Number',
      'Order #',
      'Order Ref',
      'Sales Order',
      'SO Number',
      'SO No',
      'Order',
      'Number',
    ],
    orderedAt: ['Order Date', 'Ordered At', 'Ordered', 'Ordered On', 'Document Date', 'Date', 'Created'],
    status: ['Status', 'Order Status', 'State'],
    total: [
      'Total',
      'Amount',
      'Order Total',
      'Order Amount',
      'Total Amount',
      'Grand Total',
      'Gross Amount',
      'Net Amount',
      'Value',
    ],
    lines: ['Lines', 'Line Items', 'Items'],
    ...ERP_COMMON,
  },
  invoices: {
    externalId: [
      'ERP id',
      'External ID',
      'Invoice ID',
      'Internal ID',
      'Document ID',
      'Record ID',
      'Transaction ID',
      'ID',
    ],
    number: [
      'Invoice No',
      'Invoice Number',
      'Invoice #',
      'Invoice Ref',
      'Invoice Reference',
      'Document Number',
      'Document No',
      'Doc No',
      'Invoice',
      'Number',
      'Reference',
    ],
    issuedAt: [
      'Invoice Date',
      'Issue Date',
      'Issued',
      'Issued At',
      'Issued On',
      'Document Date',
      'Posting Date',
      'Date',
    ],
    dueAt: ['Due Date', 'Due', 'Due At', 'Due On', 'Payment Due', 'Payment Due Date', 'Net Due Date', 'Maturity Date'],
    status: ['Status', 'Invoice Status', 'Payment Status', 'State'],
    total: [
      'Total',
      'Amount',
      'Invoice Total',
      'Invoice Amount',
      'Total Amount',
      'Grand Total',
      'Gross Amount',
      'Gross',
      'Amount Incl Tax',
      'Total Incl VAT',
      'Total Incl Tax',
    ],
    amountPaid: ['Amount Paid', 'Paid', 'Paid Amount', 'Total Paid', 'Amount Received', 'Payments'],
    balance: [
      'Balance',
      'Amount Due',
      'Balance Due',
      'Outstanding',
      'Outstanding Amount',
      'Amount Outstanding',
      'Open Amount',
      'Remaining',
      'Remaining Amount',
    ],
    lines: ['Lines', 'Line Items', 'Items'],
    ...ERP_COMMON,
  },
  payments: {
    externalId: [
      'ERP id',
      'External ID',
      'Payment ID',
      'Payment No',
      'Payment Number',
      'Payment Ref',
      'Payment Reference',
      'Receipt No',
      'Receipt Number',
      'Transaction ID',
      'Reference',
      'ID',
    ],
    invoiceExternalId: [
      'Invoice ID',
      'Invoice ERP id',
      'Invoice External ID',
      'Invoice No',
      'Invoice Number',
      'Invoice Ref',
      'Invoice',
      'Applied To',
    ],
    paidAt: ['Payment Date', 'Paid At', 'Paid On', 'Paid Date', 'Receipt Date', 'Received On', 'Value Date', 'Date'],
    amount: ['Amount', 'Payment Amount', 'Amount Paid', 'Paid', 'Amount Received', 'Total'],
    method: ['Method', 'Payment Method', 'Payment Type', 'Means of Payment', 'Type'],
    ...ERP_COMMON,
  },
};

/** Header spellings per target, written as they appear in exports (folded before comparing). */
const SYNONYMS: Record<ImportKind, Record<string, string[]>> = {
  ...ERP_SYNONYMS,
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
    externalId: ['ERP id', 'External id', 'Customer id', 'Customer number', 'Customer no', 'Debtor number'],
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
) as Record<ImportKind, Map<string, { target: string; rank: number }>>;

/**
 * The suggested mapping of each header (`{"First Name": "firstName", "Notes": null}`); a target is suggested at most
 * once: the header with the strongest spelling wins (Outlook's "Job Title" over its "Title", the salutation), the first
 * of equals; custom fields by key, `cf.<key>` or label, before any built-in field.
 */
export function suggestMapping(
  kind: ImportKind,
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
