/**
 * Warnings before an SLA breach: once a minute, open cases whose next due time (first response, then resolution)
 * comes within the warning window notify their assignee, or every member of their queue when nobody has the case,
 * once per due time. Cases waiting on the customer are skipped (their clocks stand still). The claim and the
 * notifications commit together, so two passes or two instances warn once; a pass claims at most `batchSize` cases
 * and the next pass follows at once while a batch came back full.
 */
import type { Database } from '../../db/database.ts';
import type { JobContext, JobResult } from '../../platform/jobs/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NewNotification, NotificationsService } from '../my-day/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import * as repo from './cases.repository.ts';

/** How long before a due time the case's people are warned. */
export const SLA_WARNING_MINUTES = 60;

export interface SlaWarningsDeps {
  database: Database;
  workspace: WorkspaceService;
  identity: IdentityService;
  notifications: NotificationsService;
  /** The job's idea of now (default the wall clock). */
  clock?: () => Date;
  /** Most cases one pass claims (default 100). */
  batchSize?: number;
}

export class SlaWarningsJob {
  readonly #d: SlaWarningsDeps;
  readonly #clock: () => Date;
  readonly #batch: number;

  constructor(deps: SlaWarningsDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? (() => new Date());
    this.#batch = deps.batchSize ?? 100;
  }

  /** One pass at `at`: the cases claimed and the notifications written. */
  async run(at: Date = this.#clock()): Promise<{ cases: number; notifications: number }> {
    const { database, workspace, identity, notifications } = this.#d;
    const tz = (await workspace.get(database.db)).timezone;
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit' });
    const until = new Date(at.getTime() + SLA_WARNING_MINUTES * 60_000).toISOString();
    return database.db.transaction().execute(async (trx) => {
      const claimed = await repo.claimSlaWarnings(trx, at.toISOString(), until, this.#batch);
      const queues = await identity.activeMembersOf(
        claimed.filter((c) => !c.owner_id && c.team_id).map((c) => c.team_id as string),
        trx,
      );
      const out: NewNotification[] = [];
      for (const c of claimed) {
        const which = c.first_responded_at ? 'Resolution' : 'First response';
        const minutes = Math.max(1, Math.round((Date.parse(c.sla_due_at) - at.getTime()) / 60_000));
        const recipients = c.owner_id ? [c.owner_id] : (queues.get(c.team_id ?? '') ?? []);
        for (const userId of recipients) {
          out.push({
            userId,
            kind: 'sla_warning',
            title: `${c.reference}: ${which.toLowerCase()} due in ${minutes} min (${time.format(new Date(c.sla_due_at))})`,
            body: c.owner_id ? c.subject : `${c.subject} (in your queue, not assigned)`,
            link: `/cases/${c.id}`,
            record: { object: 'cases', id: c.id },
          });
        }
      }
      await notifications.notify(trx, out);
      return { cases: claimed.length, notifications: out.length };
    });
  }

  /** The recurring job's handler: passes follow each other while the last one filled a batch. */
  async runJob(job: Pick<JobContext, 'progress' | 'signal'>, maxPasses = 20): Promise<JobResult> {
    let cases = 0;
    let sent = 0;
    let passes = 0;
    let full = false;
    do {
      const r = await this.run();
      cases += r.cases;
      sent += r.notifications;
      full = r.cases >= this.#batch;
      passes++;
      await job.progress(passes, null, `${sent} warnings`);
    } while (full && passes < maxPasses && !job.signal.aborted);
    return { message: `${sent} warnings about ${cases} cases` };
  }
}
