import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** What a lead form may ask for. A submission needs an email or a phone, to match the person. */
export const LEAD_FORM_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'message',
  'country',
] as const;
export type LeadFormField = (typeof LEAD_FORM_FIELDS)[number];

/** The hidden field people leave empty and form-filling robots do not: a submission that fills it stores nothing. */
export const HONEYPOT_FIELD = 'website_url';

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const Url = Type.String({ maxLength: 2000, pattern: '^https?://', description: 'An http(s) URL' });

export const LeadForm = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    fields: Type.Array(StringEnum(LEAD_FORM_FIELDS)),
    pipelineId: Type.String(),
    stageId: Type.String(),
    ownerId: Nullable(Type.String()),
    assignTeamId: Nullable(Type.String()),
    assignByCountry: Type.Record(Type.String(), Type.String()),
    thankYouUrl: Nullable(Type.String()),
    active: Type.Boolean(),
    submitUrl: Type.String({ description: 'Where the form posts (the public endpoint)' }),
    snippet: Type.String({ description: 'An HTML form to paste into a web page; no script needed' }),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'LeadForm' },
);
export type LeadForm = Static<typeof LeadForm>;

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  fields: Type.Array(StringEnum(LEAD_FORM_FIELDS), {
    minItems: 1,
    maxItems: LEAD_FORM_FIELDS.length,
    uniqueItems: true,
  }),
  pipelineId: Type.String({ minLength: 1, maxLength: 64 }),
  stageId: Type.String({ minLength: 1, maxLength: 64 }),
  ownerId: Nullable(
    Type.String({ minLength: 1, maxLength: 64, description: 'Who gets the deals (the fallback of the rules below)' }),
  ),
  assignTeamId: Nullable(
    Type.String({ minLength: 1, maxLength: 64, description: "Deals go round-robin to this team's active members" }),
  ),
  assignByCountry: Type.Record(CountryCode, Type.String({ minLength: 1, maxLength: 64 }), {
    description: 'Country code of the submission → the user who gets it (before the team and the owner)',
  }),
  thankYouUrl: Nullable(Url),
  active: Type.Boolean(),
};

export const CreateLeadForm = Type.Object(
  {
    name: writable.name,
    fields: writable.fields,
    pipelineId: writable.pipelineId,
    stageId: writable.stageId,
    ownerId: Type.Optional(writable.ownerId),
    assignTeamId: Type.Optional(writable.assignTeamId),
    assignByCountry: Type.Optional(writable.assignByCountry),
    thankYouUrl: Type.Optional(writable.thankYouUrl),
    active: Type.Optional(writable.active),
  },
  { additionalProperties: false },
);
export type CreateLeadForm = Static<typeof CreateLeadForm>;

export const UpdateLeadForm = Type.Partial(Type.Object(writable), { additionalProperties: false });
export type UpdateLeadForm = Static<typeof UpdateLeadForm>;

const Text = (max: number) => Type.String({ maxLength: max });

/**
 * A submission, as JSON or form-encoded (every value a string). Fields the form does not ask for are ignored; unknown
 * keys (a submit button's name) too.
 */
export const Submission = Type.Object(
  {
    firstName: Type.Optional(Text(100)),
    lastName: Type.Optional(Text(100)),
    email: Type.Optional(Text(254)),
    phone: Type.Optional(Text(40)),
    companyName: Type.Optional(Text(200)),
    message: Type.Optional(Text(5000)),
    country: Type.Optional(Text(60)),
    [HONEYPOT_FIELD]: Type.Optional(Text(2000)),
    utm_source: Type.Optional(Text(200)),
    utm_medium: Type.Optional(Text(200)),
    utm_campaign: Type.Optional(Text(200)),
    utm_term: Type.Optional(Text(200)),
    utm_content: Type.Optional(Text(200)),
  },
  { additionalProperties: Type.String({ maxLength: 2000 }) },
);
export type Submission = Static<typeof Submission>;

export const SubmissionAccepted = Type.Object(
  {
    submissionId: Type.String(),
    personId: Type.String(),
    dealId: Type.String(),
    personCreated: Type.Boolean({ description: 'false when an existing person matched by email or phone' }),
  },
  { title: 'LeadSubmissionAccepted' },
);
export type SubmissionAccepted = Static<typeof SubmissionAccepted>;
