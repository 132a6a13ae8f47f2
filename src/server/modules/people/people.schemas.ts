import { type Static, type TSchema, Type } from 'typebox';
import { contactFactsProps, contactWritableProps, VALUE_TIERS } from '../../platform/contact-facts.schemas.ts';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/identity.schemas.ts';

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'former_customer'] as const;
export const CHANNELS = ['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person'] as const;
export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;
export { VALUE_TIERS };

const lit = StringEnum;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ maxLength: max });

export const Address = Type.Object(
  {
    line1: Type.Optional(Nullable(Text(200))),
    line2: Type.Optional(Nullable(Text(200))),
    city: Type.Optional(Nullable(Text(100))),
    region: Type.Optional(Nullable(Text(100))),
    postalCode: Type.Optional(Nullable(Text(20))),
    country: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }))),
  },
  { title: 'Address', additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const Consent = Type.Object(
  { granted: Type.Boolean(), at: Type.String(), source: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
export const ConsentInput = Type.Object(
  {
    granted: Type.Boolean(),
    source: Type.String({ minLength: 1, maxLength: 200, description: 'How consent was given or withdrawn' }),
  },
  { additionalProperties: false },
);
export const ConsentMap = Type.Object(
  {
    email: Type.Optional(Consent),
    phone: Type.Optional(Consent),
    sms: Type.Optional(Consent),
    post: Type.Optional(Consent),
  },
  { additionalProperties: false },
);
export type ConsentMap = Static<typeof ConsentMap>;

export const EmailEntry = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), label: Type.Optional(Type.String({ maxLength: 30 })) },
  { additionalProperties: false },
);
export const PhoneEntry = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 40, description: 'Any format; stored as E.164' }),
    label: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

export const Person = Type.Object({
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  fullName: Type.String(),
  jobTitle: Nullable(Type.String()),
  companyId: Nullable(Type.String()),
  company: Nullable(Ref),
  emails: Type.Array(Type.Object({ email: Type.String(), label: Type.String() })),
  phones: Type.Array(Type.Object({ number: Type.String(), label: Type.String() })),
  address: Address,
  ownerId: Nullable(Type.String()),
  owner: Nullable(Ref),
  teamId: Nullable(Type.String()),
  team: Nullable(Ref),
  tags: Type.Array(Type.String()),
  lifecycleStage: lit(LIFECYCLE_STAGES),
  preferredChannel: Nullable(lit(CHANNELS)),
  preferredLanguage: Nullable(Type.String()),
  consent: ConsentMap,
  topics: Type.Array(Type.String(), {
    description: "The communication topics (the workspace's list) the person has chosen to hear about",
  }),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  ...contactFactsProps,
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
});
export type Person = Static<typeof Person>;

const writable = {
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ maxLength: 100 }),
  jobTitle: Nullable(Text(150)),
  companyId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  emails: Type.Array(EmailEntry, { maxItems: 10 }),
  phones: Type.Array(PhoneEntry, { maxItems: 10 }),
  address: Address,
  ownerId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  teamId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
  lifecycleStage: lit(LIFECYCLE_STAGES),
  preferredChannel: Nullable(lit(CHANNELS)),
  preferredLanguage: Nullable(
    Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', description: 'BCP 47, e.g. en, fr-CA' }),
  ),
  consent: Type.Object(
    {
      email: Type.Optional(ConsentInput),
      phone: Type.Optional(ConsentInput),
      sms: Type.Optional(ConsentInput),
      post: Type.Optional(ConsentInput),
    },
    { additionalProperties: false },
  ),
  topics: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
    maxItems: 50,
    description: "Communication topics to hear about: names from the workspace's `communicationTopics`",
  }),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  ...contactWritableProps,
};

export const CreatePerson = Type.Object(
  {
    firstName: writable.firstName,
    lastName: Type.Optional(writable.lastName),
    jobTitle: Type.Optional(writable.jobTitle),
    companyId: Type.Optional(writable.companyId),
    emails: Type.Optional(writable.emails),
    phones: Type.Optional(writable.phones),
    address: Type.Optional(writable.address),
    ownerId: Type.Optional(writable.ownerId),
    teamId: Type.Optional(writable.teamId),
    tags: Type.Optional(writable.tags),
    lifecycleStage: Type.Optional(writable.lifecycleStage),
    preferredChannel: Type.Optional(writable.preferredChannel),
    preferredLanguage: Type.Optional(writable.preferredLanguage),
    consent: Type.Optional(writable.consent),
    topics: Type.Optional(writable.topics),
    customFields: Type.Optional(writable.customFields),
    valueTier: Type.Optional(writable.valueTier),
    flags: Type.Optional(writable.flags),
    cadenceDays: Type.Optional(writable.cadenceDays),
  },
  { additionalProperties: false },
);
export type CreatePerson = Static<typeof CreatePerson>;

export const UpdatePerson = Type.Partial(CreatePerson, { additionalProperties: false });
export type UpdatePerson = Static<typeof UpdatePerson>;

/** Fields a write may name, in API terms: used for field-level write rules. */
export const PERSON_WRITABLE_FIELDS = Object.keys(writable);

/**
 * What responses carry: a Person without the fields the reader's role hides (any field can be hidden by a custom
 * role, so every one is optional in the response schema; `id` and `version` are always present in practice).
 */
export const PersonView = Type.Partial(Person, { title: 'Person' });

export const ConsentRecordSchema = Type.Object(
  {
    id: Type.String(),
    purpose: Type.String({ description: '`email`, `phone`, `sms`, `post` (contact channels) or another purpose key' }),
    granted: Type.Boolean(),
    source: Type.String({ description: 'How it was given or withdrawn' }),
    wordingVersion: Type.Union([Type.String(), Type.Null()], { description: 'The version of the wording shown' }),
    supersedesId: Type.Union([Type.String(), Type.Null()], { description: 'The record for the purpose it replaced' }),
    recordedAt: Type.String(),
    recordedBy: Type.Union([Type.String(), Type.Null()], { description: 'The user (or portal user) who recorded it' }),
  },
  { title: 'ConsentRecord' },
);
export type ConsentRecord = Static<typeof ConsentRecordSchema>;

export const NewConsentRecordSchema = Type.Object(
  {
    purpose: Type.String({
      pattern: '^[a-z][a-z0-9_.-]{0,63}$',
      description:
        'What the consent is for: `email`, `phone`, `sms`, `post` (contact channels) or a key such as `newsletter`',
    }),
    granted: Type.Boolean({ description: 'true: given; false: withdrawn or refused' }),
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'How it was given or withdrawn ("web form", "call")',
    }),
    wordingVersion: Type.Optional(
      Type.String({ maxLength: 64, description: 'The version of the consent wording the person saw ("2026-11")' }),
    ),
  },
  { title: 'NewConsentRecord', additionalProperties: false },
);
export type NewConsentRecord = Static<typeof NewConsentRecordSchema>;
