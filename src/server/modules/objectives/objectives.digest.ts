/**
 * The weekly objectives digest: on Monday morning in the workspace's time zone, one email to each objective's owner
 * (their objectives) and to every manager and administrator (all objectives): each objective's status and its change
 * since last week, what moved most, what is at risk, with links. The job runs hourly; a week's digest goes out on its
 * first run in the 24 hours from Monday 07:00 local time (a week whose Monday every instance missed is skipped rather
 * than sent late in the week). The week's row in
 * `objective_digests` is written in the transaction that queues the mails, so a week is sent once, across instances
 * and restarts.
 */
import type { Database } from '../../db/database.ts';
import { now } from '../../platform/ids.ts';
import type { JobResult } from '../../platform/jobs/runner.ts';
import type { DigestLine, Mailer } from '../../platform/mail/index.ts';
import type { MetricsService } from '../../platform/metrics/index.ts';
import { addDays } from '../../platform/metrics/metrics.service.ts';
import { mailRecipients } from '../identity/index.ts';
import { zonedParts, zonedToUtc } from '../service/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { type ObjectivesService, perWeek } from './objectives.service.ts';

/** Local time on Monday from which the week's digest is due, and for how long after it may still go out. */
export const DIGEST_HOUR = 7;
export const DIGEST_WINDOW_MS = 86_400_000;
/** Roles that receive every objective, whether or not they own one. */
export const DIGEST_ROLES = ['manager', 'admin'];

const STATUS_LABELS: Record<string, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };

export interface DigestResult {
  /** The Monday (local date) of the week considered. */
  week: string;
  sent: boolean;
  recipients: number;
  reason?: 'not_due' | 'already_sent' | 'no_objectives';
}

type Week = Awaited<ReturnType<ObjectivesService['weekOnWeek']>>[number];

export class ObjectivesDigest {
  readonly #d: {
    database: Database;
    objectives: ObjectivesService;
    metrics: MetricsService;
    workspace: WorkspaceService;
    mailer: Mailer;
    clock: () => Date;
  };

  constructor(d: {
    database: Database;
    objectives: ObjectivesService;
    metrics: MetricsService;
    workspace: WorkspaceService;
    mailer: Mailer;
    clock?: () => Date;
  }) {
    this.#d = { ...d, clock: d.clock ?? (() => new Date()) };
  }

  /** The Monday of `at`'s week in the zone (local date), and the instant its digest is due. */
  static weekOf(at: Date, timezone: string): { week: string; dueAt: Date } {
    const p = zonedParts(at.getTime(), timezone);
    const local = new Date(Date.UTC(p.year, p.month - 1, p.day));
    const monday = addDays(local.toISOString().slice(0, 10), -((local.getUTCDay() + 6) % 7));
    const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
    return { week: monday, dueAt: new Date(zonedToUtc(y, m, d, DIGEST_HOUR * 60, timezone)) };
  }

  /** The recurring job's body: sends this week's digest if it is due and not sent yet. */
  async runJob(): Promise<JobResult> {
    const r = await this.run();
    return {
      message: r.sent ? `Sent the digest of the week of ${r.week} to ${r.recipients}` : `Nothing to send (${r.reason})`,
    };
  }

  async run(at: Date = this.#d.clock()): Promise<DigestResult> {
    const ws = await this.#d.workspace.get();
    const { week, dueAt } = ObjectivesDigest.weekOf(at, ws.timezone);
    if (at < dueAt || at.getTime() >= dueAt.getTime() + DIGEST_WINDOW_MS)
      return { week, sent: false, recipients: 0, reason: 'not_due' };
    const db = this.#d.database.db;
    if (await db.selectFrom('objective_digests').select('week').where('week', '=', week).executeTakeFirst())
      return { week, sent: false, recipients: 0, reason: 'already_sent' };
    // Computed before the transaction, which stays short.
    const all = await this.#d.objectives.weekOnWeek(at.toISOString().slice(0, 10));
    if (all.length === 0) return { week, sent: false, recipients: 0, reason: 'no_objectives' };
    const lines = new Map(all.map((w) => [w.objective.id, this.#line(w, ws.defaultCurrency)]));
    const people = await mailRecipients(db, {
      ids: [...new Set(all.map((w) => w.objective.ownerId))],
      roleKeys: DIGEST_ROLES,
    });
    const mails = people
      .map((p) => {
        const mine = DIGEST_ROLES.includes(p.roleKey) ? all : all.filter((w) => w.objective.ownerId === p.id);
        return { person: p, mine };
      })
      .filter((m) => m.mine.length > 0);
    return db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('objective_digests')
        .values({ week, sent_at: now(), recipients: mails.length })
        .onConflict((oc) => oc.column('week').doNothing())
        .returning('week')
        .executeTakeFirst();
      if (!claimed) return { week, sent: false, recipients: 0, reason: 'already_sent' as const };
      for (const { person, mine } of mails) {
        const own = mine.map((w) => lines.get(w.objective.id)!);
        const moved = mine
          .filter((w) => movedBy(w) > 0)
          .sort((a, b) => movedBy(b) - movedBy(a))
          .slice(0, 3)
          .map((w) => lines.get(w.objective.id)!);
        const atRisk = mine.filter((w) => w.objective.status !== 'on_track').map((w) => lines.get(w.objective.id)!);
        await this.#d.mailer.send(trx, {
          to: person.email,
          template: 'objectives-digest',
          data: {
            name: person.name,
            workspace: ws.name,
            week,
            link: this.#d.mailer.link('/objectives'),
            objectives: own,
            moved,
            atRisk,
          },
        });
      }
      return { week, sent: true, recipients: mails.length };
    });
  }

  #line(w: Week, currency: string): DigestLine {
    const o = w.objective;
    const unit = this.#d.metrics.metric(o.metricId).unit;
    const sum = perWeek(this.#d.metrics.metric(o.metricId));
    const fmt = (v: number | null) => formatValue(v, unit, currency, sum);
    const before = w.lastWeek.status;
    return {
      name: o.name,
      status: STATUS_LABELS[o.status] ?? o.status,
      statusBefore: before !== o.status ? `was ${(STATUS_LABELS[before] ?? before).toLowerCase()}` : null,
      current: fmt(o.current),
      previous: fmt(w.lastWeek.current),
      target: fmt(o.target),
      change: changeText(o.current, w.lastWeek.current, unit, currency, sum),
      link: this.#d.mailer.link(`/objectives/${encodeURIComponent(o.id)}`),
    };
  }
}

/** How far an objective moved in a week, as a share of the distance between its baseline and target. */
export function movedBy(w: Week): number {
  const { current, baseline, target } = w.objective;
  const before = w.lastWeek.current;
  if (current === null || before === null) return 0;
  const scale = baseline !== null && target !== null && target !== baseline ? Math.abs(target - baseline) : 1;
  return Math.abs(current - before) / scale;
}

/** A value as people read it: a ratio in %, minutes, money, a count per week (sums are compared as weekly rates). */
export function formatValue(v: number | null, unit: string, currency: string, perWeek: boolean): string {
  if (v === null) return 'no value yet';
  const n = (x: number, digits = 1) => x.toLocaleString('en', { maximumFractionDigits: digits });
  if (unit === 'ratio') return `${n(v * 100)}%`;
  if (unit === 'minutes') return `${n(v, 0)} min`;
  if (unit === 'days') return `${n(v)} days`;
  const week = perWeek ? ' / week' : '';
  if (unit === 'money') return `${(v / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${currency}${week}`;
  return `${n(v)}${week}`;
}

export function changeText(
  current: number | null,
  before: number | null,
  unit: string,
  currency: string,
  perWeek: boolean,
): string {
  if (current === null || before === null) return 'no comparison';
  const delta = current - before;
  if (Math.abs(delta) < 1e-9) return 'no change';
  const sign = delta > 0 ? '+' : '−';
  if (unit === 'ratio') return `${sign}${Math.abs(Math.round(delta * 1000) / 10)} pts`;
  return `${sign}${formatValue(Math.abs(delta), unit, currency, perWeek)}`;
}
