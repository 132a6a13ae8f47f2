/**
 * Merging duplicates: two or more people (or companies) become one. In one transaction the survivor takes the chosen
 * value of each field through the record kernel (version-guarded, audited, `person.updated`), every email, phone, tag
 * and flag of the merged records is kept, every link to the merged records is moved to the survivor (logged row by
 * row), the merged records go to the bin with a redirect to the survivor, and a "Merged … into …" entry goes on the
 * survivor's timeline. Undo (within 30 days, while the survivor has not changed since) moves back exactly the links
 * moved, restores the merged records and the survivor's overwritten values.
 */

import {
  defaultSource,
  MERGE_FIELDS,
  MERGE_UNIONS,
  type MergeKind,
  sameValue,
  unionBy,
} from '../../../shared/merge.ts';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { codedError, type FieldError, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import { addRedirect, removeRedirects } from '../../platform/records/redirects.ts';
import { MERGE_ERRORS } from './merge.errors.ts';
import * as repo from './merge.repository.ts';

/** How long a merge can be undone. */
export const UNDO_DAYS = 30;
/** At most this many records merged into one at a time. */
export const MAX_MERGED = 10;

// biome-ignore lint/suspicious/noExplicitAny: merges people and companies through their kernels alike
type AnyKernel = RecordKernel<any, any, any, any>;
type Dto = Record<string, unknown> & { id: string; version?: number; updatedAt?: string };

export interface MergeDeps {
  database: Database;
  events: EventBus;
  people: { records: AnyKernel };
  companies: { records: AnyKernel };
  /** The merges' idea of now (the undo window); default the wall clock. */
  clock?: () => Date;
}

export interface MergeInput {
  survivorId: string;
  mergedIds: string[];
  /** Field key (or `cf.<key>`) → id of the record whose value the survivor keeps. */
  fields?: Record<string, string>;
}

export interface Merge {
  id: string;
  kind: MergeKind;
  survivorId: string;
  mergedIds: string[];
  /** The merged records' names as they were. */
  merged: { id: string; name: string }[];
  fields: Record<string, string>;
  status: 'merged' | 'undone';
  createdAt: string;
  createdBy: string | null;
  undoneAt: string | null;
  undoableUntil: string;
  /** Whether undo would be accepted now (within the window, survivor unchanged since, merged records still merged). */
  canUndo: boolean;
  /** Links moved per table. */
  moved: Record<string, number>;
}

const nameOf = (kind: MergeKind, d: Dto) =>
  String(kind === 'people' ? (d.fullName ?? `${d.firstName ?? ''} ${d.lastName ?? ''}`.trim()) : (d.name ?? d.id));

const emailKey = (e: { email: string }) => e.email.toLowerCase();
const phoneKey = (p: { number: string }) => p.number;

export class MergeService {
  readonly #d: MergeDeps;

  constructor(deps: MergeDeps) {
    this.#d = deps;
  }

  #now(): string {
    return (this.#d.clock?.() ?? new Date()).toISOString();
  }

  #kernel(kind: MergeKind): AnyKernel {
    return kind === 'people' ? this.#d.people.records : this.#d.companies.records;
  }

  /** Merges `mergedIds` into `survivorId`: needs update on the kind and delete (the merged records go to the bin). */
  async merge(ctx: Ctx, kind: MergeKind, input: MergeInput): Promise<Merge> {
    assertCan(ctx.actor, kind, 'update');
    assertCan(ctx.actor, kind, 'delete');
    const mergedIds = [...new Set(input.mergedIds)];
    const errors: FieldError[] = [];
    if (mergedIds.length === 0)
      errors.push({ pointer: '/mergedIds', detail: 'must name at least one record', in: 'body' });
    if (mergedIds.length > MAX_MERGED)
      errors.push({ pointer: '/mergedIds', detail: `may name at most ${MAX_MERGED} records`, in: 'body' });
    if (mergedIds.includes(input.survivorId))
      errors.push({ pointer: '/mergedIds', detail: 'must not include the survivor', in: 'body' });
    const all = [input.survivorId, ...mergedIds];
    const fields = input.fields ?? {};
    const known = new Set<string>(MERGE_FIELDS[kind]);
    for (const [key, from] of Object.entries(fields)) {
      if (!known.has(key) && !key.startsWith('cf.'))
        errors.push({
          pointer: `/fields/${key}`,
          detail: `is not a field a merge chooses (one of: ${[...known].join(', ')}, cf.<key>)`,
          in: 'body',
        });
      else if (!all.includes(from))
        errors.push({
          pointer: `/fields/${key}`,
          detail: 'must be the id of the survivor or of a merged record',
          in: 'body',
        });
    }
    if (errors.length > 0) throw validation(errors);
    const kernel = this.#kernel(kind);
    const mergeId = newId();
    await this.#d.database.db.transaction().execute(async (trx) => {
      const rows = [];
      for (const id of all) rows.push(await kernel.load(ctx, id, trx, { forWrite: true }));
      const dtos = (await kernel.toDtos(ctx, rows, trx)) as Dto[];
      const survivor = dtos[0]!;
      const { patch, previous, chosen } = this.#choose(kind, dtos, fields, all);
      // Links first (so the merged records' own "moved to the bin" entries stay theirs), then the survivor's values.
      let seq = 0;
      for (const from of mergedIds) {
        const r = await repo.moveReferences(trx, kind, mergeId, from, input.survivorId, all, seq);
        seq = r.seq;
      }
      if (Object.keys(patch).length > 0) await kernel.update(ctx, input.survivorId, patch, undefined, trx);
      const after = await kernel.load(ctx, input.survivorId, trx);
      const at = this.#now();
      for (const from of mergedIds) {
        await kernel.remove(ctx, from, undefined, trx);
        await addRedirect(trx, { kind, fromId: from, toId: input.survivorId, mergeId, at });
      }
      await repo.setPairsStatus(trx, kind, all, 'open', 'merged');
      const merged = dtos.slice(1).map((d) => ({ id: d.id, name: nameOf(kind, d) }));
      await repo.insertMerge(trx, {
        id: mergeId,
        kind,
        survivor_id: input.survivorId,
        merged_ids: JSON.stringify(merged),
        fields: JSON.stringify(chosen),
        previous: JSON.stringify(previous),
        survivor_version: after.version,
        status: 'merged',
        created_by: ctx.actor.id,
        created_at: at,
        undone_at: null,
        undone_by: null,
      });
      await recordAudit(trx, ctx, {
        action: 'merge',
        object: kind,
        recordId: input.survivorId,
        meta: { mergeId, mergedIds, fields: chosen },
      });
      const names = merged.map((m) => m.name).join(', ');
      await this.#publish(
        trx,
        ctx,
        kind,
        'merged',
        survivor,
        mergeId,
        mergedIds,
        `Merged ${names} into ${nameOf(kind, survivor)}`,
      );
    });
    return this.get(ctx, mergeId);
  }

  /**
   * The survivor's update: each chosen field's value where it differs from the survivor's, the union of the
   * multi-value facts, and the survivor's previous values of everything changed (what undo writes back).
   */
  #choose(kind: MergeKind, dtos: Dto[], fields: Record<string, string>, all: string[]) {
    const survivor = dtos[0]!;
    const byId = new Map(dtos.map((d) => [d.id, d]));
    const patch: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    const chosen: Record<string, string> = {};
    for (const key of MERGE_FIELDS[kind]) {
      if (!dtos.every((d) => key in d)) continue; // a field the merger's role hides stays as it is
      const from = fields[key] ?? defaultSource(dtos, (d) => d[key]);
      chosen[key] = from;
      let value = byId.get(from)![key];
      // A company is never its own parent, nor the child of a record merged into it.
      if (key === 'parentId' && typeof value === 'string' && all.includes(value)) value = null;
      if (!sameValue(value, survivor[key])) {
        patch[key] = value ?? null;
        previous[key] = survivor[key] ?? null;
      }
    }
    const cfKeys = new Set(dtos.flatMap((d) => Object.keys((d.customFields as Record<string, unknown>) ?? {})));
    const cfPatch: Record<string, unknown> = {};
    const cfPrevious: Record<string, unknown> = {};
    for (const key of cfKeys) {
      const value = (d: Dto) => (d.customFields as Record<string, unknown> | undefined)?.[key];
      const from = fields[`cf.${key}`] ?? defaultSource(dtos, value);
      chosen[`cf.${key}`] = from;
      const v = value(byId.get(from)!);
      if (!sameValue(v, value(survivor))) {
        cfPatch[key] = v ?? null;
        cfPrevious[key] = value(survivor) ?? null;
      }
    }
    if (Object.keys(cfPatch).length > 0) {
      patch.customFields = cfPatch;
      previous.customFields = cfPrevious;
    }
    for (const key of MERGE_UNIONS[kind]) {
      if (!dtos.every((d) => Array.isArray(d[key]))) continue;
      const lists = dtos.map((d) => d[key] as unknown[]);
      let union: unknown[];
      if (key === 'emails') {
        union = lists.reduce<{ email: string; label: string }[]>(
          (acc, l) => unionBy(acc, l as { email: string; label: string }[], emailKey),
          [],
        );
      } else if (key === 'phones') {
        union = lists.reduce<{ number: string; label: string }[]>(
          (acc, l) => unionBy(acc, l as { number: string; label: string }[], phoneKey),
          [],
        );
      } else union = lists.reduce<string[]>((acc, l) => unionBy(acc, l as string[], (s) => s), []);
      if (union.length !== lists[0]!.length) {
        patch[key] = union;
        previous[key] = lists[0];
      }
    }
    return { patch, previous, chosen };
  }

  async #publish(
    trx: Executor,
    ctx: Ctx,
    kind: MergeKind,
    verb: 'merged' | 'merge_undone',
    survivor: Dto,
    mergeId: string,
    mergedIds: string[],
    summary: string,
  ): Promise<void> {
    await this.#d.events.publish(trx, ctx, {
      ...(kind === 'people' ? { type: `person.${verb}` } : { type: `company.${verb}` }),
      object: kind,
      recordId: survivor.id,
      payload: { mergeId, survivorId: survivor.id, mergedIds },
      timeline: {
        summary,
        ...(kind === 'people' ? { personId: survivor.id } : { companyId: survivor.id }),
        subjectKind: kind,
        subjectId: survivor.id,
      },
    });
  }

  /** A merge, for whoever may read the kind. */
  async get(ctx: Ctx, id: string, db: Executor = this.#d.database.db): Promise<Merge> {
    const row = await repo.findMerge(db, id);
    if (!row) throw this.#notFound();
    assertCan(ctx.actor, row.kind, 'read');
    return this.#dto(db, row);
  }

  /** Merges into a record, newest first (what the record page shows as "Merged from …"). */
  async listFor(ctx: Ctx, kind: MergeKind, survivorId: string): Promise<Merge[]> {
    assertCan(ctx.actor, kind, 'read');
    await this.#kernel(kind).load(ctx, survivorId);
    const rows = await repo.mergesInto(this.#d.database.db, kind, survivorId, 20);
    return Promise.all(rows.map((r) => this.#dto(this.#d.database.db, r)));
  }

  async #dto(db: Executor, row: repo.MergeRow): Promise<Merge> {
    const merged = JSON.parse(row.merged_ids) as { id: string; name: string }[];
    const undoableUntil = new Date(Date.parse(row.created_at) + UNDO_DAYS * 86_400_000).toISOString();
    const blocker = await this.#undoBlocker(db, row);
    return {
      id: row.id,
      kind: row.kind as MergeKind,
      survivorId: row.survivor_id,
      mergedIds: merged.map((m) => m.id),
      merged,
      fields: JSON.parse(row.fields) as Record<string, string>,
      status: row.status as Merge['status'],
      createdAt: row.created_at,
      createdBy: row.created_by,
      undoneAt: row.undone_at,
      undoableUntil,
      canUndo: blocker === undefined,
      moved: await repo.movedCounts(db, row.id),
    };
  }

  /** Why undo would be refused now, or undefined. */
  async #undoBlocker(db: Executor, row: repo.MergeRow): Promise<keyof typeof MERGE_ERRORS | undefined> {
    if (row.status !== 'merged') return 'merges.already_undone';
    if (Date.parse(this.#now()) > Date.parse(row.created_at) + UNDO_DAYS * 86_400_000) return 'merges.too_old';
    const table = row.kind === 'people' ? 'people' : 'companies';
    const survivor = await db
      .selectFrom(table)
      .select(['version', 'deleted_at'])
      .where('id', '=', row.survivor_id)
      .executeTakeFirst();
    if (!survivor || survivor.deleted_at || survivor.version !== row.survivor_version) return 'merges.conflict';
    const ids = (JSON.parse(row.merged_ids) as { id: string }[]).map((m) => m.id);
    const merged = await db.selectFrom(table).select('deleted_at').where('id', 'in', ids).execute();
    if (merged.length !== ids.length || merged.some((m) => !m.deleted_at)) return 'merges.conflict';
    return undefined;
  }

  /**
   * Undoes a merge: the links moved go back, the merged records come out of the bin (their redirects removed), the
   * survivor gets its overwritten values back. Refused after 30 days, or when the survivor changed since (its version
   * moved on) or a merged record was restored by hand.
   */
  async undo(ctx: Ctx, id: string): Promise<Merge> {
    await this.#d.database.db.transaction().execute(async (trx) => {
      const row = await repo.findMerge(trx, id);
      if (!row) throw this.#notFound();
      const kind = row.kind as MergeKind;
      assertCan(ctx.actor, kind, 'update');
      assertCan(ctx.actor, kind, 'delete');
      const kernel = this.#kernel(kind);
      const survivorRow = await kernel.load(ctx, row.survivor_id, trx, { forWrite: true });
      const blocker = await this.#undoBlocker(trx, row);
      if (blocker) throw this.#refusal(blocker);
      const merged = JSON.parse(row.merged_ids) as { id: string; name: string }[];
      await repo.moveBack(trx, kind, row.id, row.survivor_id);
      for (const m of merged) await kernel.restore(ctx, m.id, trx);
      await removeRedirects(trx, row.id);
      const previous = JSON.parse(row.previous) as Record<string, unknown>;
      if (Object.keys(previous).length > 0) {
        // Emails and phones go back in the shape the update takes.
        const input = { ...previous };
        if (Array.isArray(input.phones))
          input.phones = (input.phones as { number: string; label: string }[]).map((p) => ({
            number: p.number,
            label: p.label,
          }));
        await kernel.update(ctx, row.survivor_id, input, undefined, trx);
      }
      await repo.setPairsStatus(trx, kind, [row.survivor_id, ...merged.map((m) => m.id)], 'merged', 'open');
      await repo.markUndone(trx, row.id, ctx.actor.id, this.#now());
      await recordAudit(trx, ctx, {
        action: 'merge_undo',
        object: kind,
        recordId: row.survivor_id,
        meta: { mergeId: row.id },
      });
      const [survivor] = (await kernel.toDtos(ctx, [survivorRow], trx)) as Dto[];
      await this.#publish(
        trx,
        ctx,
        kind,
        'merge_undone',
        survivor!,
        row.id,
        merged.map((m) => m.id),
        `Undid the merge of ${merged.map((m) => m.name).join(', ')} into ${nameOf(kind, survivor!)}`,
      );
    });
    return this.get(ctx, id);
  }

  #notFound() {
    return codedError(MERGE_ERRORS, 'merges.not_found', 'Not found', 'No such merge.');
  }

  #refusal(code: keyof typeof MERGE_ERRORS) {
    const detail = {
      'merges.not_found': 'No such merge.',
      'merges.already_undone': 'This merge was undone already.',
      'merges.too_old': `A merge can be undone within ${UNDO_DAYS} days; this one is older.`,
      'merges.conflict':
        'The surviving record was changed after the merge (or a merged record was restored by hand), so undoing it would overwrite that change. Edit the records instead.',
    }[code];
    return codedError(MERGE_ERRORS, code, 'Conflict', detail);
  }
}
