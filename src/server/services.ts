/** Constructs every module's service once, wiring the few that call each other. */
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AuditService } from './modules/audit/index.ts';
import { CompaniesService } from './modules/companies/index.ts';
import { CustomFieldsService } from './modules/custom-fields/index.ts';
import { IdentityService } from './modules/identity/index.ts';
import { PeopleService } from './modules/people/index.ts';
import { WorkspaceService } from './modules/workspace/index.ts';
import { EventBus } from './platform/events.ts';

export interface Services {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  identity: IdentityService;
  customFields: CustomFieldsService;
  people: PeopleService;
  companies: CompaniesService;
  audit: AuditService;
}

export function createServices(
  database: Database,
  config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>,
): Services {
  const events = new EventBus(database);
  const workspace = new WorkspaceService(database);
  const identity = new IdentityService(database, config);
  const customFields = new CustomFieldsService(database);
  const people = new PeopleService({ database, events, workspace, customFields });
  const companies = new CompaniesService({ database, events, workspace, customFields, people });
  people.wireCompanies(companies);
  const audit = new AuditService(database);
  return { database, events, workspace, identity, customFields, people, companies, audit };
}
