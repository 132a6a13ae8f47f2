/** Constructs every module's service once, wiring the few that call each other. */
import type { Config } from './config.ts';
import { type Database, refreshStatistics } from './db/database.ts';
import { ActivitiesService, registerActivitiesMetrics } from './modules/activities/index.ts';
import { registerAdoptionMetrics } from './modules/adoption/index.ts';
import { AuditService } from './modules/audit/index.ts';
import { CompaniesService, CreateCompany, UpdateCompany } from './modules/companies/index.ts';
import { ContextCardService } from './modules/context-card/index.ts';
import { CustomFieldsService } from './modules/custom-fields/index.ts';
import { DashboardsService } from './modules/dashboards/index.ts';
import { DuplicatesService, MergeService } from './modules/duplicates/index.ts';
import { ExportsService } from './modules/exports/index.ts';
import {
  ErpConnector,
  FinanceService,
  type InvoicesRecords,
  invoicesRecords,
  type OrdersRecords,
  ordersRecords,
  type PaymentsRecords,
  paymentsRecords,
  registerFinanceMetrics,
} from './modules/finance/index.ts';
import { HandbookService } from './modules/handbook/index.ts';
import { AccountService, IdentityService } from './modules/identity/index.ts';
import { ImportsService } from './modules/imports/index.ts';
import { recordKinds } from './modules/kinds.ts';
import { ArticlesService } from './modules/knowledge/index.ts';
import { GoingColdService, MyDayService, NotificationsService, RemindersJob } from './modules/my-day/index.ts';
import { ObjectivesDigest, ObjectivesService } from './modules/objectives/index.ts';
import { CreatePerson, PeopleService, registerPeopleMetrics, UpdatePerson } from './modules/people/index.ts';
import {
  PortalAuthService,
  PortalRequestsService,
  PortalService,
  PortalSettingsService,
  PortalVisitsService,
  registerPortalMetrics,
} from './modules/portal/index.ts';
import { PrivacyService } from './modules/privacy/index.ts';
import { PromisesService, registerPromisesMetrics } from './modules/promises/index.ts';
import { QualityService, registerQualityMetrics } from './modules/quality/index.ts';
import {
  DealsService,
  LeadFormsService,
  PerformanceService,
  PipelinesService,
  ProductsService,
  QuotasService,
  registerSalesMetrics,
} from './modules/sales/index.ts';
import { SearchService } from './modules/search/index.ts';
import {
  CannedResponsesService,
  CaseCostsService,
  CaseMessagesService,
  CasesService,
  CaseTypesService,
  CsatService,
  InboundEmailService,
  pollImap,
  registerServiceMetrics,
  ServiceSettingsService,
  SlaService,
  SlaWarningsJob,
} from './modules/service/index.ts';
import { SetupService } from './modules/setup/index.ts';
import { TasksService } from './modules/tasks/index.ts';
import { TimelineService } from './modules/timeline/index.ts';
import { ViewsService } from './modules/views/index.ts';
import { WebhooksService } from './modules/webhooks/index.ts';
import { WorkspaceService } from './modules/workspace/index.ts';
import { EventBus } from './platform/events.ts';
import { JobRunner, JobsService } from './platform/jobs/index.ts';
import { Mailer } from './platform/mail/index.ts';
import { MetricRegistry, MetricRollups, MetricsService } from './platform/metrics/index.ts';
import { kernelsOf } from './platform/records/kernel.ts';
import { LinkTargets } from './platform/records/links.ts';
import { searchIndexFor } from './platform/search/search-index.ts';

export interface Services {
  database: Database;
  events: EventBus;
  jobRunner: JobRunner;
  jobs: JobsService;
  workspace: WorkspaceService;
  identity: IdentityService;
  mailer: Mailer;
  accounts: AccountService;
  customFields: CustomFieldsService;
  people: PeopleService;
  companies: CompaniesService;
  audit: AuditService;
  views: ViewsService;
  activities: ActivitiesService;
  timeline: TimelineService;
  contextCard: ContextCardService;
  search: SearchService;
  tasks: TasksService;
  promises: PromisesService;
  notifications: NotificationsService;
  reminders: RemindersJob;
  goingCold: GoingColdService;
  myDay: MyDayService;
  exports: ExportsService;
  webhooks: WebhooksService;
  pipelines: PipelinesService;
  deals: DealsService;
  caseTypes: CaseTypesService;
  sla: SlaService;
  serviceSettings: ServiceSettingsService;
  cases: CasesService;
  products: ProductsService;
  leadForms: LeadFormsService;
  handbook: HandbookService;
  quotas: QuotasService;
  performance: PerformanceService;
  metrics: MetricsService;
  metricRollups: MetricRollups;
  objectives: ObjectivesService;
  dashboards: DashboardsService;
  objectivesDigest: ObjectivesDigest;
  setup: SetupService;
  orders: OrdersRecords;
  invoices: InvoicesRecords;
  payments: PaymentsRecords;
  finance: FinanceService;
  erpConnector: ErpConnector;
  imports: ImportsService;
  privacy: PrivacyService;
  duplicates: DuplicatesService;
  merges: MergeService;
  quality: QualityService;
  articles: ArticlesService;
  caseMessages: CaseMessagesService;
  caseCosts: CaseCostsService;
  inboundEmail: InboundEmailService;
  cannedResponses: CannedResponsesService;
  portalAuth: PortalAuthService;
  portal: PortalService;
  portalVisits: PortalVisitsService;
  csat: CsatService;
  portalRequests: PortalRequestsService;
  portalSettings: PortalSettingsService;
}

/** Every kind a task, promise or activity can be about, with how to find one the actor may see and its anchors. */
function registerLinkTargets(
  links: LinkTargets,
  s: {
    people: PeopleService;
    companies: CompaniesService;
    tasks: TasksService;
    promises: PromisesService;
    activities: ActivitiesService;
    deals: DealsService;
  },
): void {
  links.register({
    kind: 'people',
    singular: 'person',
    find: async (ctx, db, id) => {
      const p = (await s.people.briefs(ctx, [id], db)).get(id);
      return p ? { personId: id, companyId: p.companyId } : undefined;
    },
  });
  links.register({
    kind: 'companies',
    singular: 'company',
    find: async (ctx, db, id) =>
      (await s.companies.visibleBriefs(ctx, [id], db)).has(id) ? { personId: null, companyId: id } : undefined,
  });
  links.register({ kind: 'tasks', singular: 'task', find: (ctx, db, id) => s.tasks.linkAnchors(ctx, db, id) });
  links.register({ kind: 'promises', singular: 'promise', find: (ctx, db, id) => s.promises.linkAnchors(ctx, db, id) });
  links.register({
    kind: 'activities',
    singular: 'activity',
    find: (ctx, db, id) => s.activities.linkAnchors(ctx, db, id),
  });
  links.register({ kind: 'deals', singular: 'deal', find: (ctx, db, id) => s.deals.linkAnchors(ctx, db, id) });
}

export function createServices(
  database: Database,
  config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours'> &
    Partial<
      Pick<
        Config,
        | 'dataDir'
        | 'jobRetentionHours'
        | 'mailUrl'
        | 'mailFrom'
        | 'baseUrl'
        | 'webhookAllowPrivate'
        | 'inboundDomain'
        | 'inboundMaxBytes'
        | 'attachmentMaxBytes'
        | 'imapUrl'
        | 'secret'
      >
    >,
  /** `clock`: the reminders' idea of now (default the wall clock); the benchmark gives it the dataset's clock. */
  opts: { clock?: () => Date } = {},
): Services {
  const events = new EventBus(database);
  const jobRunner = new JobRunner({
    database,
    dataDir: config.dataDir ?? 'data',
    retentionHours: config.jobRetentionHours ?? 72,
  });
  const jobs = new JobsService(jobRunner);
  const workspace = new WorkspaceService(database);
  const identity = new IdentityService(database, config);
  const mailer = new Mailer(database, config);
  const accounts = new AccountService({ database, identity, mailer, workspace });
  const customFields = new CustomFieldsService(database);
  const people = new PeopleService({ database, events, workspace, customFields });
  const companies = new CompaniesService({ database, events, workspace, customFields, people });
  const pipelines = new PipelinesService(database);
  const quotas = new QuotasService(database);
  const deals = new DealsService({ database, events, workspace, customFields, people, companies, pipelines, quotas });
  const caseTypes = new CaseTypesService(database);
  const sla = new SlaService({ database, workspace, caseTypes });
  const serviceSettings = new ServiceSettingsService(database);
  const cases = new CasesService({
    database,
    events,
    workspace,
    customFields,
    people,
    companies,
    caseTypes,
    sla,
    settings: serviceSettings,
  });
  // Accounts: orders, invoices and payments from the ERP, and credit control (its won guard on deals).
  const clock = opts.clock ?? (() => new Date());
  const erpDeps = {
    database,
    events,
    workspace,
    customFields,
    companies,
    today: () => clock().toISOString().slice(0, 10),
  };
  const orders = ordersRecords(erpDeps);
  const invoices = invoicesRecords(erpDeps);
  const payments = paymentsRecords(erpDeps);
  const finance = new FinanceService({
    database,
    events,
    workspace,
    people,
    companies,
    payments,
    complaints: cases,
    clock,
  });
  deals.setWonGuard((ctx, db, companyId) => finance.wonGuard(ctx, db, companyId));
  const articles = new ArticlesService({ database, events, workspace, index: searchIndexFor(database.dialect) });
  const caseMessages = new CaseMessagesService({
    database,
    events,
    cases,
    people,
    workspace,
    mailer,
    inboundDomain: config.inboundDomain,
  });
  const caseCosts = new CaseCostsService({ database, events, workspace, cases });
  caseCosts.subscribe(events);
  finance.subscribe(events);
  // Customer satisfaction: a signed rating link mailed on every resolution.
  const csat = new CsatService({
    database,
    events,
    mailer,
    people,
    workspace,
    secret: config.secret ?? 'dev-only-secret-change-me-in-production',
  });
  csat.subscribe(events);
  people.wireCompanies(companies);
  const audit = new AuditService(database);
  // The kinds tasks, promises and activities can be linked to (typed links), each found as the actor may see it.
  const links = new LinkTargets();
  const activities = new ActivitiesService({ database, events, people, companies, links });
  const timeline = new TimelineService({ database, people, companies, links });
  const contextCard = new ContextCardService({
    people,
    companies,
    // The kinds with context cards (tasks and promises have none).
    kernels: kernelsOf([people, companies, deals, cases, orders, invoices, payments, articles], recordKinds.names()),
  });
  const search = new SearchService({
    database,
    workspace,
    people,
    contextCard,
    index: searchIndexFor(database.dialect),
  });
  const tasks = new TasksService({ database, events, workspace, people, companies, links });
  const promises = new PromisesService({ database, events, workspace, people, companies, activities, links });
  registerLinkTargets(links, { people, companies, tasks, promises, activities, deals });
  // Every kind of record has saved views and a field catalogue: its kernel, from the registry.
  const views = new ViewsService(
    database,
    Object.fromEntries(
      kernelsOf(
        [people, companies, deals, cases, orders, invoices, payments, articles, tasks, promises],
        recordKinds.names(),
        {
          every: true,
        },
      ).map((k) => [k.kind.name, k]),
    ),
  );
  links.register({ kind: 'cases', singular: 'case', find: (ctx, db, id) => cases.linkAnchors(ctx, db, id) });
  contextCard.register(tasks);
  contextCard.register(promises);
  contextCard.register(deals);
  contextCard.register(finance);
  const notifications = new NotificationsService(database);
  const reminders = new RemindersJob({ database, workspace, tasks, promises, notifications, clock: opts.clock });
  const goingCold = new GoingColdService({ people, companies });
  const myDay = new MyDayService({ workspace, tasks, promises, goingCold, notifications });
  const exports = new ExportsService({
    database,
    jobRunner,
    identity,
    kernels: kernelsOf(
      [people, companies, deals, cases, orders, invoices, payments, articles, tasks, promises],
      recordKinds.names(),
      {
        every: true,
      },
    ),
  });
  const webhooks = new WebhooksService({
    database,
    events,
    identity,
    notifications,
    allowPrivate: config.webhookAllowPrivate ?? false,
  });
  // Each module registers its metrics; the rollup consumer then subscribes to the events they count.
  const metricRegistry = new MetricRegistry();
  registerSalesMetrics(metricRegistry);
  registerActivitiesMetrics(metricRegistry);
  registerPeopleMetrics(metricRegistry);
  registerPromisesMetrics(metricRegistry);
  registerServiceMetrics(metricRegistry);
  registerFinanceMetrics(metricRegistry);
  registerPortalMetrics(metricRegistry);
  registerAdoptionMetrics(metricRegistry);
  registerQualityMetrics(metricRegistry);
  const metricRollups = new MetricRollups(database, metricRegistry);
  metricRollups.subscribe(events);
  const metrics = new MetricsService(database, metricRegistry);
  // Recurring work runs on the job runner: each due time once across instances, in its own lane (never behind an export).
  const merges = new MergeService({ database, events, people, companies, clock: opts.clock });
  const quality = new QualityService({ database, events, people, companies, workspace, clock: opts.clock });
  jobRunner.recurring('data_quality.measure', '0 40 2 * * *', () => quality.measure());
  jobRunner.recurring('events.dispatch', '* * * * * *', async () => ({
    message: `${await events.drain(100, 5)} delivered`,
  }));
  jobRunner.recurring('webhooks.deliver', '* * * * * *', async () => ({
    message: `${await webhooks.drain()} delivered`,
  }));
  jobRunner.recurring('reminders', '0 * * * * *', (job) => reminders.runJob(job));
  // Warnings before an SLA breach, to the case's assignee or its queue (once per due time).
  const slaWarnings = new SlaWarningsJob({ database, workspace, identity, notifications, clock: opts.clock });
  jobRunner.recurring('sla.warnings', '30 * * * * *', (job) => slaWarnings.runJob(job));
  const objectives = new ObjectivesService({ database, metrics, clock: opts.clock });
  const objectivesDigest = new ObjectivesDigest({
    database,
    objectives,
    metrics,
    workspace,
    mailer,
    clock: opts.clock,
  });
  // Custom dashboards read metrics, objectives' targets, pipeline totals and record lists as the viewer may see them.
  const dashboards = new DashboardsService({
    database,
    metrics,
    objectives,
    deals,
    views,
    kernels: Object.fromEntries(
      kernelsOf(
        [people, companies, deals, cases, orders, invoices, payments, articles, tasks, promises],
        recordKinds.names(),
        {
          every: true,
        },
      ).map((k) => [k.kind.name, k]),
    ),
    baseUrl: config.baseUrl,
    clock: opts.clock,
  });
  // Hourly: the digest goes out on the first run from Monday morning in the workspace's time zone, once a week.
  jobRunner.recurring('objectives.digest', '0 5 * * * *', () => objectivesDigest.runJob());
  // The ERP pull connector: its runs are jobs (requested work), its schedule enqueues them once across instances.
  const erpConnector = new ErpConnector({
    database,
    jobRunner,
    identity,
    finance,
    allowPrivate: config.webhookAllowPrivate ?? false,
  });
  jobRunner.recurring('credit.recheck', '0 10 3 * * *', async () => ({
    message: `${await finance.recomputeAll()} companies re-checked`,
  }));
  // Planner statistics of the tables that grew or shrank a lot since their last analysis (also when autovacuum is off).
  jobRunner.recurring('db.statistics', '0 40 * * * *', async () => {
    await refreshStatistics(database);
    return { message: 'planner statistics refreshed' };
  });
  // Recency moves every day: customer value and churn risk are recomputed nightly (and per company on each ERP batch).
  jobRunner.recurring('customer-value.refresh', '0 20 3 * * *', async () => ({
    message: `${await finance.recomputeAllValues()} companies valued`,
  }));
  // Portal visits are judged once their follow-up window has passed (self-service metrics).
  const portalVisits = new PortalVisitsService({ database, events, cases, clock: opts.clock });
  jobRunner.recurring('portal.visits', '0 7 * * * *', async () => ({
    message: `${await portalVisits.evaluateDue()} visits judged`,
  }));
  const leadForms = new LeadFormsService({
    database,
    events,
    workspace,
    people,
    deals,
    pipelines,
    baseUrl: config.baseUrl,
  });
  const portalSettings = new PortalSettingsService({ database, caseTypes });
  const inboundEmail = new InboundEmailService({
    database,
    cases,
    people,
    messages: caseMessages,
    workspace,
    dataDir: config.dataDir ?? 'data',
    attachmentMaxBytes: config.attachmentMaxBytes ?? 10 * 1024 * 1024,
    inboundDomain: config.inboundDomain,
  });
  const portal = new PortalService({
    database,
    files: inboundEmail,
    events,
    people,
    cases,
    messages: caseMessages,
    articles,
    workspace,
    settings: portalSettings,
  });
  // Inbound mail by IMAP: the mailbox polled every minute, only when RAPPORT_IMAP_URL is set.
  const imapUrl = config.imapUrl;
  if (imapUrl) {
    jobRunner.recurring('email.imap', '0 * * * * *', async () => {
      const n = await pollImap(
        imapUrl,
        (raw, envelope) => inboundEmail.receiveEmail(raw, envelope),
        config.inboundMaxBytes ?? 25 * 1024 * 1024,
      );
      return {
        message: `${n.stored} stored, ${n.duplicates} duplicates, ${n.ignored} ignored, ${n.skipped} too big, ${n.failed} failed, ${n.refused} left for when the service module is on`,
      };
    });
  }
  return {
    database,
    events,
    jobRunner,
    jobs,
    workspace,
    identity,
    mailer,
    accounts,
    customFields,
    people,
    companies,
    audit,
    views,
    activities,
    timeline,
    contextCard,
    search,
    tasks,
    promises,
    notifications,
    reminders,
    goingCold,
    myDay,
    exports,
    webhooks,
    pipelines,
    deals,
    caseTypes,
    sla,
    serviceSettings,
    cases,
    products: new ProductsService({ database, deals }),
    leadForms,
    handbook: new HandbookService({ database, workspace, pipelines, leadForms, caseTypes, sla, audit }),
    quotas,
    performance: new PerformanceService({ database, workspace, activities, pipelines }),
    metrics,
    metricRollups,
    objectives,
    dashboards,
    objectivesDigest,
    setup: new SetupService({
      database,
      workspace,
      pipelines,
      caseTypes,
      sla,
      customFields,
      objectives,
      metrics,
      clock: opts.clock,
    }),
    orders,
    invoices,
    payments,
    finance,
    erpConnector,
    imports: new ImportsService({
      database,
      jobRunner,
      identity,
      customFields,
      workspace,
      dataDir: config.dataDir ?? 'data',
      kinds: {
        people: { kernel: people.records, create: CreatePerson, update: UpdatePerson },
        companies: { kernel: companies.records, create: CreateCompany, update: UpdateCompany },
      },
      // Orders, invoices and payments from an ERP's CSV export: through the accounts module's own ERP sync.
      erp: {
        enabled: () => workspace.isEnabled('accounts'),
        assertCanSync: (ctx, kind) => finance.assertCanSync(ctx, kind),
        upsertChunk: (ctx, db, kind, records, o) => finance.upsertChunk(ctx, db, kind, records, o),
        openImportRun: (db, input) => finance.openImportRun(db, input),
        logImportChunk: (db, runId, chunk) => finance.logImportChunk(db, runId, chunk),
        closeImportRun: (runId, status, error) => finance.closeImportRun(runId, status, error),
      },
    }),
    privacy: new PrivacyService({ database, events, people, jobRunner, dataDir: config.dataDir ?? 'data' }),
    duplicates: new DuplicatesService({ database, jobRunner, identity, people, companies, workspace, merges }),
    merges,
    quality,
    articles,
    caseMessages,
    caseCosts,
    inboundEmail,
    cannedResponses: new CannedResponsesService(database),
    portalAuth: new PortalAuthService({ database, events, people, workspace, mailer, clock: opts.clock }),
    portal,
    portalVisits,
    csat,
    portalSettings,
    portalRequests: new PortalRequestsService({ database, events, portal, cases, messages: caseMessages, csat }),
  };
}
