/**
 * Canned responses: the team's shared replies, with placeholders (`{{person.firstName}}`, `{{case.reference}}`,
 * `{{agent.name}}`…) filled in the case reply box. An unknown placeholder is refused when the response is saved, so a
 * customer never receives `{{persn.firstName}}`. Anyone who may answer cases may read and manage them; changes are
 * audited.
 */
import type { Selectable } from 'kysely';
import { CANNED_PLACEHOLDERS, unknownPlaceholders } from '../../../shared/canned-responses.ts';
import type { Database } from '../../db/database.ts';
import type { CannedResponsesTable } from '../../db/schema.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type FieldError, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { CannedResponse, CreateCannedResponse, UpdateCannedResponse } from './canned-responses.schemas.ts';
import { emailError } from './email.errors.ts';

type Row = Selectable<CannedResponsesTable>;

const toDto = (r: Row): CannedResponse => ({
  id: r.id,
  name: r.name,
  body: r.body,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const notFound = () => emailError('canned_responses.not_found', 'Not found', 'No canned response with that id.');

function check(input: UpdateCannedResponse): void {
  const errors: FieldError[] = [];
  if (input.name !== undefined && input.name.trim() === '')
    errors.push({ pointer: '/name', detail: 'is required', in: 'body' });
  if (input.body !== undefined && input.body.trim() === '')
    errors.push({ pointer: '/body', detail: 'is required', in: 'body' });
  if (errors.length > 0) throw validation(errors);
  const unknown = input.body === undefined ? [] : unknownPlaceholders(input.body);
  if (unknown.length > 0) {
    throw emailError(
      'canned_responses.unknown_placeholder',
      'Unknown placeholder',
      `Placeholders are ${CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
      unknown.map((u) => ({ pointer: '/body', detail: `{{${u}}} is not a placeholder`, in: 'body' })),
    );
  }
}

export class CannedResponsesService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async list(ctx: Ctx): Promise<CannedResponse[]> {
    assertCan(ctx.actor, 'cases', 'read');
    const rows = await this.#database.db
      .selectFrom('canned_responses')
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toDto);
  }

  async create(ctx: Ctx, input: CreateCannedResponse): Promise<CannedResponse> {
    assertCan(ctx.actor, 'cases', 'update');
    check(input);
    return this.#database.db.transaction().execute(async (trx) => {
      const at = now();
      const row: Row = {
        id: newId(),
        name: input.name.trim(),
        body: input.body,
        created_by: ctx.actor.id,
        created_at: at,
        updated_at: at,
      };
      await trx.insertInto('canned_responses').values(row).execute();
      const dto = toDto(row);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'canned_responses',
        recordId: row.id,
        changes: diff({}, dto),
      });
      return dto;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateCannedResponse): Promise<CannedResponse> {
    assertCan(ctx.actor, 'cases', 'update');
    check(input);
    return this.#database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      const next: Row = {
        ...row,
        name: input.name?.trim() ?? row.name,
        body: input.body ?? row.body,
        updated_at: now(),
      };
      await trx
        .updateTable('canned_responses')
        .set({ name: next.name, body: next.body, updated_at: next.updated_at })
        .where('id', '=', id)
        .execute();
      const after = toDto(next);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'canned_responses',
        recordId: id,
        changes: diff(toDto(row), after),
      });
      return after;
    });
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'cases', 'update');
    await this.#database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      await trx.deleteFrom('canned_responses').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'canned_responses',
        recordId: id,
        changes: diff(toDto(row), {}),
      });
    });
  }
}
