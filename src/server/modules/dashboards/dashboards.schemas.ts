/** Request and response schemas of custom dashboards: their widgets, their computed data and their share links. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const VISIBILITIES = ['private', 'team', 'everyone'] as const;
export const WIDGET_KINDS = ['metric', 'trend', 'bar', 'funnel', 'records'] as const;
export const WIDGET_SIZES = ['small', 'medium', 'large'] as const;
export const PERIODS = [
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'this_month',
  'this_quarter',
  'this_year',
] as const;
export type Period = (typeof PERIODS)[number];
export type WidgetKind = (typeof WIDGET_KINDS)[number];

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const WidgetFilter = Type.Object(
  {
    teamId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Count only this team' })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Count only this user' })),
  },
  { additionalProperties: false, title: 'WidgetFilter' },
);

const widgetProps = {
  kind: StringEnum(WIDGET_KINDS, {
    description:
      '`metric`: value with the change from the period before; `trend`: a line (with an objective’s target line); `bar`: a metric by a dimension; `funnel`: the deals in each stage of a pipeline, or a sequence of metrics; `records`: a table of records of a kind',
  }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  size: Type.Optional(
    StringEnum(WIDGET_SIZES, { description: 'How wide on a desk: a quarter, half or the whole row (default small)' }),
  ),
  metricId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'metric, trend and bar' })),
  filter: Type.Optional(WidgetFilter),
  period: Type.Optional(StringEnum(PERIODS, { description: 'Default last_30_days' })),
  by: Type.Optional(
    Type.String({
      pattern: '^[a-zA-Z_]+$',
      maxLength: 40,
      description: "bar: `team`, `user` or another of the metric's dimensions",
    }),
  ),
  objectiveId: Type.Optional(Id),
  pipelineId: Type.Optional(Id),
  metricIds: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      maxItems: 8,
      description: 'funnel: a sequence of metrics (instead of a pipeline), each a step',
    }),
  ),
  object: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'records: the kind of record' })),
  viewId: Type.Optional(Id),
  filters: Type.Optional(
    Type.Array(Type.String({ maxLength: 600 }), {
      maxItems: 20,
      description: 'records: list filters (`field:op:value`), when no saved view is named',
    }),
  ),
  sort: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'records: rows shown (default 10)' })),
};

export const WidgetInput = Type.Object(
  { id: Type.Optional(Id), ...widgetProps },
  { additionalProperties: false, title: 'DashboardWidgetInput' },
);
export type WidgetInput = Static<typeof WidgetInput>;

export const Widget = Type.Object(
  {
    id: Type.String(),
    ...widgetProps,
    size: StringEnum(WIDGET_SIZES),
    period: StringEnum(PERIODS),
  },
  { title: 'DashboardWidget' },
);
export type Widget = Static<typeof Widget>;

export const Layout = Type.Object(
  { columns: Type.Integer({ minimum: 1, maximum: 4, description: 'Columns on a desk (a phone shows one)' }) },
  { additionalProperties: false, title: 'DashboardLayout' },
);

const Widgets = Type.Array(WidgetInput, { maxItems: 24, description: 'In order; their positions follow' });

export const CreateDashboard = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    visibility: Type.Optional(StringEnum(VISIBILITIES, { description: 'Default private' })),
    teamId: Type.Optional(Nullable(Id)),
    layout: Type.Optional(Layout),
    widgets: Type.Optional(Widgets),
  },
  { additionalProperties: false },
);
export type CreateDashboard = Static<typeof CreateDashboard>;

export const UpdateDashboard = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    visibility: Type.Optional(StringEnum(VISIBILITIES)),
    teamId: Type.Optional(Nullable(Id)),
    layout: Type.Optional(Layout),
    widgets: Type.Optional(Widgets),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDashboard = Static<typeof UpdateDashboard>;

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const Dashboard = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    owner: Ref,
    visibility: StringEnum(VISIBILITIES),
    team: Nullable(Ref),
    layout: Layout,
    widgets: Type.Array(Widget),
    canEdit: Type.Boolean({ description: 'Whether you may change it (its owner, or an admin)' }),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Dashboard' },
);
export type Dashboard = Static<typeof Dashboard>;

export const DashboardSummary = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    owner: Ref,
    visibility: StringEnum(VISIBILITIES),
    team: Nullable(Ref),
    widgetCount: Type.Integer(),
    canEdit: Type.Boolean(),
    updatedAt: Type.String(),
  },
  { title: 'DashboardSummary' },
);
export type DashboardSummary = Static<typeof DashboardSummary>;

const Value = Nullable(Type.Number());

export const WidgetData = Type.Object(
  {
    widgetId: Type.String(),
    kind: StringEnum(WIDGET_KINDS),
    from: Type.String({ description: 'First day counted (YYYY-MM-DD)' }),
    to: Type.String({ description: 'Last day counted' }),
    interval: Type.Optional(StringEnum(['day', 'week', 'month'] as const)),
    value: Type.Optional(Value),
    previous: Type.Optional(
      Type.Object(
        { from: Type.String(), to: Type.String(), value: Value },
        { description: 'metric: the period before' },
      ),
    ),
    series: Type.Optional(
      Type.Array(
        Type.Object({
          period: Type.String(),
          value: Value,
          target: Type.Optional(Value),
        }),
      ),
    ),
    objective: Type.Optional(
      Nullable(Type.Object({ id: Type.String(), name: Type.String(), target: Value, perWeek: Type.Boolean() })),
    ),
    groups: Type.Optional(
      Type.Array(Type.Object({ key: Nullable(Type.String()), label: Type.String(), value: Value })),
    ),
    steps: Type.Optional(
      Type.Array(
        Type.Object({
          key: Type.String({ description: 'The stage id or the metric id' }),
          label: Type.String(),
          value: Value,
          amountMinor: Type.Optional(Type.Number()),
        }),
      ),
    ),
    records: Type.Optional(
      Type.Object({
        object: Type.String(),
        columns: Type.Array(Type.String(), { description: 'Field keys to show, from the view or the kind' }),
        total: Type.Integer(),
        totalCapped: Type.Boolean(),
        filters: Type.Array(Type.String()),
        sort: Nullable(Type.String()),
        rows: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
          description: 'The records as their own list answers them (fields your role hides are left out)',
        }),
      }),
    ),
    error: Type.Optional(
      Type.Object(
        { code: Type.String(), title: Type.String(), detail: Type.String() },
        { description: 'Why this widget has no data for you' },
      ),
    ),
  },
  { title: 'DashboardWidgetData' },
);
export type WidgetData = Static<typeof WidgetData>;

export const DashboardData = Type.Object(
  {
    dashboardId: Type.String(),
    today: Type.String(),
    widgets: Type.Array(WidgetData),
  },
  { title: 'DashboardData' },
);
export type DashboardData = Static<typeof DashboardData>;

export const Share = Type.Object(
  {
    id: Type.String(),
    createdAt: Type.String(),
    createdBy: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
    token: Type.Optional(Type.String({ description: 'Only when created: the link cannot be shown again' })),
    url: Type.Optional(Type.String({ description: 'Only when created: the link to hand out' })),
  },
  { title: 'DashboardShare' },
);
export type Share = Static<typeof Share>;

export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });
export const ShareParams = Type.Object({ id: Id, shareId: Id });
