import { type Static, type TSchema, Type } from 'typebox';
import { contactFactsProps, contactWritableProps } from '../../platform/contact-facts.schemas.ts';
import { MinorUnits, StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/identity.schemas.ts';
import { Address } from '../people/people.schemas.ts';

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ maxLength: max });

export const CreditLimit = Type.Object(
  {
    amountMinor: MinorUnits(),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false },
);
export type CreditLimit = Static<typeof CreditLimit>;

export const CREDIT_STATUSES = ['good', 'watch', 'hold'] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

const MoneyAmount = Type.Object({ amountMinor: Type.Integer(), currency: Type.String() });

/** RFM segments (scoring in docs/accounts.md) and churn-risk levels: the customer value the accounts module keeps. */
export const RFM_SEGMENTS = ['champions', 'loyal', 'new', 'promising', 'at_risk', 'hibernating', 'none'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];

/**
 * A company's customer value from its orders, kept by the accounts module (recomputed on each ERP batch and nightly);
 * null until the company has orders or invoices. Each figure is absent when the reader's role hides its field
 * (`lifetimeRevenue`, `last12MonthsRevenue`, `clv`, `rfmSegment`, `churnRisk`).
 */
export const CompanyValue = Type.Object(
  {
    lifetimeRevenue: Type.Optional(MoneyAmount),
    last12MonthsRevenue: Type.Optional(MoneyAmount),
    clv: Type.Optional(
      Type.Object(MoneyAmount.properties, { description: 'Customer lifetime value estimate (docs/accounts.md)' }),
    ),
    rfmSegment: Type.Optional(StringEnum(RFM_SEGMENTS)),
    churnRisk: Type.Optional(StringEnum(CHURN_RISKS)),
    churnReasons: Type.Optional(Type.Array(Type.String())),
    computedAt: Type.String(),
  },
  { title: 'CompanyValue' },
);
export type CompanyValue = Static<typeof CompanyValue>;

/**
 * A company's credit standing, kept by the accounts (finance) module from the ERP's invoices and orders and the credit
 * rules, or set by hand. `exposure` and `overdueDays` are credit figures: absent when the reader's role hides
 * `creditLimit`.
 */
export const CompanyCredit = Type.Object(
  {
    status: StringEnum(CREDIT_STATUSES),
    reason: Nullable(Type.String()),
    manual: Type.Boolean({ description: 'Set by hand (it stays until cleared), not from the credit rules' }),
    exposure: Type.Optional(
      Nullable(Type.Object(MoneyAmount.properties, { description: 'Outstanding invoices plus open orders' })),
    ),
    overdueDays: Type.Optional(Nullable(Type.Integer({ description: 'Days the oldest unpaid invoice is overdue' }))),
  },
  { title: 'CompanyCredit' },
);
export type CompanyCredit = Static<typeof CompanyCredit>;

export const Company = Type.Object({
  id: Type.String(),
  externalId: Nullable(Type.String({ description: "The ERP's id of the company (unique when set)" })),
  name: Type.String(),
  domain: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  size: Nullable(StringEnum(COMPANY_SIZES)),
  address: Address,
  ownerId: Nullable(Type.String()),
  owner: Nullable(Ref),
  teamId: Nullable(Type.String()),
  team: Nullable(Ref),
  tags: Type.Array(Type.String()),
  parentId: Nullable(Type.String()),
  parent: Nullable(Ref),
  /** Absent when the actor's role hides it (field rule `companies.creditLimit: 'hidden'`). */
  creditLimit: Type.Optional(Nullable(CreditLimit)),
  credit: CompanyCredit,
  /** Absent when the actor's role hides `lifetimeRevenue`. */
  value: Type.Optional(Nullable(CompanyValue)),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  ...contactFactsProps,
  peopleCount: Type.Integer({ description: 'Live people at this company that you may see' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
});
export type Company = Static<typeof Company>;

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  externalId: Nullable(Type.String({ minLength: 1, maxLength: 100, description: "The ERP's id (unique when set)" })),
  domain: Nullable(Type.String({ maxLength: 253, description: 'e.g. example.com; a URL is reduced to its host' })),
  industry: Nullable(Text(100)),
  size: Nullable(StringEnum(COMPANY_SIZES)),
  address: Address,
  ownerId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  teamId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
  parentId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  creditLimit: Nullable(CreditLimit),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  ...contactWritableProps,
};

export const CreateCompany = Type.Object(
  {
    name: writable.name,
    externalId: Type.Optional(writable.externalId),
    domain: Type.Optional(writable.domain),
    industry: Type.Optional(writable.industry),
    size: Type.Optional(writable.size),
    address: Type.Optional(writable.address),
    ownerId: Type.Optional(writable.ownerId),
    teamId: Type.Optional(writable.teamId),
    tags: Type.Optional(writable.tags),
    parentId: Type.Optional(writable.parentId),
    creditLimit: Type.Optional(writable.creditLimit),
    customFields: Type.Optional(writable.customFields),
    valueTier: Type.Optional(writable.valueTier),
    flags: Type.Optional(writable.flags),
    cadenceDays: Type.Optional(writable.cadenceDays),
  },
  { additionalProperties: false },
);
export type CreateCompany = Static<typeof CreateCompany>;

export const UpdateCompany = Type.Partial(CreateCompany, { additionalProperties: false });
export type UpdateCompany = Static<typeof UpdateCompany>;

/** Fields a write may name, in API terms: used for field-level write rules. */
export const COMPANY_WRITABLE_FIELDS = Object.keys(writable);

/** What responses carry: a Company without the fields the reader's role hides (see PersonView). */
export const CompanyView = Type.Partial(Company, { title: 'Company' });
