/**
 * Going cold: people and companies whose next two-way contact is overdue (`contact_due_at < now`), most overdue first,
 * within what the actor may see. Read through the people and companies lists, so their visibility and field rules hold.
 */
import { type Ctx, canReadField } from '../../platform/access/policy.ts';
import { now } from '../../platform/ids.ts';
import type { ListPage } from '../../platform/lists.ts';
import type { CompaniesService, Company } from '../companies/index.ts';
import type { PeopleService, Person } from '../people/index.ts';
import type { GoingColdItem, GoingColdList, GoingColdQuery } from './my-day.schemas.ts';

const DAY_MS = 86_400_000;

export class GoingColdService {
  readonly #people: PeopleService;
  readonly #companies: CompaniesService;

  constructor(deps: { people: PeopleService; companies: CompaniesService }) {
    this.#people = deps.people;
    this.#companies = deps.companies;
  }

  async list(ctx: Ctx, query: GoingColdQuery = {}): Promise<GoingColdList> {
    const t = now();
    const scope = query.scope ?? 'me';
    const object = query.object ?? 'people';
    const filter = [`contactDueAt:lt:${t}`];
    // "My team" for someone in no team (a manager overseeing everyone) is everything they may see.
    if (scope === 'me') filter.push(`ownerId:eq:${ctx.actor.id}`);
    else if (scope === 'team' && ctx.actor.teamIds.length > 0) filter.push(`teamId:in:${ctx.actor.teamIds.join('|')}`);
    // The list is a question about fields (when contact is due, whose, which team): a role that hides one of them gets
    // an empty list rather than an answer ordered or narrowed by what it may not read.
    const needs = ['contactDueAt', ...(scope === 'me' ? ['ownerId'] : scope === 'team' ? ['teamId'] : [])];
    if (needs.some((f) => !canReadField(ctx.actor, object, f))) return { data: [], total: 0, totalCapped: false };
    const params = { filter, sort: 'contactDueAt', limit: query.limit ?? 50 };
    const page: ListPage<Partial<Person> | Partial<Company>> =
      object === 'people' ? await this.#people.list(ctx, params) : await this.#companies.list(ctx, params);
    const at = Date.parse(t);
    const data = page.data.map((r): GoingColdItem => {
      const due = r.contactDueAt ?? t;
      return {
        object,
        id: r.id!,
        name: ('fullName' in r ? r.fullName : 'name' in r ? r.name : undefined) ?? '',
        owner: r.owner ?? null,
        valueTier: r.valueTier ?? null,
        lastContact: r.lastContact ?? null,
        contactDueAt: due,
        daysOverdue: Math.floor((at - Date.parse(due)) / DAY_MS),
      };
    });
    return { data, total: page.total, totalCapped: page.totalCapped };
  }
}
