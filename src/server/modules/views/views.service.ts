/**
 * Saved list views (personal and shared) and the field catalogue each list offers the current user.
 */
import type { Database } from '../../db/database.ts';
import { type Ctx, can, canWriteField, type RecordObject } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { FieldSpec } from '../../platform/lists.ts';
import * as repo from './views.repository.ts';
import type { CreateView, Field, ListObject, UpdateView, View } from './views.schemas.ts';

export interface FieldCatalogue {
  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]>;
}

const toView = (r: repo.ViewRow, userId: string): View => ({
  id: r.id,
  object: r.object as ListObject,
  name: r.name,
  shared: r.shared === 1,
  mine: r.user_id === userId,
  state: JSON.parse(r.state),
});

export class ViewsService {
  readonly #database: Database;
  readonly #catalogues: Readonly<Record<RecordObject, FieldCatalogue>>;

  constructor(database: Database, catalogues: Readonly<Record<RecordObject, FieldCatalogue>>) {
    this.#database = database;
    this.#catalogues = catalogues;
  }

  /** The fields of a list the actor may see (none when they may not read the object), each marked read-only or not. */
  async fields(ctx: Ctx, object: ListObject): Promise<Field[]> {
    if (!can(ctx.actor, object, 'read')) return [];
    const specs = (await this.#catalogues[object]?.fieldSpecs(ctx)) ?? [];
    return specs.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      filterable: f.filterable,
      sortable: f.sortable,
      custom: f.custom,
      readOnly: !canWriteField(ctx.actor, object, f.key),
      ...(f.options ? { options: f.options } : {}),
    }));
  }

  async list(ctx: Ctx, object: ListObject): Promise<View[]> {
    const rows = await repo.listViews(this.#database.db, object, ctx.actor.id);
    return rows.map((r) => toView(r, ctx.actor.id));
  }

  /** A saved view the actor may use (their own, or a shared one); undefined otherwise. */
  async find(ctx: Ctx, id: string): Promise<View | undefined> {
    const row = await repo.findView(this.#database.db, id);
    if (!row || (row.user_id !== ctx.actor.id && row.shared !== 1)) return undefined;
    return toView(row, ctx.actor.id);
  }

  /** A saved view by id whoever owns it (a dashboard keeps the filter its author chose; the reader's access still applies). */
  async findAny(id: string): Promise<View | undefined> {
    const row = await repo.findView(this.#database.db, id);
    return row ? toView(row, '') : undefined;
  }

  async create(ctx: Ctx, input: CreateView): Promise<View> {
    const row = {
      id: newId(),
      user_id: ctx.actor.id,
      object: input.object,
      name: input.name.trim(),
      shared: input.shared ? 1 : 0,
      state: JSON.stringify(input.state),
      created_at: now(),
    };
    await repo.insertView(this.#database.db, row);
    return {
      id: row.id,
      object: input.object,
      name: row.name,
      shared: row.shared === 1,
      mine: true,
      state: input.state,
    };
  }

  /** Renames, shares or unshares one of the actor's views, or replaces what it keeps; 404 for anyone else's. */
  async update(ctx: Ctx, id: string, input: UpdateView): Promise<View> {
    const db = this.#database.db;
    const { name, shared, state } = input;
    const changed = await repo.updateOwnView(db, id, ctx.actor.id, {
      ...(name !== undefined ? { name: name.trim() } : {}),
      ...(shared !== undefined ? { shared: shared ? 1 : 0 } : {}),
      ...(state !== undefined ? { state: JSON.stringify(state) } : {}),
    });
    const row = changed ? await repo.findView(db, id) : undefined;
    if (!row) throw notFound('views');
    return { ...toView(row, ctx.actor.id), mine: true };
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    if (!(await repo.deleteOwnView(this.#database.db, id, ctx.actor.id))) throw notFound('views');
  }
}
