import { type Static, Type } from 'typebox';
import { ACTIONS, VISIBILITIES } from '../../platform/access/policy.ts';
import { StringEnum } from '../../platform/schema.ts';

const Actions = Type.Array(StringEnum(ACTIONS), { maxItems: ACTIONS.length });
const Vis = StringEnum(VISIBILITIES);
const FieldRules = Type.Record(Type.String({ maxLength: 64 }), StringEnum(['hidden', 'readonly'] as const));

/**
 * An object's name: a kind of record from the registry (`people`, `companies`, `deals`, …), a touchpoint (`activities`,
 * `tasks`, `promises`) or a system object (`audit`, `settings`, `users`); `GET /meta/objects` lists the kinds. The
 * service refuses a name that is not one (422 naming it).
 */
const ObjectKey = Type.String({ pattern: '^[a-z][a-z_-]{0,39}$' });

export const PolicySchema = Type.Object(
  {
    objects: Type.Record(ObjectKey, Actions, { description: 'Permitted actions per object' }),
    visibility: Type.Record(ObjectKey, Vis, {
      description: 'Record visibility per kind with an owner, and for tasks and promises',
    }),
    fields: Type.Record(ObjectKey, FieldRules, { description: 'Field rules per kind of record' }),
  },
  { title: 'Policy', additionalProperties: false },
);

export const Ref = Type.Object({ id: Type.String(), name: Type.String() }, { title: 'Ref' });
export const RoleRef = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: RoleRef,
    teams: Type.Array(Ref),
    active: Type.Boolean(),
    lastLoginAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    version: Type.Integer(),
  },
  { title: 'User' },
);
export type User = Static<typeof User>;

const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 256 });

export const LoginBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const CreateUser = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    password: Password,
    roleId: Type.String(),
    teamIds: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUser>;

export const UpdateUser = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    roleId: Type.Optional(Type.String()),
    teamIds: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type UpdateUser = Static<typeof UpdateUser>;

export const Team = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    memberCount: Type.Integer(),
    createdAt: Type.String(),
  },
  { title: 'Team' },
);
export type Team = Static<typeof Team>;
export const TeamBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);

export const Role = Type.Object(
  {
    id: Type.String(),
    key: Type.String(),
    name: Type.String(),
    builtin: Type.Boolean(),
    policy: PolicySchema,
    version: Type.Integer(),
  },
  { title: 'Role' },
);
export type Role = Static<typeof Role>;

export const CreateRole = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    // Without a policy a new role starts as a copy of the sales role (NEW_ROLE_TEMPLATE), not with nothing.
    policy: Type.Optional(PolicySchema),
  },
  { additionalProperties: false },
);
export type CreateRole = Static<typeof CreateRole>;

export const UpdateRole = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })), policy: Type.Optional(PolicySchema) },
  { additionalProperties: false },
);
export type UpdateRole = Static<typeof UpdateRole>;

/** Per object (see the policy's object names): `read` (read + export) or `write` (what the role allows). */
export const TokenScopesSchema = Type.Record(ObjectKey, StringEnum(['read', 'write'] as const));

export const ApiToken = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    scopes: TokenScopesSchema,
    userId: Type.String(),
    expiresAt: Type.String(),
    createdAt: Type.String(),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiToken>;

export const CreateToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    scopes: TokenScopesSchema,
    expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);
export type CreateToken = Static<typeof CreateToken>;
