/**
 * The registry of record kinds: one line per kind. Everything that lists objects (access policy objects, visibility
 * and field maps, custom-field objects, saved views, search kinds and the rebuild, context-card subjects, the event
 * catalogue, `/meta/objects`) reads this list; nothing else spells out the kinds by hand. Adding a kind is one line here
 * (see docs/adding-a-record-kind.md).
 */
import { registerRecordKinds } from '../platform/access/policy.ts';
import { kindRegistry } from '../platform/records/kind.ts';
import { activitiesKind } from './activities/activities.kind.ts';
import { companiesKind } from './companies/companies.kind.ts';
import { invoicesKind, ordersKind, paymentsKind } from './finance/finance.kind.ts';
import { articlesKind } from './knowledge/articles.kind.ts';
import { peopleKind } from './people/people.kind.ts';
import { promisesKind } from './promises/promises.kind.ts';
import { dealsKind } from './sales/deals.kind.ts';
import { casesKind } from './service/cases.kind.ts';
import { tasksKind } from './tasks/tasks.kind.ts';

export const recordKinds = kindRegistry([
  peopleKind, // modules/people
  companiesKind, // modules/companies
  dealsKind, // modules/sales
  casesKind, // modules/service
  ordersKind, // modules/finance
  invoicesKind, // modules/finance
  paymentsKind, // modules/finance
  articlesKind, // modules/knowledge
  tasksKind, // modules/tasks (no bin; owned by the assignee; touchpoint)
  promisesKind, // modules/promises (no bin; touchpoint)
]);

/**
 * Touchpoints that are not kernel kinds: activities, declared like any kind but served by their own service (an
 * activity is seen where the person or company it is about is). The access policy knows them as objects, and
 * `/meta/objects` and the roles screen list them with the record kinds.
 */
export const touchpointKinds = kindRegistry([activitiesKind]);

registerRecordKinds(recordKinds.kinds, touchpointKinds.kinds);
