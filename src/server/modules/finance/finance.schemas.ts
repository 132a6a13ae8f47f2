/** Orders, invoices and payments from the ERP, the ERP sync's requests and answers, and credit control. */
import { type Static, type TSchema, Type } from 'typebox';
import { MAX_MINOR_UNITS, StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ORDER_STATUSES = ['open', 'fulfilled', 'cancelled'] as const;
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void'] as const;
export const CREDIT_STATUSES = ['good', 'watch', 'hold'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const Money = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: MAX_MINOR_UNITS, description: 'Minor units (cents)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false, title: 'Money' },
);
export type Money = Static<typeof Money>;

export const Line = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Type.Number({ minimum: 0, maximum: 1e9 }),
    unitPrice: Money,
  },
  { additionalProperties: false, title: 'ErpLine' },
);
export type Line = Static<typeof Line>;

const recordBase = {
  id: Type.String(),
  externalId: Type.String({ description: "The ERP's own id" }),
  companyId: Nullable(Type.String()),
  company: Nullable(Ref),
  personId: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
};

export const Order = Type.Object({
  ...recordBase,
  number: Type.String(),
  status: StringEnum(ORDER_STATUSES),
  orderedAt: Type.String({ description: 'YYYY-MM-DD' }),
  total: Money,
  lines: Type.Array(Line),
});
export type Order = Static<typeof Order>;
export const OrderView = Type.Partial(Order, { title: 'Order' });

export const Invoice = Type.Object({
  ...recordBase,
  number: Type.String(),
  status: StringEnum(INVOICE_STATUSES),
  issuedAt: Type.String({ description: 'YYYY-MM-DD' }),
  dueAt: Type.String({ description: 'YYYY-MM-DD' }),
  total: Money,
  amountPaid: Money,
  outstanding: Money,
  overdueDays: Type.Integer({ description: 'Days past the due date while money is outstanding (0: not overdue)' }),
  lines: Type.Array(Line),
});
export type Invoice = Static<typeof Invoice>;
export const InvoiceView = Type.Partial(Invoice, { title: 'Invoice' });

export const Payment = Type.Object({
  ...recordBase,
  invoiceId: Nullable(Type.String()),
  invoice: Nullable(Ref),
  paidAt: Type.String({ description: 'YYYY-MM-DD' }),
  amount: Money,
  method: Nullable(Type.String()),
});
export type Payment = Static<typeof Payment>;
export const PaymentView = Type.Partial(Payment, { title: 'Payment' });

// ---------- ERP sync ----------

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const ExternalId = Type.String({ minLength: 1, maxLength: 100 });
const syncBase = {
  externalId: ExternalId,
  updatedAt: Type.String({
    format: 'date-time',
    description: "When the ERP last changed the record: an update older than the one stored is ignored ('unchanged')",
  }),
  deleted: Type.Optional(Type.Boolean({ description: 'true: the ERP deleted it (deletions are never inferred)' })),
};
const companyLink = {
  companyExternalId: ExternalId,
  personId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'A person in Rapport' }))),
};

export const ErpCompany = Type.Object(
  {
    ...syncBase,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    domain: Type.Optional(Nullable(Type.String({ maxLength: 253 }))),
    creditLimit: Type.Optional(Nullable(Money)),
  },
  { additionalProperties: false, title: 'ErpCompany' },
);
export type ErpCompany = Static<typeof ErpCompany>;

export const ErpOrder = Type.Object(
  {
    ...syncBase,
    ...companyLink,
    number: Type.String({ minLength: 1, maxLength: 60 }),
    orderedAt: Day,
    status: StringEnum(ORDER_STATUSES),
    total: Money,
    lines: Type.Optional(Type.Array(Line, { maxItems: 500 })),
  },
  { additionalProperties: false, title: 'ErpOrder' },
);
export type ErpOrder = Static<typeof ErpOrder>;

export const ErpInvoice = Type.Object(
  {
    ...syncBase,
    ...companyLink,
    number: Type.String({ minLength: 1, maxLength: 60 }),
    issuedAt: Day,
    dueAt: Day,
    status: StringEnum(INVOICE_STATUSES),
    total: Money,
    amountPaid: Type.Optional(Money),
    lines: Type.Optional(Type.Array(Line, { maxItems: 500 })),
  },
  { additionalProperties: false, title: 'ErpInvoice' },
);
export type ErpInvoice = Static<typeof ErpInvoice>;

export const ErpPayment = Type.Object(
  {
    ...syncBase,
    ...companyLink,
    invoiceExternalId: Type.Optional(Nullable(ExternalId)),
    paidAt: Day,
    amount: Money,
    method: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false, title: 'ErpPayment' },
);
export type ErpPayment = Static<typeof ErpPayment>;

/** A deleted record needs only its id and time: `{"externalId": "INV-1", "updatedAt": "…", "deleted": true}`. */
export const ErpDeletion = Type.Object(
  { externalId: ExternalId, updatedAt: syncBase.updatedAt, deleted: Type.Literal(true) },
  { additionalProperties: true },
);

export const MAX_BATCH = 1000;

/** A batch: each record is checked on its own, so one bad record is rejected while the others land. */
export const ErpBatch = (what: string, schema: string) =>
  Type.Object(
    {
      records: Type.Array(
        Type.Unsafe<Record<string, unknown>>({ type: 'object', description: `One ${what}: see ${schema}` }),
        {
          minItems: 1,
          maxItems: MAX_BATCH,
        },
      ),
    },
    { additionalProperties: false },
  );

export const SyncRejection = Type.Object(
  {
    index: Type.Integer({ description: 'Position of the record in `records`' }),
    externalId: Nullable(Type.String()),
    errors: Type.Array(
      Type.Object({
        pointer: Type.String({ description: 'JSON pointer into the request body' }),
        detail: Type.String(),
      }),
    ),
  },
  { title: 'SyncRejection' },
);
export type SyncRejection = Static<typeof SyncRejection>;

export const SyncResult = Type.Object(
  {
    created: Type.Integer(),
    updated: Type.Integer({ description: 'Changed, deleted or restored' }),
    unchanged: Type.Integer({ description: 'Same as stored, or older than what is stored' }),
    rejected: Type.Array(SyncRejection),
  },
  { title: 'SyncResult' },
);
export type SyncResult = Static<typeof SyncResult>;

// ---------- credit control ----------

export const CreditRules = Type.Object(
  {
    holdWhenOverdueDays: Nullable(
      Type.Integer({
        minimum: 0,
        maximum: 3650,
        description: 'Hold when an invoice is more than this many days overdue',
      }),
    ),
    holdWhenOverLimit: Type.Boolean({ description: 'Hold when exposure is above the credit limit' }),
    watchWhenOverdueDays: Nullable(
      Type.Integer({
        minimum: 0,
        maximum: 3650,
        description: 'Watch when an invoice is at least this many days overdue',
      }),
    ),
    onWonWhileOnHold: StringEnum(['warn', 'block'] as const, {
      description: 'Moving a deal of a company on hold to Won: warn (the move is made, with a warning) or block (409)',
    }),
  },
  { additionalProperties: false, title: 'CreditRules' },
);
export type CreditRules = Static<typeof CreditRules>;

export const SetCreditStatus = Type.Object(
  {
    status: StringEnum(CREDIT_STATUSES),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false, title: 'SetCreditStatus' },
);
export type SetCreditStatus = Static<typeof SetCreditStatus>;

export const CompanyCreditView = Type.Object(
  {
    companyId: Type.String(),
    status: StringEnum(CREDIT_STATUSES),
    reason: Nullable(Type.String()),
    manual: Type.Boolean(),
    exposure: Type.Optional(Nullable(Type.Object({ amountMinor: Type.Integer(), currency: Type.String() }))),
    overdueDays: Type.Optional(Nullable(Type.Integer())),
  },
  { title: 'CompanyCreditState' },
);
export type CompanyCreditView = Static<typeof CompanyCreditView>;

export const AccountsOverview = Type.Object(
  {
    currency: Type.String(),
    overdueBuckets: Type.Array(
      Type.Object({
        bucket: StringEnum(['1-30', '31-60', '61-90', '90+'] as const),
        amountMinor: Type.Integer(),
        invoices: Type.Integer(),
      }),
      { description: "Overdue outstanding amounts by days past due (in the workspace's currency)" },
    ),
    onHold: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), reason: Nullable(Type.String()), manual: Type.Boolean() }),
    ),
    recentPayments: Type.Array(PaymentView),
  },
  { title: 'AccountsOverview' },
);
export type AccountsOverview = Static<typeof AccountsOverview>;

export const CustomerValueView = Type.Object(
  {
    companyId: Type.String(),
    currency: Type.String({ description: 'The currency the orders are counted in (others are left out)' }),
    lifetimeRevenueMinor: Type.Integer(),
    last12MonthsMinor: Type.Integer(),
    previous12MonthsMinor: Type.Integer(),
    orders: Type.Integer(),
    averageOrderMinor: Nullable(Type.Integer()),
    ordersLast12Months: Type.Integer({ description: 'Frequency' }),
    recencyDays: Nullable(Type.Integer({ description: 'Days since the last order' })),
    usualIntervalDays: Nullable(Type.Integer({ description: 'Median days between orders' })),
    rfm: Type.Object({
      recency: Type.Integer({ minimum: 1, maximum: 5 }),
      frequency: Type.Integer({ minimum: 1, maximum: 5 }),
      monetary: Type.Integer({ minimum: 1, maximum: 5 }),
      segment: StringEnum(['champions', 'loyal', 'new', 'promising', 'at_risk', 'hibernating', 'none'] as const),
    }),
    retention: Type.Number({ description: 'Retention estimate used by the CLV (0, 0.5 or 0.8)' }),
    clvMinor: Type.Integer({ description: 'AOV × frequency × r / (1 − r)' }),
    churnRisk: Type.Object({
      level: StringEnum(['low', 'medium', 'high'] as const),
      reasons: Type.Array(Type.String()),
    }),
  },
  { title: 'CustomerValue' },
);
export type CustomerValueView = Static<typeof CustomerValueView>;
