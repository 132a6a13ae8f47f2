/**
 * Case types: how a business sorts its cases (a billing question, a fault, a return). Each has a default priority and
 * queue for new cases, the fields a case of the type must have, and a process description in markdown (the documented
 * steps to resolve it) shown on every case of the type.
 */
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type FieldError, staleVersion, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { teamBriefs } from '../identity/index.ts';
import * as repo from './case-types.repository.ts';
import { CASE_REQUIRABLE, type CaseType, type CreateCaseType, type UpdateCaseType } from './case-types.schemas.ts';
import type { CasePriority } from './cases.schemas.ts';
import { serviceError } from './service.errors.ts';

export function caseTypeDto(r: repo.CaseTypeRow): CaseType {
  return {
    id: r.id,
    name: r.name,
    defaultPriority: r.default_priority as CasePriority,
    defaultQueueId: r.default_queue_id,
    requiredFields: JSON.parse(r.required_fields) as string[],
    process: r.process,
    processHtml: r.process ? renderMarkdown(r.process) : null,
    position: r.position,
    archived: r.archived === 1,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const notFound = () => serviceError('case_types.not_found', 'Not found', 'No case type with that id.');

export class CaseTypesService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async list(opts: { includeArchived: boolean }): Promise<CaseType[]> {
    return (await repo.list(this.#database.db, opts.includeArchived)).map(caseTypeDto);
  }

  async get(id: string, db: Executor = this.#database.db): Promise<CaseType> {
    const row = await repo.find(db, id);
    if (!row) throw notFound();
    return caseTypeDto(row);
  }

  /** A case type, or undefined (for the cases' own checks). */
  async find(id: string, db: Executor = this.#database.db): Promise<CaseType | undefined> {
    const row = await repo.find(db, id);
    return row ? caseTypeDto(row) : undefined;
  }

  async #check(db: Executor, input: UpdateCaseType): Promise<void> {
    const errors: FieldError[] = [];
    if (input.name !== undefined && input.name.trim() === '') {
      errors.push({ pointer: '/name', detail: 'is required', in: 'body' });
    }
    (input.requiredFields ?? []).forEach((f, i) => {
      if (!(CASE_REQUIRABLE as readonly string[]).includes(f) && !/^cf\.[a-zA-Z0-9_]+$/.test(f)) {
        errors.push({
          pointer: `/requiredFields/${i}`,
          detail: `is not ${CASE_REQUIRABLE.join(', ')} or cf.<key>`,
          in: 'body',
        });
      }
    });
    if (input.defaultQueueId && !(await teamBriefs(db, [input.defaultQueueId])).has(input.defaultQueueId)) {
      errors.push({ pointer: '/defaultQueueId', detail: 'is not a team', in: 'body' });
    }
    if (errors.length > 0) throw validation(errors);
  }

  /** Creates a case type, in the caller's transaction when one is given. */
  async create(ctx: Ctx, input: CreateCaseType, db?: Executor): Promise<CaseType> {
    return inTransaction(this.#database.db, db, async (trx) => {
      await this.#check(trx, input);
      const id = newId();
      const at = now();
      await repo.insert(trx, {
        id,
        name: input.name.trim(),
        default_priority: input.defaultPriority ?? 'normal',
        default_queue_id: input.defaultQueueId ?? null,
        required_fields: JSON.stringify([...new Set(input.requiredFields ?? [])]),
        process: input.process?.trim() || null,
        position: input.position ?? 0,
        archived: input.archived ? 1 : 0,
        created_at: at,
        updated_at: at,
      });
      const created = await this.get(id, trx);
      await recordAudit(trx, ctx, { action: 'create', object: 'case_types', recordId: id, changes: diff({}, created) });
      return created;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateCaseType, ifMatch?: number): Promise<CaseType> {
    return this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw notFound();
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      await this.#check(trx, input);
      const before = caseTypeDto(row);
      const ok = await repo.update(trx, id, row.version, {
        name: input.name?.trim(),
        default_priority: input.defaultPriority,
        default_queue_id: input.defaultQueueId,
        required_fields: input.requiredFields ? JSON.stringify([...new Set(input.requiredFields)]) : undefined,
        process: input.process === undefined ? undefined : input.process?.trim() || null,
        position: input.position,
        archived: input.archived === undefined ? undefined : input.archived ? 1 : 0,
        updated_at: now(),
      });
      if (!ok) throw staleVersion(row.version + 1);
      const after = await this.get(id, trx);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'case_types',
        recordId: id,
        changes: diff(before, after),
      });
      return after;
    });
  }
}
