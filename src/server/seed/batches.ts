/**
 * The seed as a stream of write batches: each batch is one transaction's worth of rows, already flattened into value
 * arrays per table (`db/bulk.ts` `TableValues`), together with the search documents of the people and companies in
 * it. The same code runs on the main thread (small seeds) and in the seed worker (`seed-worker.ts`), so both give the
 * same rows; the worker only adds the thread.
 */
import type { Insertable } from 'kysely';
import { type TableValues, toValues } from '../db/bulk.ts';
import type { PeopleTable, SearchDocumentsTable } from '../db/schema.ts';
import { BUILTIN_ROLES } from '../platform/access/policy.ts';
import { documentRow } from '../platform/search/documents.ts';
import { companyDocument, personDocument } from '../platform/search/rebuild.ts';
import {
  type CompanyContactRow,
  DatasetGenerator,
  type GeneratorOptions,
  type PeopleChunk,
  type SeedUser,
  TEAMS,
} from './generate.ts';

/** Records per transaction: large enough to amortise commits, small enough to report progress often. */
export const CHUNK = 5_000;
/** Touchpoints per transaction once every person is written. */
export const TOUCH_CHUNK = 50_000;

export interface SeedBatch {
  /** Tables in the order they are written (parents before children). */
  tables: TableValues[];
  phase: 'companies' | 'people' | 'touchpoints';
  /** Records of the phase written once this batch is. */
  done: number;
  total: number;
}

export interface SeedSummary {
  companies: number;
  people: number;
  activities: number;
  /** The contact facts of companies whose people were in touch, for one UPDATE per batch after the load. */
  contacts: CompanyContactRow[];
}

export interface SeedSetup {
  gen: DatasetGenerator;
  /** Ids for the built-in roles and the teams, used for those not already in the database. */
  roleIds: Map<string, string>;
  teamIds: Map<string, string>;
  users: SeedUser[];
  fieldDefs: ReturnType<DatasetGenerator['customFieldDefs']>;
}

/**
 * A generator with the setup drawn, in this order: role ids, team ids, users, custom field definitions. Every
 * generator of a seed (the main thread's and the worker's) goes through here, so they reach the same state.
 */
export function prepareGenerator(options: GeneratorOptions): SeedSetup {
  const gen = new DatasetGenerator(options);
  // ids are drawn even for rows that already exist, so the rest of the data does not depend on what was there
  const roleIds = new Map(BUILTIN_ROLES.map((r, k) => [r.key, gen.id(gen.setupMs + k)]));
  const teamIds = new Map<string, string>(TEAMS.map((t, k) => [t, gen.id(gen.setupMs + 1000 + k)]));
  const users = gen.users();
  const fieldDefs = gen.customFieldDefs();
  return { gen, roleIds, teamIds, users, fieldDefs };
}

/**
 * The documents of a chunk's people, as `rebuildSearchDocuments` would write them (emails and phones in position
 * order, the company's name); `updated_at` is the record's, so the same seed gives the same rows.
 */
function peopleDocuments(chunk: PeopleChunk, companyNames: Map<string, string>): Insertable<SearchDocumentsTable>[] {
  if (chunk.people.length === 0) return [];
  const emails = Map.groupBy(chunk.emails, (e) => e.person_id);
  const phones = Map.groupBy(chunk.phones, (p) => p.person_id);
  return chunk.people.map((p: Insertable<PeopleTable>) => {
    const row = {
      id: p.id,
      first_name: p.first_name,
      last_name: p.last_name,
      job_title: p.job_title ?? null,
      owner_id: p.owner_id ?? null,
      team_id: p.team_id ?? null,
    };
    const doc = personDocument(
      row,
      (emails.get(p.id) ?? []).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((e) => e.email),
      (phones.get(p.id) ?? []).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((e) => e.e164),
      p.company_id ? companyNames.get(p.company_id) : undefined,
    );
    return documentRow(doc, p.updated_at);
  });
}

function peopleTables(chunk: PeopleChunk, companyNames: Map<string, string>): TableValues[] {
  return [
    toValues('people', chunk.people),
    toValues('person_emails', chunk.emails),
    toValues('person_phones', chunk.phones),
    chunk.activities,
    chunk.events,
    chunk.timeline,
    toValues('tasks', chunk.tasks),
    toValues('promises', chunk.promises),
    toValues('search_documents', peopleDocuments(chunk, companyNames)),
  ];
}

/**
 * Every batch of the dataset, in write order: companies with their creation events and documents; people in
 * creation order, each chunk with the touchpoints (of anyone) that happened before its last person; then the
 * remaining touchpoints. Returns the counts and the companies' contact facts. Call after `setTeamIds`.
 */
export function* seedBatches(gen: DatasetGenerator): Generator<SeedBatch, SeedSummary, void> {
  const companies = gen.options.companies;
  const companyNames = new Map<string, string>();
  for (let i = 0; i < companies; i += CHUNK) {
    const end = Math.min(companies, i + CHUNK);
    const batch = gen.companyRows(i, end);
    for (const c of batch.companies) companyNames.set(c.id, c.name);
    yield {
      tables: [
        toValues('companies', batch.companies),
        batch.events,
        batch.timeline,
        toValues(
          'search_documents',
          batch.companies.map((c) =>
            documentRow(
              companyDocument({
                id: c.id,
                name: c.name,
                domain: c.domain ?? null,
                city: c.city ?? null,
                owner_id: c.owner_id ?? null,
                team_id: c.team_id ?? null,
              }),
              c.updated_at,
            ),
          ),
        ),
      ],
      phase: 'companies',
      done: end,
      total: companies,
    };
  }
  const total = gen.options.people;
  let people = 0;
  while (gen.peopleRemaining > 0) {
    const chunk = gen.people(CHUNK);
    people += chunk.people.length;
    yield { tables: peopleTables(chunk, companyNames), phase: 'people', done: people, total };
  }
  let touches = 0;
  while (gen.touchpointsRemaining) {
    const chunk = gen.touchpoints(TOUCH_CHUNK);
    touches += chunk.activities.values.length / chunk.activities.columns.length;
    yield { tables: peopleTables(chunk, companyNames), phase: 'touchpoints', done: touches, total: touches };
  }
  return { companies, people, activities: gen.activityCount, contacts: gen.companyContacts() };
}
