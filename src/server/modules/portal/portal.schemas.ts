import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const LinkRequest = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254, description: 'The address the customer was invited with' }) },
  { additionalProperties: false, title: 'PortalLinkRequest' },
);
export const VerifyRequest = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200, description: 'The token of the emailed link' }) },
  { additionalProperties: false, title: 'PortalVerifyRequest' },
);
export const Accepted = Type.Object(
  { status: Type.Literal('accepted'), detail: Type.String() },
  { title: 'PortalLinkAccepted' },
);

export const PortalMe = Type.Object(
  {
    personId: Type.String(),
    name: Type.String(),
    email: Type.String(),
    companyName: Nullable(Type.String()),
    companyAdmin: Type.Boolean({ description: "Sees and follows every request of the customer's company" }),
    csrfToken: Type.String({ description: 'Echo it in x-csrf-token on every write' }),
  },
  { title: 'PortalMe' },
);
export type PortalMe = Static<typeof PortalMe>;

export const PortalBrand = Type.Object(
  {
    name: Type.String(),
    color: Type.String({ description: 'The brand colour, #rrggbb' }),
    logoUrl: Nullable(Type.String({ description: 'The logo shown in the header, when set' })),
    portal: Type.Boolean(),
  },
  { title: 'PortalBrand' },
);

export const PortalSettings = Type.Object(
  {
    allowedCaseTypeIds: Nullable(
      Type.Array(Type.String(), {
        description: 'The case types customers may raise; null: requests carry no case type',
      }),
    ),
    allowedCaseTypes: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
      description: 'The active ones of those, with their names (what the portal offers)',
    }),
    logoUrl: Nullable(Type.String()),
    accentColor: Type.String({ description: '#rrggbb; white header text on it must reach 4.5:1' }),
  },
  { title: 'PortalSettings' },
);
export type PortalSettings = Static<typeof PortalSettings>;

export const UpdatePortalSettings = Type.Object(
  {
    allowedCaseTypeIds: Type.Optional(
      Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 })),
    ),
    logoUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    accentColor: Type.Optional(Nullable(Type.String({ maxLength: 7 }))),
  },
  { additionalProperties: false, title: 'UpdatePortalSettings' },
);
export type UpdatePortalSettings = Static<typeof UpdatePortalSettings>;

export const PortalCaseType = Type.Object({ id: Type.String(), name: Type.String() }, { title: 'PortalCaseType' });

export const REQUEST_STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'] as const;

export const PortalRequest = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    subject: Type.String(),
    status: StringEnum(REQUEST_STATUSES),
    openedAt: Type.String(),
    updatedAt: Type.String(),
    resolvedAt: Nullable(Type.String()),
    raisedBy: Nullable(Type.String({ description: 'Who raised it (a colleague, for company administrators)' })),
    mine: Type.Boolean(),
  },
  { title: 'PortalRequest' },
);
export type PortalRequest = Static<typeof PortalRequest>;

/** A file on a message of a request, as the customer sees it (downloaded by `GET /requests/{id}/attachments/{fileId}`). */
export const PortalAttachment = Type.Object(
  { id: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Integer() },
  { title: 'PortalAttachment' },
);

/** The most files one request or reply may carry. */
export const PORTAL_MAX_FILES = 5;

/** A file sent with a request or a reply, its content in base64 (checked for size, type and content). */
export const PortalUpload = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255 }),
    contentType: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. image/png, application/pdf' }),
    content: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'The file, base64' }),
  },
  { additionalProperties: false, title: 'PortalUpload' },
);
export type PortalUpload = Static<typeof PortalUpload>;

const Uploads = Type.Optional(
  Type.Array(PortalUpload, {
    maxItems: PORTAL_MAX_FILES,
    description:
      'Files to attach (at most 5; each within the attachment size limit, of an accepted type: images, PDF, text, office documents, archives)',
  }),
);

export const PortalMessage = Type.Object(
  {
    id: Type.String(),
    body: Type.String(),
    fromCustomer: Type.Boolean(),
    author: Nullable(Type.String()),
    createdAt: Type.String(),
    attachments: Type.Array(PortalAttachment),
  },
  { title: 'PortalMessage' },
);
export type PortalMessage = Static<typeof PortalMessage>;

export const PortalRequestDetail = Type.Object(
  {
    ...PortalRequest.properties,
    description: Nullable(Type.String()),
    messages: Type.Array(PortalMessage),
  },
  { title: 'PortalRequestDetail' },
);
export type PortalRequestDetail = Static<typeof PortalRequestDetail>;

export const CreateRequest = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    caseTypeId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'What it is about: one of `GET /case-types` (required when the portal offers case types)',
      }),
    ),
    articleIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 20,
        description: 'Articles read before raising it (recorded on the request)',
      }),
    ),
    attachments: Uploads,
  },
  { additionalProperties: false, title: 'PortalCreateRequest' },
);
export type CreateRequest = Static<typeof CreateRequest>;

export const PostMessage = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20_000 }), attachments: Uploads },
  { additionalProperties: false, title: 'PortalPostMessage' },
);

export type PostMessage = Static<typeof PostMessage>;

export const PORTAL_CHANNELS = ['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person'] as const;
export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;

const ConsentFlags = Type.Object(
  {
    email: Type.Optional(Type.Boolean()),
    phone: Type.Optional(Type.Boolean()),
    sms: Type.Optional(Type.Boolean()),
    post: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Address = Type.Object(
  {
    line1: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    line2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    city: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    postalCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    country: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
  },
  { additionalProperties: false },
);

export const PortalProfile = Type.Object(
  {
    firstName: Type.String(),
    lastName: Nullable(Type.String()),
    jobTitle: Nullable(Type.String()),
    email: Type.String({ description: 'The sign-in address (changed by the staff)' }),
    phones: Type.Array(Type.Object({ number: Type.String(), label: Type.String() })),
    address: Nullable(Address),
    companyName: Nullable(Type.String()),
    preferredChannel: Nullable(StringEnum(PORTAL_CHANNELS)),
    preferredLanguage: Nullable(Type.String()),
    consent: Type.Object({
      email: Type.Boolean(),
      phone: Type.Boolean(),
      sms: Type.Boolean(),
      post: Type.Boolean(),
    }),
    topics: Type.Array(Type.String(), {
      description: 'The communication topics the customer has chosen to hear about',
    }),
    availableTopics: Type.Array(Type.String(), {
      description: 'The topics the customer may choose from (the workspace list, in its order)',
    }),
  },
  { title: 'PortalProfile' },
);
export type PortalProfile = Static<typeof PortalProfile>;

export const UpdateProfile = Type.Object(
  {
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ maxLength: 100 })),
    jobTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    phones: Type.Optional(
      Type.Array(
        Type.Object(
          {
            number: Type.String({ minLength: 1, maxLength: 40 }),
            label: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 5 },
      ),
    ),
    address: Type.Optional(Nullable(Address)),
    preferredChannel: Type.Optional(Nullable(StringEnum(PORTAL_CHANNELS))),
    preferredLanguage: Type.Optional(Nullable(Type.String({ maxLength: 35, description: 'BCP 47, e.g. en-GB' }))),
    consent: Type.Optional(ConsentFlags),
    topics: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
        maxItems: 50,
        description: 'The topics to hear about (every one ticked; names from `availableTopics`)',
      }),
    ),
  },
  { additionalProperties: false, title: 'PortalUpdateProfile' },
);
export type UpdateProfile = Static<typeof UpdateProfile>;

export const ArticlesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.String({ maxLength: 80 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

// ---------- staff side ----------

export const PORTAL_ACCESS_STATUSES = ['none', 'invited', 'active', 'revoked'] as const;

export const PortalAccess = Type.Object(
  {
    personId: Type.String(),
    status: StringEnum(PORTAL_ACCESS_STATUSES),
    email: Nullable(Type.String()),
    companyAdmin: Type.Boolean(),
    invitedAt: Nullable(Type.String()),
    activatedAt: Nullable(Type.String()),
    lastVisitAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  },
  { title: 'PortalAccess' },
);
export type PortalAccess = Static<typeof PortalAccess>;

export const InvitationsRequest = Type.Object(
  {
    personIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }),
    companyAdmin: Type.Optional(Type.Boolean({ description: "Sees all the company's requests; default false" })),
  },
  { additionalProperties: false, title: 'PortalInvitations' },
);
export type InvitationsRequest = Static<typeof InvitationsRequest>;

export const InvitationsResult = Type.Object(
  {
    invited: Type.Array(PortalAccess),
    skipped: Type.Array(Type.Object({ personId: Type.String(), reason: Type.String() })),
  },
  { title: 'PortalInvitationsResult' },
);
export type InvitationsResult = Static<typeof InvitationsResult>;

export const UpdateAccess = Type.Object(
  { companyAdmin: Type.Boolean() },
  { additionalProperties: false, title: 'PortalUpdateAccess' },
);
