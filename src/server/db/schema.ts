/** Row types of every table (hand-written; migrations are the source of truth). */
import type { Generated } from 'kysely';

export interface WorkspaceTable {
  id: string;
  name: string;
  default_country: string;
  default_currency: string;
  timezone: string;
  business_hours: string;
  modules: string;
  cadence_defaults: Generated<string>;
  /** JSON array of industry names; null = the built-in list. */
  industries: string | null;
  /** JSON array of topic names; null = the built-in list. */
  communication_topics: string | null;
  version: Generated<number>;
  updated_at: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface RolesTable {
  id: string;
  key: string;
  name: string;
  builtin: number;
  policy: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role_id: string;
  active: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserTeamsTable {
  user_id: string;
  team_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  prefix: string;
  user_id: string;
  scopes: string;
  expires_at: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface Address {
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface CompaniesTable extends Address {
  id: string;
  name: string;
  name_sort: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  owner_id: string | null;
  team_id: string | null;
  tags: string;
  parent_id: string | null;
  credit_limit_minor: number | string | null;
  credit_limit_currency: string | null;
  custom_fields: string;
  cadence_days: number | null;
  last_contact_at: string | null;
  last_contact_by: string | null;
  last_contact_channel: string | null;
  last_two_way_at: string | null;
  contact_due_at: string | null;
  value_tier: string | null;
  flags: Generated<string>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The ERP's id of the company (unique when set): orders, invoices and payments find it by this. */
  external_id: string | null;
  /** good | watch | hold: from the credit rules, or set by hand (finance module). */
  credit_status: Generated<string>;
  credit_reason: string | null;
  /** 1 when the status was set by hand (credit_overrides), not from the rules. */
  credit_manual: Generated<number>;
  credit_exposure_minor: number | string | null;
  credit_currency: string | null;
  credit_overdue_days: number | null;
  /** Customer value (finance module, customer-value.ts): figures in value_currency, recomputed as orders change. */
  value_lifetime_minor: number | string | null;
  value_12m_minor: number | string | null;
  value_clv_minor: number | string | null;
  value_currency: string | null;
  rfm_segment: string | null;
  /** low | medium | high; churn_reasons is a JSON array of the reasons in words. */
  churn_risk: string | null;
  churn_reasons: string | null;
  value_computed_at: string | null;
}

export interface PeopleTable extends Address {
  id: string;
  first_name: string;
  last_name: string;
  name_sort: string;
  job_title: string | null;
  company_id: string | null;
  primary_email: string | null;
  primary_phone: string | null;
  owner_id: string | null;
  team_id: string | null;
  tags: string;
  lifecycle_stage: string;
  preferred_channel: string | null;
  preferred_language: string | null;
  consent: string;
  /** JSON array of the communication topics (workspace setting) the person has chosen to hear about. */
  topics: Generated<string>;
  custom_fields: string;
  cadence_days: number | null;
  last_contact_at: string | null;
  last_contact_by: string | null;
  last_contact_channel: string | null;
  last_two_way_at: string | null;
  contact_due_at: string | null;
  value_tier: string | null;
  flags: Generated<string>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** When the person's personal data was erased (a privacy request or the retention rule); null otherwise. */
  erased_at: Generated<string | null>;
}

export interface PersonEmailsTable {
  id: string;
  person_id: string;
  email: string;
  label: string;
  position: number;
}

export interface PersonPhonesTable {
  id: string;
  person_id: string;
  e164: string;
  label: string;
  position: number;
}

export interface CustomFieldDefsTable {
  id: string;
  object: string;
  key: string;
  label: string;
  type: string;
  options: string;
  required: number;
  help_text: string | null;
  position: number;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SavedViewsTable {
  id: string;
  user_id: string;
  object: string;
  name: string;
  shared: number;
  state: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  object: string;
  record_id: string | null;
  changes: string;
  meta: string;
  request_id: string | null;
  ip: string | null;
}

export interface EventsTable {
  id: string;
  at: string;
  type: string;
  actor_id: string | null;
  object: string;
  record_id: string;
  payload: string;
}

export interface TimelineTable {
  id: string;
  at: string;
  event_id: string;
  type: string;
  department: string | null;
  person_id: string | null;
  company_id: string | null;
  /** The record it is linked to (typed link): a kind of record and its id. */
  subject_kind: string | null;
  subject_id: string | null;
  actor_id: string | null;
  object: string;
  record_id: string;
  summary: string;
  payload: string;
}

export interface OutboxTable {
  id: string;
  event_id: string;
  consumer: string;
  type: string;
  payload: string;
  created_at: string;
  available_at: string;
  attempts: Generated<number>;
  processed_at: string | null;
  last_error: string | null;
}

export interface ActivitiesTable {
  id: string;
  type: string;
  direction: string | null;
  channel: string | null;
  department: string;
  subject: string;
  body_html: string | null;
  occurred_at: string;
  duration_seconds: number | null;
  outcome: string | null;
  two_way: number;
  person_id: string | null;
  company_id: string | null;
  /** The record it is linked to (typed link): a kind of record and its id. */
  subject_kind: string | null;
  subject_id: string | null;
  deal_id: string | null;
  case_id: string | null;
  promise_id: string | null;
  owner_id: string | null;
  team_id: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface TasksTable {
  id: string;
  title: string;
  notes: string | null;
  due_at: string | null;
  remind_at: string | null;
  reminded_at: string | null;
  status: string;
  priority: Generated<string>;
  assignee_id: string | null;
  team_id: string | null;
  person_id: string | null;
  company_id: string | null;
  /** The record it is linked to (typed link): a kind of record and its id. */
  subject_kind: string | null;
  subject_id: string | null;
  created_by: string | null;
  completed_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PromisesTable {
  id: string;
  description: string;
  person_id: string | null;
  company_id: string | null;
  /** The record it is linked to (typed link): a kind of record and its id. */
  subject_kind: string | null;
  subject_id: string | null;
  owner_id: string;
  team_id: string | null;
  department: string;
  due_at: string;
  remind_at: string | null;
  reminded_at: string | null;
  status: string;
  resolved_at: string | null;
  customer_told_at: string | null;
  renegotiated_from: string | null;
  /** When the owner was told the promise is overdue (set once by the reminder job). */
  overdue_notified_at: Generated<string | null>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SearchDocumentsTable {
  kind: string;
  record_id: string;
  owner_id: string | null;
  team_id: string | null;
  title: string;
  subtitle: string | null;
  terms: string;
  updated_at: string;
}

/** Failed logins per email (modules/identity/login-backoff.ts). */
export interface LoginBackoffTable {
  email: string;
  failures: number;
  last_failed_at: string;
  blocked_until: string | null;
}

export interface JobsTable {
  id: string;
  type: string;
  owner_id: string | null;
  status: string;
  params: string;
  progress_done: Generated<number>;
  progress_total: number | null;
  message: string | null;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  lease_token: string | null;
  lease_until: string | null;
  cancel_requested: Generated<number>;
  result_path: string | null;
  result_name: string | null;
  result_type: string | null;
  error: string | null;
  schedule: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string | null;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  job_type: string;
  params: string;
  next_run_at: string;
  last_run_at: string | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  template: string;
  /** The template's data as JSON; emptied once sent, so a link in it does not outlive the delivery. */
  data: string;
  subject: string | null;
  /** pending | sent | failed */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** JSON threading headers of a case reply ({ messageId, inReplyTo, references, replyTo }); null otherwise. */
  headers: string | null;
}

export interface DevMailboxTable {
  id: string;
  outbox_id: string | null;
  from_address: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  created_at: string;
  /** JSON threading headers the mail would have carried; null for mail without any. */
  headers: string | null;
}

export interface PasswordTokensTable {
  id: string;
  user_id: string;
  /** reset | invite */
  purpose: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  ip: string | null;
  created_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of event types (`person.created`, or `*` for all). */
  events: string;
  secret: string;
  enabled: number;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  /** pending | succeeded | failed */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  replay_of: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface MetricRollupsTable {
  metric_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** '' when the event names no user / the user has no team. */
  user_id: string;
  team_id: string;
  /** '' on the plain row; else the extra dimension this row splits by (e.g. `channel`), with its value. */
  dim: string;
  dim_value: string;
  numerator: number;
  denominator: number;
  count: number;
}

export interface CaseRatingsTable {
  case_id: string;
  person_id: string | null;
  /** 1 to 5. */
  score: number;
  comment: string | null;
  /** `email` (the signed link) or `portal`. */
  source: string;
  owner_id: string | null;
  team_id: string | null;
  channel: string;
  case_type_id: string | null;
  rated_at: string;
  updated_at: string;
}

export interface ServiceSettingsTable {
  /** Always 'default': one row. */
  id: string;
  /** A reopen within this many days of a first-contact resolution takes the flag back. */
  fcr_reopen_days: number;
  updated_at: string;
}

export interface PortalSettingsTable {
  /** Always 'default': one row. */
  id: string;
  /** JSON array of case type ids customers may raise; null: requests carry no case type. */
  allowed_case_type_ids: string | null;
  logo_url: string | null;
  /** #rrggbb */
  accent_color: string | null;
  updated_at: string;
}

export interface CaseRatingRequestsTable {
  /** The resolution event that mailed the link. */
  event_id: string;
  case_id: string;
  sent_at: string;
  expires_at: string;
}

export interface MetricRollupEventsTable {
  event_id: string;
  processed_at: string;
}

export interface ObjectivesTable {
  id: string;
  name: string;
  problem: string | null;
  metric_id: string;
  /** JSON: `{ teamId?, userId? }`. */
  filter: string;
  baseline_from: string;
  baseline_to: string;
  baseline_value: number | null;
  /** JSON: `{ relativeChange }` or `{ value }`, as given. */
  target: string;
  target_value: number | null;
  start_date: string;
  end_date: string;
  owner_id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DashboardsTable {
  id: string;
  name: string;
  description: string | null;
  owner_id: string;
  /** `private` (its owner), `team` (the members of `team_id`) or `everyone` (every staff login). */
  visibility: string;
  team_id: string | null;
  /** JSON: `{ columns }`. */
  layout: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DashboardWidgetsTable {
  id: string;
  dashboard_id: string;
  position: number;
  /** `metric` | `trend` | `bar` | `funnel` | `records`. */
  kind: string;
  title: string;
  /** `small` | `medium` | `large`: how many of the dashboard's columns it spans. */
  size: string;
  /** JSON: what the widget reads (metric, filter, period, by, objective, pipeline, metrics, object, view, filters). */
  config: string;
}

export interface DashboardSharesTable {
  id: string;
  dashboard_id: string;
  /** SHA-256 (hex) of the link's token; the token itself is shown once. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface ObjectiveKeyResultsTable {
  id: string;
  objective_id: string;
  position: number;
  metric_id: string;
  /** JSON: `{ teamId?, userId? }`. */
  filter: string;
  weight: number;
  /** JSON: `{ relativeChange }` or `{ value }`, as given. */
  target: string;
  target_value: number | null;
  baseline_value: number | null;
}

export interface ObjectiveCheckInsTable {
  id: string;
  objective_id: string;
  at: string;
  author_id: string | null;
  comment: string;
  value: number | null;
}

export interface SetupStateTable {
  id: string;
  business_kind: string | null;
  watched_metrics: Generated<string>;
  completed_at: string | null;
  completed_by: string | null;
}

export interface DB {
  articles: ArticlesTable;
  case_messages: CaseMessagesTable;
  case_attachments: CaseAttachmentsTable;
  canned_responses: CannedResponsesTable;
  portal_users: PortalUsersTable;
  portal_links: PortalLinksTable;
  portal_sessions: PortalSessionsTable;
  portal_link_attempts: PortalLinkAttemptsTable;
  portal_visits: PortalVisitsTable;
  setup_state: SetupStateTable;
  orders: OrdersTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  erp_sync_state: ErpSyncStateTable;
  erp_connection: ErpConnectionTable;
  erp_sync_runs: ErpSyncRunsTable;
  credit_rules: CreditRulesTable;
  credit_overrides: CreditOverridesTable;
  metric_rollups: MetricRollupsTable;
  metric_rollup_events: MetricRollupEventsTable;
  case_ratings: CaseRatingsTable;
  case_rating_requests: CaseRatingRequestsTable;
  portal_settings: PortalSettingsTable;
  service_settings: ServiceSettingsTable;
  objectives: ObjectivesTable;
  objective_check_ins: ObjectiveCheckInsTable;
  objective_key_results: ObjectiveKeyResultsTable;
  dashboards: DashboardsTable;
  dashboard_widgets: DashboardWidgetsTable;
  dashboard_shares: DashboardSharesTable;
  quotas: QuotasTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  lost_reasons: LostReasonsTable;
  deals: DealsTable;
  case_types: CaseTypesTable;
  cases: CasesTable;
  sla_policies: SlaPoliciesTable;
  holidays: HolidaysTable;
  service_cost_rates: ServiceCostRatesTable;
  case_costs: CaseCostsTable;
  sequences: SequencesTable;
  products: ProductsTable;
  deal_lines: DealLinesTable;
  lead_forms: LeadFormsTable;
  lead_form_submissions: LeadFormSubmissionsTable;
  deal_people: DealPeopleTable;
  deal_stage_history: DealStageHistoryTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  mail_outbox: MailOutboxTable;
  dev_mailbox: DevMailboxTable;
  password_tokens: PasswordTokensTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  login_backoff: LoginBackoffTable;
  activities: ActivitiesTable;
  tasks: TasksTable;
  promises: PromisesTable;
  notifications: NotificationsTable;
  search_documents: SearchDocumentsTable;
  workspace: WorkspaceTable;
  teams: TeamsTable;
  roles: RolesTable;
  users: UsersTable;
  user_teams: UserTeamsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  companies: CompaniesTable;
  people: PeopleTable;
  person_emails: PersonEmailsTable;
  person_phones: PersonPhonesTable;
  custom_field_defs: CustomFieldDefsTable;
  saved_views: SavedViewsTable;
  audit_log: AuditLogTable;
  events: EventsTable;
  timeline: TimelineTable;
  outbox: OutboxTable;
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  import_changes: ImportChangesTable;
  import_mappings: ImportMappingsTable;
  duplicate_pairs: DuplicatePairsTable;
  process_reviews: ProcessReviewsTable;
  objective_digests: ObjectiveDigestsTable;
  merges: MergesTable;
  merge_moves: MergeMovesTable;
  record_redirects: RecordRedirectsTable;
  consent_records: ConsentRecordsTable;
  privacy_settings: PrivacySettingsTable;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  record_object: string | null;
  record_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface PipelinesTable {
  id: string;
  name: string;
  description: string | null;
  position: number;
  archived: number;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PipelineStagesTable {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  stalled_after_days: number | null;
  /** JSON array of deal field keys (`amount`, `expectedCloseDate`, `cf.<key>` ...). */
  required_fields: string;
  playbook: string | null;
  outcome: 'open' | 'won' | 'lost';
  created_at: string;
  updated_at: string;
}

export interface LostReasonsTable {
  id: string;
  label: string;
  position: number;
  active: number;
  created_at: string;
}

export interface DealsTable {
  id: string;
  name: string;
  pipeline_id: string;
  stage_id: string;
  amount_minor: number | string | null;
  currency: string | null;
  expected_close_date: string | null;
  company_id: string | null;
  owner_id: string | null;
  team_id: string | null;
  source: string | null;
  next_step: string | null;
  next_step_date: string | null;
  commit_flag: number;
  lost_reason_id: string | null;
  lost_note: string | null;
  closed_at: string | null;
  stage_entered_at: string;
  tags: string;
  custom_fields: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface DealPeopleTable {
  deal_id: string;
  person_id: string;
  role: string;
  position: number;
}

export interface DealStageHistoryTable {
  id: string;
  deal_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  changed_at: string;
  changed_by: string | null;
  days_in_stage: number | null;
}

export interface QuotasTable {
  id: string;
  subject_kind: 'user' | 'team';
  subject_id: string;
  /** `2027`, `2027-Q1` or `2027-03`. */
  period: string;
  amount_minor: number | string | null;
  currency: string | null;
  deal_count: number | null;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  id: string;
  name: string;
  sku: string;
  unit_price_minor: number | string;
  currency: string;
  active: number;
  description: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DealLinesTable {
  id: string;
  deal_id: string;
  position: number;
  product_id: string | null;
  description: string;
  /** Thousandths of a unit (1.5 units = 1500). */
  quantity_milli: number | string;
  unit_price_minor: number | string;
  currency: string;
  /** Hundredths of a percent (12.5 % = 1250). */
  discount_bp: number;
  total_minor: number | string;
}

export interface LeadFormsTable {
  id: string;
  name: string;
  /** JSON array of the fields the form asks for (firstName, lastName, email, phone, companyName, message, country). */
  fields: string;
  pipeline_id: string;
  stage_id: string;
  owner_id: string | null;
  assign_team_id: string | null;
  /** JSON object: ISO country code → user id. */
  assign_by_country: string;
  /** The team member who got the last submission (round-robin). */
  last_assigned_id: string | null;
  thank_you_url: string | null;
  active: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LeadFormSubmissionsTable {
  id: string;
  form_id: string;
  person_id: string;
  deal_id: string;
  person_created: number;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  message: string | null;
  ip: string | null;
  created_at: string;
}

export interface CaseTypesTable {
  id: string;
  name: string;
  default_priority: string;
  default_queue_id: string | null;
  /** JSON array of case field keys (`description`, `personId`, `cf.<key>` …) a case of this type must have. */
  required_fields: string;
  /** Markdown: the documented steps to resolve a case of this type. */
  process: string | null;
  position: number;
  archived: number;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CasesTable {
  id: string;
  /** `C-1001`: unique, numbered in the create transaction from `sequences`. */
  reference: string;
  subject: string;
  description: string | null;
  channel: string;
  case_type_id: string | null;
  priority: string;
  status: string;
  /** The assignee. */
  owner_id: string | null;
  /** The queue. */
  team_id: string | null;
  person_id: string | null;
  company_id: string | null;
  related_case_ids: string;
  tags: string;
  custom_fields: string;
  opened_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
  pending_count: Generated<number>;
  /** Customer-facing messages after the customer's first: replies sent, and the customer's messages but the first. */
  exchange_count: Generated<number>;
  /** Set while the case waits on the customer: the SLA clocks stand still. */
  sla_paused_at: string | null;
  /** Business minutes spent waiting on the customer, added to both targets. */
  sla_paused_minutes: number;
  sla_policy_id: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  /** The next clock to beat: the first-response due time until the first response, then the resolution due time. */
  sla_due_at: string | null;
  /** The due time the case's people were last warned about (one warning per due time). */
  sla_warned_due_at: Generated<string | null>;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ServiceCostRatesTable {
  id: string;
  currency: string;
  /** Minor units per agent-minute logged on a case. */
  agent_minute_minor: number;
  /** JSON object: channel → minor units per case that comes in on it. */
  channels: string;
  version: Generated<number>;
  updated_at: string;
}

export interface CaseCostsTable {
  id: string;
  case_id: string;
  /** channel: the channel's cost when the case came in; time: minutes an agent logged. */
  kind: 'channel' | 'time';
  user_id: string | null;
  minutes: number | null;
  cost_minor: number;
  currency: string;
  note: string | null;
  at: string;
  /** The `case.created` event a channel cost came from (one entry per event). */
  source_event_id: string | null;
  created_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  name: string;
  /** Null: any priority. */
  priority: string | null;
  /** Null: any case type. */
  case_type_id: string | null;
  first_response_minutes: number;
  resolution_minutes: number;
  created_at: string;
  updated_at: string;
}

export interface HolidaysTable {
  date: string;
  name: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

/** Orders, invoices and payments from the ERP (finance module): money in minor units of `currency`. */
interface ErpRecordColumns {
  id: string;
  external_id: string;
  company_id: string | null;
  person_id: string | null;
  currency: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface OrdersTable extends ErpRecordColumns {
  number: string;
  status: string;
  ordered_at: string;
  total_minor: number | string;
  /** JSON array of `{ product, quantity, unitPriceMinor }`. */
  lines: Generated<string>;
}

export interface InvoicesTable extends ErpRecordColumns {
  number: string;
  status: string;
  issued_at: string;
  due_at: string;
  total_minor: number | string;
  amount_paid_minor: number | string;
  outstanding_minor: number | string;
  lines: Generated<string>;
  /** When the "is N days overdue" timeline entry was written (once per invoice). */
  overdue_noted_at: string | null;
}

export interface PaymentsTable extends ErpRecordColumns {
  invoice_id: string | null;
  paid_at: string;
  amount_minor: number | string;
  method: string | null;
}

export interface ErpSyncStateTable {
  kind: string;
  external_id: string;
  record_id: string | null;
  source_updated_at: string;
  deleted: Generated<number>;
}

/** The ERP pull connector's settings (one row, id 'default'); `auth_value` is never sent back in full. */
export interface ErpConnectionTable {
  id: string;
  /** JSON: per entity (companies, orders, invoices, payments) its feed URL, format, records path, mapping, defaults. */
  entities: Generated<string>;
  auth_header: string | null;
  auth_value: string | null;
  /** Cron expression of the scheduled pull, or null (run by hand only). */
  schedule: string | null;
  /** The user the sync writes as (who saved the connection). */
  run_as: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** The sync log: one row per run of the pull connector. */
export interface ErpSyncRunsTable {
  id: string;
  job_id: string | null;
  trigger: string;
  status: string;
  requested_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** JSON: per entity rows in, created, updated, unchanged, rejected (with the first reasons), or its error. */
  entities: Generated<string>;
  error: string | null;
  /** The import a run of trigger `import` came from (a CSV of orders, invoices or payments). */
  import_id: Generated<string | null>;
}

export interface CreditRulesTable {
  id: string;
  rules: string;
  updated_at: string;
  updated_by: string | null;
}

export interface CreditOverridesTable {
  company_id: string;
  status: string;
  reason: string;
  set_by: string | null;
  set_at: string;
}

export interface ImportsTable {
  id: string;
  kind: string;
  owner_id: string;
  file_name: string;
  file_path: string;
  size_bytes: number | string;
  encoding: string;
  delimiter: string;
  /** csv | xlsx | vcard */
  format: Generated<string>;
  /** XLSX: JSON array of the workbook's sheet names. */
  sheets: string | null;
  /** XLSX: the sheet read. */
  sheet: string | null;
  /** JSON array of the header row's cells. */
  headers: string;
  /** JSON: the run's mapping, match, update and mode, once a run was asked for. */
  options: string | null;
  status: string;
  job_id: string | null;
  /** Checkpoint: rows of the file (after the header) already handled, written with their records. */
  rows_done: Generated<number>;
  total: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  rejected: Generated<number>;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  undone_at: string | null;
}

export interface ImportMappingsTable {
  id: string;
  kind: string;
  name: string;
  /** JSON array of the headers the mapping was saved from. */
  headers: string;
  /** JSON object: header to field key (or null). */
  mapping: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ImportRejectionsTable {
  import_id: string;
  /** dry-run | run */
  phase: string;
  row_number: number;
  seq: number;
  column_name: string | null;
  reason: string;
}

export interface ImportChangesTable {
  import_id: string;
  row_number: number;
  record_id: string;
  /** created | updated */
  action: string;
  /** JSON: for an update, the previous values of the fields it changed, as the kind's update input. */
  previous: string | null;
}

export interface DuplicatePairsTable {
  id: string;
  kind: string;
  /** The smaller of the two record ids. */
  a_id: string;
  b_id: string;
  score: number;
  /** JSON array of reasons ("same email", "similar name 0.93"). */
  reasons: string;
  /** open | dismissed */
  status: string;
  /** The scan that last found the pair. */
  scan_id: string;
  found_at: string;
  dismissed_at: string | null;
  dismissed_by: string | null;
}

export interface ArticlesTable {
  id: string;
  title: string;
  summary: string | null;
  /** Markdown, rendered and sanitised when read. */
  body: string;
  category: string | null;
  /** internal (staff only) or public (the portal, without signing in). */
  visibility: string;
  /** draft or published. */
  status: string;
  published_at: string | null;
  related_article_ids: string;
  tags: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CaseMessagesTable {
  id: string;
  case_id: string;
  /** in: from the customer; out: to the customer. */
  direction: string;
  internal: number;
  body: string;
  channel: string;
  author_user_id: string | null;
  author_portal_user_id: string | null;
  /** The name shown on the message (the customer's, for a portal message). */
  author_name: string | null;
  created_at: string;
  /** The RFC 5322 Message-ID, with its angle brackets: minted for a mailed reply, as received for inbound mail. */
  message_id: string | null;
  /** The sender address of an inbound mail. */
  email_from: string | null;
  /** 1 for an automatic reply or a bounce (recorded, but never reopens, opens or answers a case). */
  automated: Generated<number>;
}

export interface CaseAttachmentsTable {
  id: string;
  case_id: string;
  /** The case message it came with (case_messages.id). */
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  /** stored | refused */
  status: string;
  refused_reason: string | null;
  /** The content's sha-256: its file name under the data folder's `attachments/`; null when refused. */
  sha256: string | null;
  created_at: string;
}

export interface CannedResponsesTable {
  id: string;
  name: string;
  body: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PortalUsersTable {
  id: string;
  person_id: string;
  email: string;
  /** invited, active or revoked. */
  status: string;
  company_admin: number;
  invited_at: string;
  invited_by: string | null;
  activated_at: string | null;
  last_visit_at: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PortalLinksTable {
  token_hash: string;
  portal_user_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface PortalSessionsTable {
  token_hash: string;
  portal_user_id: string;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface PortalLinkAttemptsTable {
  id: string;
  key: string;
  at: string;
}

export interface PortalVisitsTable {
  id: string;
  /** The browser's anonymous visitor cookie. */
  visitor_id: string;
  portal_user_id: string | null;
  person_id: string | null;
  started_at: string;
  last_at: string;
  searches: number;
  article_views: number;
  helpful_yes: number;
  helpful_no: number;
  request_case_id: string | null;
  /** Set once the follow-up window has passed and the visit was judged. */
  evaluated_at: string | null;
  deflected: number | null;
}

export interface ProcessReviewsTable {
  kind: string;
  process_id: string;
  owner_id: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  updated_at: string;
}

export interface ObjectiveDigestsTable {
  week: string;
  sent_at: string;
  recipients: number;
}

/** A merge of records of one kind into a survivor (duplicates module). */
export interface MergesTable {
  id: string;
  kind: string;
  survivor_id: string;
  /** JSON array of the ids merged into the survivor. */
  merged_ids: string;
  /** JSON: the field choices, field key → id of the record its value came from. */
  fields: string;
  /** JSON: the survivor's values the merge overwrote, as the kind's update input (what undo writes back). */
  previous: string;
  /** The survivor's version right after the merge: undo refuses when it has changed since. */
  survivor_version: number;
  /** merged | undone */
  status: string;
  created_by: string | null;
  created_at: string;
  undone_at: string | null;
  undone_by: string | null;
}

/** One link a merge moved (or removed, when the survivor already had it): what undo puts back. */
export interface MergeMovesTable {
  id: string;
  merge_id: string;
  seq: number;
  /** The merged record the link pointed at. */
  from_id: string;
  table_name: string;
  column_name: string;
  /** The column and value that find the row again (its id, or the other half of a composite key). */
  key_column: string;
  key_value: string;
  /** JSON of the whole row when the merge deleted it instead of moving it (the survivor already had that link). */
  removed_row: string | null;
}

/** A merged record's id answering with the survivor's (old links and API clients keep working). */
export interface RecordRedirectsTable {
  kind: string;
  from_id: string;
  to_id: string;
  merge_id: string;
  created_at: string;
}

/** One consent decision about a person for a purpose: append-only; the newest record per purpose is in force. */
export interface ConsentRecordsTable {
  id: string;
  person_id: string;
  /** `email`, `phone`, `sms`, `post` (the contact channels) or any other purpose key (`newsletter`, `profiling`). */
  purpose: string;
  granted: number;
  /** How it was given or withdrawn ("web form", "call", "Customer portal"). */
  source: string;
  /** The version of the wording the person agreed to or withdrew from. */
  wording_version: string | null;
  /** The record it superseded (the previous one for the same purpose), if any. */
  supersedes_id: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

/** The retention rule (one row, id `default`). */
export interface PrivacySettingsTable {
  id: string;
  retention_enabled: number;
  retention_months: number;
  /** flag | anonymise */
  retention_action: string;
  updated_at: string;
  updated_by: string | null;
}
