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

export const Company = Type.Object({
  id: Type.String(),
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
