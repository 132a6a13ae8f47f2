import { type Static, Type } from 'typebox';

export const MODULE_KEYS = ['sales', 'marketing', 'service', 'portal', 'accounts'] as const;
export type ModuleKey = (typeof MODULE_KEYS)[number];

export const Modules = Type.Object({
  sales: Type.Boolean(),
  marketing: Type.Boolean(),
  service: Type.Boolean(),
  portal: Type.Boolean(),
  accounts: Type.Boolean(),
});
export type Modules = Static<typeof Modules>;

const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour' });

export const BusinessHours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, description: '1 = Monday … 7 = Sunday' }),
    start: Time,
    end: Time,
  },
  { additionalProperties: false },
);
export type BusinessHours = Static<typeof BusinessHours>;

export const CadenceDefaults = Type.Object(
  {
    lead: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    prospect: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    customer: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    former_customer: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false, description: 'Expected contact rhythm in days per lifecycle stage' },
);

export const Workspace = Type.Object(
  {
    name: Type.String(),
    defaultCountry: Type.String({
      description: 'ISO 3166-1 alpha-2; used for phone numbers written without a country code',
    }),
    defaultCurrency: Type.String({ description: 'ISO 4217 code' }),
    timezone: Type.String({ description: 'IANA time zone, e.g. Europe/London' }),
    businessHours: BusinessHours,
    modules: Modules,
    cadenceDefaults: Type.Record(Type.String(), Type.Integer()),
    industries: Type.Array(Type.String(), {
      description: "The industries offered for a company (the web's industry picker), in the order shown",
    }),
    communicationTopics: Type.Array(Type.String(), {
      description:
        'What the business writes to its customers about (product news, events...): the topics a person chooses to hear about, in the order shown',
    }),
    version: Type.Integer(),
    updatedAt: Type.String(),
  },
  { title: 'Workspace' },
);
export type Workspace = Static<typeof Workspace>;

export const UpdateWorkspace = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    defaultCurrency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    businessHours: Type.Optional(BusinessHours),
    modules: Type.Optional(Type.Partial(Modules, { additionalProperties: false })),
    cadenceDefaults: Type.Optional(CadenceDefaults),
    industries: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 200,
        description: 'The industries offered for a company; an empty list restores the built-in one',
      }),
    ),
    communicationTopics: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
        maxItems: 50,
        description:
          'The topics a person may choose to hear about; an empty list offers none. People keep a topic removed here until it is taken off them',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateWorkspace = Static<typeof UpdateWorkspace>;
