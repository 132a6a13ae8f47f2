/** The context card: "what you must know before you speak", the same on record headers, search and screen pop. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';
import { recordKinds } from '../kinds.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The kinds with a context card, from the registry (`cards: true`; every searchable kind has one). */
export const CARD_KINDS: readonly string[] = recordKinds.kinds.filter((k) => k.cards).map((k) => k.name);
export type CardKind = string;
export const FLAG_TONES = ['info', 'warning', 'danger'] as const;

export const CardFlag = Type.Object(
  {
    key: Type.String({ description: 'Stable key: vip, credit_hold, open_complaint, promise_broken…' }),
    label: Type.String(),
    tone: StringEnum(FLAG_TONES),
  },
  { title: 'CardFlag' },
);
export type CardFlag = Static<typeof CardFlag>;

const ConsentState = Nullable(Type.Boolean({ description: 'null: never asked, or not shown to you' }));

export const ContextCard = Type.Object(
  {
    kind: StringEnum(CARD_KINDS),
    id: Type.String(),
    name: Type.String(),
    subtitle: Nullable(
      Type.String({
        description: "Job title · company (people), domain · city (companies); the fields its kind's search declares",
      }),
    ),
    lifecycleStage: Nullable(Type.String({ description: 'People only' })),
    valueTier: Nullable(Type.String()),
    owner: Nullable(Ref),
    preferredChannel: Nullable(Type.String()),
    preferredLanguage: Nullable(Type.String()),
    consent: Type.Object({ email: ConsentState, phone: ConsentState, sms: ConsentState, post: ConsentState }),
    company: Nullable(Ref),
    lastContact: Nullable(Type.Object({ at: Type.String(), by: Nullable(Ref), channel: Nullable(Type.String()) })),
    contactDueAt: Nullable(Type.String()),
    goingCold: Type.Boolean({ description: 'A two-way contact is overdue (contactDueAt is in the past)' }),
    counts: Type.Record(Type.String(), Type.Integer(), {
      description: 'openTasks, promisesDue, people (companies)… from the modules that contribute',
    }),
    amounts: Type.Record(Type.String(), Type.Object({ amountMinor: Type.Integer(), currency: Type.String() }), {
      description: "openDeals (the total of the open deals you may see, in the workspace's currency)… from the modules",
    }),
    flags: Type.Array(CardFlag, { description: 'Most severe first' }),
    credit: Type.Optional(
      Nullable(
        Type.Object(
          {
            status: StringEnum(['good', 'watch', 'hold'] as const),
            reason: Nullable(Type.String()),
            manual: Type.Optional(Type.Boolean()),
            exposure: Type.Optional(Nullable(Type.Object({ amountMinor: Type.Integer(), currency: Type.String() }))),
            overdueDays: Type.Optional(Nullable(Type.Integer())),
          },
          {
            description:
              "The company's credit status (accounts); exposure and overdueDays only where your role may see credit figures",
          },
        ),
      ),
    ),
  },
  { title: 'ContextCard', description: 'Fields your role hides are null (never a hint of their value)' },
);
export type ContextCard = Static<typeof ContextCard>;
