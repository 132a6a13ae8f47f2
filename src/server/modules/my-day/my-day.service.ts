/**
 * "My day", the home page: my overdue and due-today tasks, my promises due this week (and overdue), the people and
 * companies I own that are going cold, and the counts behind the badges. Each part is one small index-backed query
 * in the module that owns it; a part the actor's role may not read is simply empty.
 */
import { type Ctx, can } from '../../platform/access/policy.ts';
import { now } from '../../platform/ids.ts';
import type { PromisesService } from '../promises/index.ts';
import { dayWindows, type TasksService } from '../tasks/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { GoingColdService } from './going-cold.service.ts';
import type { GoingColdList, MyDay } from './my-day.schemas.ts';
import type { NotificationsService } from './notifications.service.ts';

export interface MyDayDeps {
  workspace: WorkspaceService;
  tasks: TasksService;
  promises: PromisesService;
  goingCold: GoingColdService;
  notifications: NotificationsService;
}

const empty: GoingColdList = { data: [], total: 0, totalCapped: false };

export class MyDayService {
  readonly #d: MyDayDeps;

  constructor(deps: MyDayDeps) {
    this.#d = deps;
  }

  async get(ctx: Ctx): Promise<MyDay> {
    const t = now();
    const { tomorrowStart } = dayWindows(new Date(t), (await this.#d.workspace.get()).timezone);
    const weekAhead = new Date(Date.parse(t) + 7 * 86_400_000).toISOString();
    const tasks = await this.#d.tasks.agenda(ctx, t, tomorrowStart);
    const promises = await this.#d.promises.agenda(ctx, t, weekAhead);
    const people = can(ctx.actor, 'people', 'read')
      ? await this.#d.goingCold.list(ctx, { scope: 'me', object: 'people', limit: 10 })
      : empty;
    const companies = can(ctx.actor, 'companies', 'read')
      ? await this.#d.goingCold.list(ctx, { scope: 'me', object: 'companies', limit: 10 })
      : empty;
    return {
      tasks: tasks.data,
      promises: promises.data,
      goingCold: { people: people.data, companies: companies.data },
      counts: {
        overdueTasks: tasks.overdue,
        tasksDueToday: tasks.upcoming,
        overduePromises: promises.overdue,
        promisesDueThisWeek: promises.upcoming,
        goingColdPeople: people.total,
        goingColdCompanies: companies.total,
        unreadNotifications: await this.#d.notifications.unreadCount(ctx),
      },
    };
  }
}
