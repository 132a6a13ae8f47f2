import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { notFound } from '../../platform/errors.ts';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { CompanyView } from '../companies/index.ts';
import type { ErpConnector } from './erp-connector.service.ts';
import type { ErpRecords } from './erp-records.service.ts';
import {
  AccountsOverview,
  CreditRules,
  CustomerValueView,
  ErpBatch,
  ErpConnection,
  ErpConnectionInput,
  ErpSyncRun,
  InvoiceView,
  OrderView,
  PaymentView,
  SetCreditStatus,
  SyncResult,
} from './finance.schemas.ts';
import type { ErpKind, FinanceService } from './finance.service.ts';

type Action = 'read' | 'create' | 'update' | 'delete' | 'export';
const rule = (object: string, action: Action) => ({ access: { object, action }, module: 'accounts' }) as const;

// biome-ignore lint/suspicious/noExplicitAny: the three ERP kinds' readers, whatever their DTOs
type AnyRecords = ErpRecords<any, any>;

export interface FinanceRoutesOptions {
  finance: FinanceService;
  orders: AnyRecords;
  invoices: AnyRecords;
  payments: AnyRecords;
  connector: ErpConnector;
}

/** The read routes of one ERP kind: list, export, get, history (the ERP sync writes them). */
function readRoutes(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  kind: { name: string; singular: string; plural: string; view: TSchema; records: AnyRecords },
) {
  const { name, singular, plural, view, records } = kind;
  const an = singular === 'order' ? 'an' : 'a';
  recordRoutes(app, {
    path: name,
    object: name,
    module: 'accounts',
    tag: 'accounts',
    names: { one: singular[0]!.toUpperCase() + singular.slice(1), many: plural[0]!.toUpperCase() + plural.slice(1) },
    view,
    service: records,
    summaries: {
      list: `List ${plural} from the ERP (filter companyId:eq:<id> for one company's)`,
      export: `Export matching ${plural} as CSV (only fields you may read)`,
      get: `Get ${an} ${singular}`,
      history: `Field history of ${an} ${singular} (what each ERP update changed)`,
    },
  });
}

const SYNC: { kind: ErpKind; op: string; what: string; schema: string }[] = [
  { kind: 'companies', op: 'syncErpCompanies', what: 'company', schema: 'ErpCompany' },
  { kind: 'orders', op: 'syncErpOrders', what: 'order', schema: 'ErpOrder' },
  { kind: 'invoices', op: 'syncErpInvoices', what: 'invoice', schema: 'ErpInvoice' },
  { kind: 'payments', op: 'syncErpPayments', what: 'payment', schema: 'ErpPayment' },
];

export const financeRoutes: FastifyPluginAsyncTypebox<FinanceRoutesOptions> = async (app, opts) => {
  const { finance } = opts;
  readRoutes(app, { name: 'orders', singular: 'order', plural: 'orders', view: OrderView, records: opts.orders });
  readRoutes(app, {
    name: 'invoices',
    singular: 'invoice',
    plural: 'invoices',
    view: InvoiceView,
    records: opts.invoices,
  });
  readRoutes(app, {
    name: 'payments',
    singular: 'payment',
    plural: 'payments',
    view: PaymentView,
    records: opts.payments,
  });

  for (const s of SYNC) {
    app.put(
      `/erp/${s.kind}`,
      {
        config: rule(s.kind, 'update'),
        schema: {
          operationId: s.op,
          tags: ['accounts'],
          summary: `Upsert up to 1,000 ${s.kind} from the ERP, keyed by its ids (idempotent; older updates ignored)`,
          description:
            `Each record is checked on its own (see ${s.schema}): a bad one is answered in \`rejected\` with JSON ` +
            'pointers while the others are written, all in one transaction. A record whose `updatedAt` is not later ' +
            'than the one stored changes nothing (`unchanged`); `"deleted": true` moves it to the bin.',
          body: ErpBatch(s.what, s.schema),
          response: { 200: SyncResult, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => finance.sync(request.ctx(), s.kind, request.body.records),
    );
  }

  // ---------- the pull connector ----------

  app.get(
    '/erp/connection',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'getErpConnection',
        tags: ['accounts'],
        summary: "The ERP pull connector's feeds, mapping and schedule (the auth secret only as a hint)",
        response: { 200: ErpConnection, ...errors(401, 403, 404) },
      },
    },
    async (request) => opts.connector.get(request.ctx()),
  );

  app.put(
    '/erp/connection',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'setErpConnection',
        tags: ['accounts'],
        summary: 'Set the ERP feeds (URL, format, field mapping per entity), the auth header and the schedule',
        description:
          'The sync writes as the user who saves the connection. Feed URLs must be public (as webhook targets). ' +
          'An `auth` without `value` keeps the stored secret; `auth: null` removes it.',
        body: ErpConnectionInput,
        response: { 200: ErpConnection, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => opts.connector.set(request.ctx(), request.body),
  );

  app.post(
    '/erp/sync',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'runErpSync',
        tags: ['accounts'],
        summary: 'Pull the ERP feeds now (a job with progress; answered at once with the queued run)',
        response: { 202: ErpSyncRun, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await opts.connector.runNow(request.ctx())),
  );

  app.get(
    '/erp/sync-runs',
    {
      config: rule('invoices', 'read'),
      schema: {
        operationId: 'listErpSyncRuns',
        tags: ['accounts'],
        summary: 'The sync log: the latest pulls, newest first, with per entity counts and rejections',
        response: { 200: DataEnvelope(ErpSyncRun), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await opts.connector.runs(request.ctx()) }),
  );

  app.get(
    '/erp/sync-runs/:id',
    {
      config: rule('invoices', 'read'),
      schema: {
        operationId: 'getErpSyncRun',
        tags: ['accounts'],
        summary: 'One run of the sync log',
        params: IdParams,
        response: { 200: ErpSyncRun, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const run = await opts.connector.run(request.ctx(), request.params.id);
      if (!run) throw notFound('erp_sync_runs');
      return run;
    },
  );

  app.get(
    '/accounts/credit-rules',
    {
      config: rule('invoices', 'read'),
      schema: {
        operationId: 'getCreditRules',
        tags: ['accounts'],
        summary: 'The credit rules: when a company goes on watch or hold, and what a deal won while on hold does',
        response: { 200: CreditRules, ...errors(401, 403, 404) },
      },
    },
    async (request) => finance.rules(request.ctx()),
  );

  app.put(
    '/accounts/credit-rules',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'setCreditRules',
        tags: ['accounts'],
        summary: 'Change the credit rules (every company is re-checked under them)',
        body: CreditRules,
        response: { 200: CreditRules, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => finance.setRules(request.ctx(), request.body),
  );

  app.get(
    '/accounts/overview',
    {
      config: rule('invoices', 'read'),
      schema: {
        operationId: 'getAccountsOverview',
        tags: ['accounts'],
        summary: 'The accounts home: overdue invoices by age, customers on hold, recent payments',
        response: { 200: AccountsOverview, ...errors(401, 403, 404) },
      },
    },
    async (request) => finance.overview(request.ctx()),
  );

  app.get(
    '/companies/:id/value',
    {
      config: rule('orders', 'read'),
      schema: {
        operationId: 'getCompanyValue',
        tags: ['accounts'],
        summary: "A company's customer value from its orders: revenue, RFM segment, CLV and churn risk with reasons",
        params: IdParams,
        response: { 200: CustomerValueView, ...errors(401, 403, 404) },
      },
    },
    async (request) => finance.value(request.ctx(), request.params.id),
  );

  app.put(
    '/companies/:id/credit-status',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'setCompanyCreditStatus',
        tags: ['accounts'],
        summary: "Set a company's credit status by hand, with a reason (it stays until cleared)",
        params: IdParams,
        body: SetCreditStatus,
        response: { 200: CompanyView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => finance.setStatus(request.ctx(), request.params.id, request.body),
  );

  app.delete(
    '/companies/:id/credit-status',
    {
      config: rule('invoices', 'update'),
      schema: {
        operationId: 'clearCompanyCreditStatus',
        tags: ['accounts'],
        summary: 'Clear a credit status set by hand: the credit rules decide again',
        params: IdParams,
        response: { 200: CompanyView, ...errors(401, 403, 404) },
      },
    },
    async (request) => finance.clearStatus(request.ctx(), request.params.id),
  );
};
