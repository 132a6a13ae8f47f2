/**
 * Custom dashboards: widgets (a metric's value with its change, a trend with an objective's target line, a metric by
 * a dimension, a funnel, a table of records) that people arrange and share.
 *
 * Every number is computed for the person looking: metrics through the metric service with the viewer's access (a rep
 * sees the rep's numbers, a team lead their teams'), funnels through the deals service's visible totals, tables
 * through the record kernel's list. A dashboard is visible to its owner, its team or everyone; a share link lets
 * anyone with a staff login open it, still with their own access. Writes are the owner's (or an admin's), audited.
 */
import type { Database, Executor } from '../../db/database.ts';
import { type Ctx, can } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { AppError, codedError, type FieldError, staleVersion, validation } from '../../platform/errors.ts';
import { newId, now, randomToken, sha256 } from '../../platform/ids.ts';
import { addDays, daysBetween, type MetricsService } from '../../platform/metrics/index.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import type { ObjectivesService } from '../objectives/index.ts';
import type { DealsService } from '../sales/index.ts';
import type { ViewsService } from '../views/index.ts';
import { DASHBOARDS_ERRORS } from './dashboards.errors.ts';
import * as repo from './dashboards.repository.ts';
import type {
  CreateDashboard,
  Dashboard,
  DashboardData,
  DashboardSummary,
  Period,
  Share,
  UpdateDashboard,
  Widget,
  WidgetData,
  WidgetInput,
} from './dashboards.schemas.ts';

type Interval = 'day' | 'week' | 'month';
// biome-ignore lint/suspicious/noExplicitAny: kernels of every kind, whatever their record types
type AnyKernel = RecordKernel<any, any, any>;

const notFound = () =>
  codedError(
    DASHBOARDS_ERRORS,
    'dashboards.not_found',
    'Not found',
    'There is no such dashboard, or it is not shared with you.',
  );

const DEFAULT_LAYOUT = { columns: 4 };
const RECORDS_LIMIT = 10;

/**
 * The days a period covers as of `today` (UTC), the series interval it is drawn with, and the period before it of the
 * same length (what a metric widget compares with). "Last N days" are whole days ending yesterday; "this month /
 * quarter / year" run from its first day up to today.
 */
export function periodRange(
  period: Period,
  today: string,
): { from: string; to: string; interval: Interval; previous: { from: string; to: string } } {
  let from: string;
  let to: string;
  let interval: Interval;
  const yesterday = addDays(today, -1);
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  switch (period) {
    case 'last_7_days':
      [from, to, interval] = [addDays(yesterday, -6), yesterday, 'day'];
      break;
    case 'last_30_days':
      [from, to, interval] = [addDays(yesterday, -29), yesterday, 'day'];
      break;
    case 'last_90_days':
      [from, to, interval] = [addDays(yesterday, -89), yesterday, 'week'];
      break;
    case 'this_month':
      [from, to, interval] = [`${today.slice(0, 7)}-01`, today, 'day'];
      break;
    case 'this_quarter':
      [from, to, interval] = [`${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, today, 'week'];
      break;
    case 'this_year':
      [from, to, interval] = [`${y}-01-01`, today, 'month'];
      break;
  }
  const days = daysBetween(from, to) + 1;
  const prevTo = addDays(from, -1);
  return { from, to, interval, previous: { from: addDays(prevTo, -(days - 1)), to: prevTo } };
}

/** The last day of a YYYY-MM month. */
function lastOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** How many days of [from, to] a series period (a day, a Monday-keyed week or a YYYY-MM month) covers. */
function daysIn(period: string, interval: Interval, from: string, to: string): number {
  const start = interval === 'month' ? `${period}-01` : period;
  const end = interval === 'day' ? period : interval === 'week' ? addDays(period, 6) : lastOfMonth(period);
  const a = start < from ? from : start;
  const b = end > to ? to : end;
  return b < a ? 0 : daysBetween(a, b) + 1;
}

/**
 * The widget as stored: its kind-specific settings in `config`. It keeps its id when it is one of the dashboard's
 * widgets already (`keep`); any other id (a widget copied from another dashboard) gets a new one.
 */
function widgetRow(dashboardId: string, w: WidgetInput, position: number, keep: ReadonlySet<string>): repo.WidgetRow {
  const { id, kind, title, size, ...config } = w;
  return {
    id: id !== undefined && keep.has(id) ? id : newId(),
    dashboard_id: dashboardId,
    position,
    kind,
    title: title.trim(),
    size: size ?? 'small',
    config: JSON.stringify({ period: 'last_30_days', ...config }),
  };
}

const widgetDto = (r: repo.WidgetRow): Widget =>
  ({
    ...(JSON.parse(r.config) as Record<string, unknown>),
    id: r.id,
    kind: r.kind,
    title: r.title,
    size: r.size,
  }) as Widget;

export class DashboardsService {
  readonly #d: {
    database: Database;
    metrics: MetricsService;
    objectives: ObjectivesService;
    deals: DealsService;
    views: ViewsService;
    kernels: Readonly<Record<string, AnyKernel>>;
    baseUrl: string;
    clock: () => Date;
  };

  constructor(d: {
    database: Database;
    metrics: MetricsService;
    objectives: ObjectivesService;
    deals: DealsService;
    views: ViewsService;
    kernels: Readonly<Record<string, AnyKernel>>;
    baseUrl?: string;
    clock?: () => Date;
  }) {
    this.#d = { ...d, baseUrl: (d.baseUrl ?? '').replace(/\/$/, ''), clock: d.clock ?? (() => new Date()) };
  }

  get #db() {
    return this.#d.database.db;
  }

  #today(): string {
    return this.#d.clock().toISOString().slice(0, 10);
  }

  #canRead(ctx: Ctx, row: repo.DashboardRow): boolean {
    if (row.owner_id === ctx.actor.id || row.visibility === 'everyone') return true;
    return row.visibility === 'team' && row.team_id !== null && ctx.actor.teamIds.includes(row.team_id);
  }

  #canEdit(ctx: Ctx, row: repo.DashboardRow): boolean {
    return row.owner_id === ctx.actor.id || can(ctx.actor, 'settings', 'update');
  }

  /** A dashboard the actor may open (404 otherwise, so a private dashboard's existence does not leak). */
  async #readable(ctx: Ctx, id: string, db: Executor = this.#db): Promise<repo.DashboardRow> {
    const row = await repo.find(db, id);
    if (!row || !this.#canRead(ctx, row)) throw notFound();
    return row;
  }

  async #editable(ctx: Ctx, id: string, db: Executor): Promise<repo.DashboardRow> {
    const row = await this.#readable(ctx, id, db);
    if (!this.#canEdit(ctx, row))
      throw codedError(
        DASHBOARDS_ERRORS,
        'dashboards.read_only',
        'Forbidden',
        'Only its owner (or an admin) may change this dashboard.',
      );
    return row;
  }

  async #dtos(ctx: Ctx, rows: repo.DashboardRow[], db: Executor = this.#db): Promise<Dashboard[]> {
    const widgets = await repo.widgets(
      db,
      rows.map((r) => r.id),
    );
    const users = await repo.names(db, 'users', [...new Set(rows.map((r) => r.owner_id))]);
    const teams = await repo.names(db, 'teams', [...new Set(rows.flatMap((r) => (r.team_id ? [r.team_id] : [])))]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      owner: { id: r.owner_id, name: users.get(r.owner_id) ?? '' },
      visibility: r.visibility as Dashboard['visibility'],
      team: r.team_id ? { id: r.team_id, name: teams.get(r.team_id) ?? '' } : null,
      layout: JSON.parse(r.layout) as Dashboard['layout'],
      widgets: widgets.filter((w) => w.dashboard_id === r.id).map(widgetDto),
      canEdit: this.#canEdit(ctx, r),
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async list(ctx: Ctx): Promise<{ data: DashboardSummary[] }> {
    const rows = await repo.listVisible(this.#db, ctx.actor.id, ctx.actor.teamIds);
    const dtos = await this.#dtos(ctx, rows);
    return {
      data: dtos.map(({ widgets, layout: _l, version: _v, createdAt: _c, ...d }) => ({
        ...d,
        widgetCount: widgets.length,
      })),
    };
  }

  async get(ctx: Ctx, id: string): Promise<Dashboard> {
    const row = await this.#readable(ctx, id);
    return (await this.#dtos(ctx, [row]))[0]!;
  }

  /** Checks what a write asks for; problems name the field (`/widgets/2/metricId`). */
  async #check(ctx: Ctx, db: Executor, input: Partial<CreateDashboard>, existing?: repo.DashboardRow) {
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    if (input.name !== undefined && input.name.trim() === '') err('/name', 'must not be blank');
    const visibility = input.visibility ?? existing?.visibility ?? 'private';
    const teamId = input.teamId !== undefined ? input.teamId : existing?.team_id;
    if (visibility === 'team') {
      if (!teamId) err('/teamId', 'a dashboard shared with a team names the team');
      else if (!(await repo.exists(db, 'teams', teamId))) err('/teamId', 'is not a team');
      else if (!ctx.actor.teamIds.includes(teamId) && !can(ctx.actor, 'settings', 'update'))
        err('/teamId', 'you may share only with a team you are in');
    }
    const seen = new Set<string>();
    for (const [i, w] of (input.widgets ?? []).entries()) {
      const p = `/widgets/${i}`;
      if (w.id !== undefined) {
        if (seen.has(w.id)) err(`${p}/id`, 'is given twice');
        seen.add(w.id);
      }
      if (w.title.trim() === '') err(`${p}/title`, 'must not be blank');
      await this.#checkWidget(ctx, w, p, err);
    }
    if (errors.length > 0) throw validation(errors);
  }

  async #checkWidget(ctx: Ctx, w: WidgetInput, p: string, err: (pointer: string, detail: string) => void) {
    const metric = (id: string | undefined, pointer: string) => {
      if (id === undefined) {
        err(pointer, `a ${w.kind} widget needs a metric`);
        return undefined;
      }
      const m = this.#d.metrics.registry.get(id);
      if (!m) err(pointer, 'is not a registered metric');
      return m;
    };
    if (w.kind === 'metric' || w.kind === 'trend' || w.kind === 'bar') {
      const m = metric(w.metricId, `${p}/metricId`);
      if (m && w.filter?.teamId && !m.dimensions.includes('team')) err(`${p}/filter/teamId`, 'the metric has no teams');
      if (m && w.filter?.userId && !m.dimensions.includes('user')) err(`${p}/filter/userId`, 'the metric has no users');
      if (w.kind === 'bar') {
        if (!w.by) err(`${p}/by`, 'a bar widget splits its metric by a dimension');
        else if (m && !m.dimensions.includes(w.by)) err(`${p}/by`, `must be one of ${m.dimensions.join(', ')}`);
      }
      if (w.kind === 'trend' && w.objectiveId !== undefined) {
        const o = await this.#d.objectives.targetLine(w.objectiveId);
        if (!o) err(`${p}/objectiveId`, 'is not an objective');
        else if (m && o.metricId !== m.id) err(`${p}/objectiveId`, 'the objective is on another metric');
      }
    } else if (w.kind === 'funnel') {
      if (w.pipelineId === undefined && (w.metricIds ?? []).length === 0)
        err(`${p}/pipelineId`, 'a funnel shows the stages of a pipeline, or a sequence of metrics (metricIds)');
      else if (w.pipelineId !== undefined && w.metricIds !== undefined)
        err(`${p}/metricIds`, 'a funnel shows a pipeline or metrics, not both');
      else if (w.pipelineId !== undefined) {
        try {
          await this.#d.deals.stageTotals(ctx, w.pipelineId);
        } catch (e) {
          if (e instanceof AppError && e.status === 404) err(`${p}/pipelineId`, 'is not a pipeline');
          else if (!(e instanceof AppError && e.status === 403)) throw e;
        }
      } else {
        if ((w.metricIds ?? []).length < 2) err(`${p}/metricIds`, 'a funnel of metrics has at least two steps');
        for (const [j, id] of (w.metricIds ?? []).entries()) metric(id, `${p}/metricIds/${j}`);
      }
    } else if (w.kind === 'records') {
      const kernel = w.object ? this.#d.kernels[w.object] : undefined;
      if (!w.object) err(`${p}/object`, 'a records widget names the kind of record');
      else if (!kernel) err(`${p}/object`, `must be one of ${Object.keys(this.#d.kernels).join(', ')}`);
      else if (!can(ctx.actor, kernel.kind.name, 'read')) err(`${p}/object`, 'your role may not read these records');
      else {
        if (w.viewId !== undefined) {
          const view = await this.#d.views.find(ctx, w.viewId);
          if (!view || view.object !== w.object) err(`${p}/viewId`, `is not a saved view of ${w.object} you may use`);
          if (w.filters !== undefined) err(`${p}/filters`, 'a saved view brings its own filters');
        }
        // The list itself judges the filters and the sort, with the messages it gives everywhere.
        try {
          await kernel.list(ctx, { filter: w.filters, sort: w.sort, limit: 1 });
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 400) throw e;
          err(
            w.sort !== undefined && /sort/i.test(`${e.detail} ${JSON.stringify(e.errors ?? [])}`)
              ? `${p}/sort`
              : `${p}/filters`,
            e.errors?.map((x) => `${x.pointer}: ${x.detail}`).join('; ') || e.detail || 'is not a valid list query',
          );
        }
      }
    }
  }

  async create(ctx: Ctx, input: CreateDashboard): Promise<Dashboard> {
    await this.#check(ctx, this.#db, input);
    const t = now();
    const visibility = input.visibility ?? 'private';
    const row: repo.DashboardRow = {
      id: newId(),
      name: input.name.trim(),
      description: input.description ?? null,
      owner_id: ctx.actor.id,
      visibility,
      team_id: visibility === 'team' ? (input.teamId ?? null) : null,
      layout: JSON.stringify(input.layout ?? DEFAULT_LAYOUT),
      version: 1,
      created_at: t,
      updated_at: t,
    };
    const widgets = (input.widgets ?? []).map((w, i) => widgetRow(row.id, w, i, new Set()));
    await this.#db.transaction().execute(async (trx) => {
      await repo.insert(trx, row);
      await repo.replaceWidgets(trx, row.id, widgets);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'dashboards',
        recordId: row.id,
        changes: diff({}, { ...snap(row), widgets: widgets.map(widgetSnap) }),
      });
    });
    return this.get(ctx, row.id);
  }

  async update(ctx: Ctx, id: string, input: UpdateDashboard, ifMatch?: number): Promise<Dashboard> {
    const current = await this.#editable(ctx, id, this.#db);
    // Widgets are checked before the write transaction (checking reads through other services' connections).
    await this.#check(ctx, this.#db, input, current);
    await this.#db.transaction().execute(async (trx) => {
      const before = await this.#editable(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== before.version) throw staleVersion(before.version);
      const visibility = input.visibility ?? before.visibility;
      const set: Partial<repo.DashboardRow> = {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.layout !== undefined ? { layout: JSON.stringify(input.layout) } : {}),
        visibility,
        team_id: visibility === 'team' ? (input.teamId !== undefined ? input.teamId : before.team_id) : null,
        version: before.version + 1,
        updated_at: now(),
      };
      if (!(await repo.update(trx, id, before.version, set))) throw staleVersion(before.version + 1);
      const after = (await repo.find(trx, id))!;
      let widgetChanges = {};
      if (input.widgets !== undefined) {
        const stored = await repo.widgets(trx, [id]);
        const beforeWidgets = stored.map(widgetSnap);
        const rows = input.widgets.map((w, i) => widgetRow(id, w, i, new Set(stored.map((x) => x.id))));
        await repo.replaceWidgets(trx, id, rows);
        widgetChanges = diff({ widgets: beforeWidgets }, { widgets: rows.map(widgetSnap) });
      }
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'dashboards',
        recordId: id,
        changes: { ...diff(snap(before), snap(after)), ...widgetChanges },
      });
    });
    return this.get(ctx, id);
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const before = await this.#editable(ctx, id, trx);
      await repo.remove(trx, id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'dashboards',
        recordId: id,
        changes: diff(snap(before), {}),
      });
    });
  }

  /** Every widget's numbers, computed at once and in parallel, each counting only what the viewer may see. */
  async data(ctx: Ctx, id: string): Promise<DashboardData> {
    const row = await this.#readable(ctx, id);
    return this.#data(ctx, row);
  }

  async #data(ctx: Ctx, row: repo.DashboardRow): Promise<DashboardData> {
    const today = this.#today();
    const widgets = (await repo.widgets(this.#db, [row.id])).map(widgetDto);
    return {
      dashboardId: row.id,
      today,
      widgets: await Promise.all(widgets.map((w) => this.#widgetData(ctx, w, today))),
    };
  }

  /** One widget's data; a widget the viewer cannot read (a kind their role hides, a pipeline since deleted) says why. */
  async #widgetData(ctx: Ctx, w: Widget, today: string): Promise<WidgetData> {
    const r = periodRange(w.period, today);
    const base: WidgetData = { widgetId: w.id, kind: w.kind, from: r.from, to: r.to };
    try {
      return { ...base, ...(await this.#compute(ctx, w, r)) };
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      return { ...base, error: { code: e.code, title: e.title, detail: e.detail ?? e.title } };
    }
  }

  async #compute(ctx: Ctx, w: Widget, r: ReturnType<typeof periodRange>): Promise<Partial<WidgetData>> {
    const { actor } = ctx;
    const filter = w.filter ?? {};
    const metrics = this.#d.metrics;
    switch (w.kind) {
      case 'metric': {
        const [cur, prev] = await Promise.all([
          metrics.value(actor, w.metricId!, { from: r.from, to: r.to, interval: r.interval, ...filter }),
          metrics.value(actor, w.metricId!, { ...r.previous, interval: r.interval, ...filter }),
        ]);
        return {
          interval: r.interval,
          value: cur.value,
          previous: { ...r.previous, value: prev.value },
          series: cur.series,
        };
      }
      case 'trend': {
        const [cur, objective] = await Promise.all([
          metrics.value(actor, w.metricId!, { from: r.from, to: r.to, interval: r.interval, ...filter }),
          w.objectiveId ? this.#d.objectives.targetLine(w.objectiveId) : Promise.resolve(undefined),
        ]);
        // An objective on a summed metric targets a rate per week: each point's target is that rate over its days.
        const targetAt = (period: string): number | null => {
          if (!objective || objective.target === null) return null;
          if (!objective.perWeek) return objective.target;
          return (objective.target * daysIn(period, r.interval, r.from, r.to)) / 7;
        };
        return {
          interval: r.interval,
          value: cur.value,
          series: cur.series.map((s) => (objective ? { ...s, target: targetAt(s.period) } : s)),
          objective: objective
            ? { id: objective.id, name: objective.name, target: objective.target, perWeek: objective.perWeek }
            : null,
        };
      }
      case 'bar': {
        const v = await metrics.value(actor, w.metricId!, {
          from: r.from,
          to: r.to,
          interval: r.interval,
          by: w.by,
          ...filter,
        });
        return { value: v.value, groups: v.groups };
      }
      case 'funnel': {
        if (w.pipelineId) {
          const stages = await this.#d.deals.stageTotals(ctx, w.pipelineId);
          return {
            steps: stages
              .filter((s) => s.outcome !== 'lost')
              .map((s) => ({ key: s.stageId, label: s.name, value: s.count, amountMinor: s.amountMinor })),
          };
        }
        const ids = w.metricIds ?? [];
        const values = await Promise.all(
          ids.map((id) => metrics.value(actor, id, { from: r.from, to: r.to, interval: r.interval, ...filter })),
        );
        return {
          steps: ids.map((id, i) => ({
            key: id,
            label: metrics.registry.get(id)?.name ?? id,
            value: values[i]!.value,
          })),
        };
      }
      case 'records': {
        const kernel = this.#d.kernels[w.object ?? ''];
        if (!kernel) throw notFound();
        const view = w.viewId ? await this.#d.views.findAny(w.viewId) : undefined;
        const filters = view ? view.state.filters : (w.filters ?? []);
        const sort = view ? (view.state.sort ?? undefined) : w.sort;
        const page = await kernel.list(ctx, {
          filter: filters,
          sort,
          q: view?.state.q ?? undefined,
          limit: w.limit ?? RECORDS_LIMIT,
        });
        const readable = new Set((await kernel.fieldSpecs(ctx)).map((f) => f.key));
        const wanted =
          view && view.state.columns.length > 0
            ? view.state.columns
            : kernel.kind.summaryFields.filter((k) => k !== 'firstName' && k !== 'lastName');
        return {
          records: {
            object: kernel.kind.name,
            columns: wanted.filter((k) => readable.has(k)).slice(0, 6),
            total: page.total,
            totalCapped: page.totalCapped,
            filters,
            sort: sort ?? null,
            rows: page.data as Record<string, unknown>[],
          },
        };
      }
    }
  }

  // ---------- share links ----------

  /** A new link to the dashboard: the token is shown once; whoever opens it logs in and sees their own numbers. */
  async share(ctx: Ctx, id: string): Promise<Share> {
    const token = randomToken(24);
    const row: repo.ShareRow = {
      id: newId(),
      dashboard_id: id,
      token_hash: sha256(token),
      created_by: ctx.actor.id,
      created_at: now(),
      revoked_at: null,
    };
    await this.#db.transaction().execute(async (trx) => {
      await this.#editable(ctx, id, trx);
      await repo.insertShare(trx, row);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'dashboards',
        recordId: id,
        changes: { shareLink: { from: null, to: row.id } },
      });
    });
    return { ...shareDto(row), token, url: `${this.#d.baseUrl}/dashboards/shared/${token}` };
  }

  async shares(ctx: Ctx, id: string): Promise<{ data: Share[] }> {
    await this.#editable(ctx, id, this.#db);
    return { data: (await repo.shares(this.#db, id)).map(shareDto) };
  }

  async revokeShare(ctx: Ctx, id: string, shareId: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await this.#editable(ctx, id, trx);
      if (!(await repo.revokeShare(trx, id, shareId, now())))
        throw codedError(DASHBOARDS_ERRORS, 'dashboards.share_not_found', 'Not found', 'There is no such live link.');
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'dashboards',
        recordId: id,
        changes: { shareLink: { from: shareId, to: null } },
      });
    });
  }

  async #byToken(token: string): Promise<repo.DashboardRow> {
    const share = await repo.shareByHash(this.#db, sha256(token));
    const row = share ? await repo.find(this.#db, share.dashboard_id) : undefined;
    if (!row)
      throw codedError(
        DASHBOARDS_ERRORS,
        'dashboards.share_not_found',
        'Not found',
        'This link was revoked, or never existed. Ask whoever sent it for a new one.',
      );
    return row;
  }

  /** The dashboard behind a share link (any staff login may open it). */
  async getShared(ctx: Ctx, token: string): Promise<Dashboard> {
    const row = await this.#byToken(token);
    return (await this.#dtos(ctx, [row]))[0]!;
  }

  /** Its numbers for whoever opened the link: their own access applies, not the owner's. */
  async dataShared(ctx: Ctx, token: string): Promise<DashboardData> {
    return this.#data(ctx, await this.#byToken(token));
  }
}

const shareDto = (r: repo.ShareRow): Share => ({
  id: r.id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});

const snap = (r: repo.DashboardRow): Record<string, unknown> => ({
  name: r.name,
  description: r.description,
  visibility: r.visibility,
  teamId: r.team_id,
  layout: r.layout,
});

const widgetSnap = (w: repo.WidgetRow) => ({
  id: w.id,
  kind: w.kind,
  title: w.title,
  size: w.size,
  config: JSON.parse(w.config) as unknown,
});
