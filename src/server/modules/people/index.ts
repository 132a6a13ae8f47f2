export { registerPeopleMetrics } from './people.metrics.ts';
export { peopleRoutes } from './people.routes.ts';
export type { ConsentRecord, NewConsentRecord, Person } from './people.schemas.ts';
export {
  ConsentRecordSchema,
  CreatePerson,
  NewConsentRecordSchema,
  PersonView,
  UpdatePerson,
} from './people.schemas.ts';
export { type CompanyDirectory, PeopleService } from './people.service.ts';
export { personCreatedLine, personFullName } from './people.timeline.ts';
