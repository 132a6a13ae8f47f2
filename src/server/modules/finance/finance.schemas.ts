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

// ---------- the pull connector ----------

const FeedUrl = Type.String({ minLength: 1, maxLength: 2000, description: 'https:// (or http://) URL of the feed' });
const FieldName = Type.String({ minLength: 1, maxLength: 200 });

export const ErpFeed = Type.Object(
  {
    url: FeedUrl,
    format: StringEnum(['json', 'csv'] as const, { description: 'json: an array of objects; csv: a header row' }),
    recordsPath: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 200,
          description: 'JSON: dotted path to the array (default: the document, or its records/data/items)',
        }),
      ),
    ),
    delimiter: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1, description: 'CSV delimiter' }))),
    fields: Type.Optional(
      Type.Record(Type.String(), FieldName, {
        description: "Rapport field (e.g. `total.amountMinor`) → the feed's field (CSV column or dotted JSON path)",
      }),
    ),
    defaults: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), {
        description: 'Rapport field → value used when the feed gives none (e.g. `total.currency`: `EUR`)',
      }),
    ),
  },
  { additionalProperties: false, title: 'ErpFeed' },
);
export type ErpFeed = Static<typeof ErpFeed>;

const Feeds = Type.Object(
  {
    companies: Type.Optional(ErpFeed),
    orders: Type.Optional(ErpFeed),
    invoices: Type.Optional(ErpFeed),
    payments: Type.Optional(ErpFeed),
  },
  { additionalProperties: false },
);

export const ErpConnectionInput = Type.Object(
  {
    entities: Feeds,
    auth: Type.Optional(
      Nullable(
        Type.Object(
          {
            header: Type.String({
              minLength: 1,
              maxLength: 100,
              pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
              description: 'e.g. Authorization',
            }),
            value: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 4000,
                description: 'The secret; leave out to keep the stored one. Never answered in full.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    schedule: Nullable(
      Type.String({
        maxLength: 100,
        description: 'Cron expression of the scheduled pull (e.g. `*/15 * * * *`), or null',
      }),
    ),
  },
  { additionalProperties: false, title: 'ErpConnectionInput' },
);
export type ErpConnectionInput = Static<typeof ErpConnectionInput>;

export const ErpConnection = Type.Object(
  {
    configured: Type.Boolean({ description: 'Whether at least one feed is set' }),
    entities: Feeds,
    auth: Nullable(
      Type.Object({
        header: Type.String(),
        valueHint: Type.String({ description: 'The last characters of the stored secret, e.g. `…k9Qz`' }),
      }),
    ),
    schedule: Nullable(Type.String()),
    nextRunAt: Nullable(Type.String({ description: 'When the schedule next runs' })),
    runAs: Nullable(Ref),
    updatedAt: Nullable(Type.String()),
  },
  { title: 'ErpConnection' },
);
export type ErpConnection = Static<typeof ErpConnection>;

export const ErpEntityRun = Type.Object(
  {
    entity: StringEnum(['companies', 'orders', 'invoices', 'payments'] as const),
    rowsIn: Type.Integer({ description: 'Records read from the feed' }),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer(),
    rejections: Type.Array(
      Type.Object({
        row: Type.Integer({
          description: '1-based record number in the feed (CSV: data row, header not counted; an import: its file row)',
        }),
        externalId: Nullable(Type.String()),
        errors: Type.Array(
          Type.Object({ field: Type.String({ description: "The feed's field" }), detail: Type.String() }),
        ),
      }),
      { description: 'The first 100 rejected records with their reasons' },
    ),
    error: Nullable(Type.String({ description: 'Why the feed could not be read (then nothing of it was written)' })),
  },
  { title: 'ErpEntityRun' },
);
export type ErpEntityRun = Static<typeof ErpEntityRun>;

export const ErpSyncRun = Type.Object(
  {
    id: Type.String(),
    jobId: Nullable(Type.String()),
    trigger: StringEnum(['manual', 'schedule', 'import'] as const, {
      description: 'manual or schedule: a pull of the feeds; import: a CSV file uploaded through the importer',
    }),
    status: StringEnum(['queued', 'running', 'succeeded', 'failed'] as const),
    requestedBy: Nullable(Ref),
    createdAt: Type.String(),
    startedAt: Nullable(Type.String()),
    finishedAt: Nullable(Type.String()),
    entities: Type.Array(ErpEntityRun),
    error: Nullable(Type.String()),
    importId: Nullable(Type.String({ description: 'The import (trigger import): its rejected rows are under it' })),
  },
  { title: 'ErpSyncRun' },
);
export type ErpSyncRun = Static<typeof ErpSyncRun>;

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
