import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordRoutes } from '../../platform/records/routes.ts';
import { CreatePerson, PersonView, UpdatePerson } from './people.schemas.ts';
import type { PeopleService } from './people.service.ts';

export const peopleRoutes: FastifyPluginAsyncTypebox<{ people: PeopleService }> = async (app, { people }) => {
  recordRoutes(app, {
    path: 'people',
    object: 'people',
    tag: 'people',
    names: { one: 'Person', many: 'People' },
    view: PersonView,
    create: CreatePerson,
    update: UpdatePerson,
    service: people,
    mergeable: true,
    summaries: {
      list: 'List people',
      export: 'Export matching people as CSV (only fields you may read)',
      get: 'Get a person',
      history: 'Field history from the audit trail',
      create: 'Create a person',
      update: 'Update; send If-Match with the ETag to avoid overwriting someone else',
      delete: 'Move to the bin (restorable)',
      restore: 'Restore a person from the bin',
    },
  });
};
