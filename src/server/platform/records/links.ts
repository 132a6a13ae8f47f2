/**
 * Typed links between records. A task, promise or activity points at any kind of record (`subject_kind`,
 * `subject_id`); every timeline entry names the record whose timeline it belongs to the same way. The person/company
 * anchors (`person_id`, `company_id`) stay beside the link, because the 360° timelines of people and companies read
 * them (a person's touchpoints roll up to its company).
 *
 * `LinkTargets` knows which kinds can be linked to and, per kind, how to find a record the actor may see and which
 * person/company it is anchored to; a module registers its kind when it is built (`services.ts`). `repointLinks` is the
 * one place that moves every link from one record to another (merging two records).
 */
import { type SqlBool, sql } from 'kysely';
import { Type } from 'typebox';
import type { Executor } from '../../db/database.ts';
import type { Ctx } from '../access/policy.ts';
import type { FieldError } from '../errors.ts';

/** `subjectKind` in request and response schemas. */
export const SubjectKind = Type.String({
  pattern: '^[a-z][a-z_]*$',
  maxLength: 40,
  description: 'The kind of record it is linked to (typed link): people, companies, …',
});
/** `subjectId` in request and response schemas. */
export const SubjectId = Type.String({ minLength: 1, maxLength: 64, description: 'The id of the linked record' });

/** The person/company a linked record is anchored to (what the 360° timelines read). */
export interface Anchors {
  personId: string | null;
  companyId: string | null;
}

export interface LinkTarget {
  /** The kind's name (`people`, `companies`, `deals`, …): the value of `subjectKind`. */
  kind: string;
  /** "person", "company": named in validation problems. */
  singular: string;
  /** The record if it exists and the actor may see it (its anchors), else undefined. */
  find(ctx: Ctx, db: Executor, id: string): Promise<Anchors | undefined>;
}

/** A link as a write asks for it: the typed subject, or (older clients) a person and/or company. */
export interface LinkInput {
  subjectKind?: string | null;
  subjectId?: string | null;
  personId?: string | null;
  companyId?: string | null;
}

/** The stored link of a row. */
export interface LinkColumns {
  subject_kind: string | null;
  subject_id: string | null;
  person_id: string | null;
  company_id: string | null;
}

/** Every row that can carry a link, and its timeline entries. */
export const LINK_TABLES = ['tasks', 'promises', 'activities', 'timeline'] as const;

export class LinkTargets {
  readonly #targets = new Map<string, LinkTarget>();

  register(target: LinkTarget): void {
    if (this.#targets.has(target.kind)) throw new Error(`Link target ${target.kind} is already registered`);
    this.#targets.set(target.kind, target);
  }

  /** The kinds a record can be linked to. */
  kinds(): string[] {
    return [...this.#targets.keys()];
  }

  /** The record a link names, if its kind is known, it exists and the actor may see it. */
  async find(ctx: Ctx, db: Executor, kind: string, id: string): Promise<Anchors | undefined> {
    return this.#targets.get(kind)?.find(ctx, db, id);
  }

  /**
   * Resolves a write's link into columns, validating it: a known kind, a record that exists and that the actor may
   * see (a problem naming `/subjectKind` or `/subjectId` otherwise). A typed subject sets the anchors (a person is the
   * person anchor, a company the company anchor, any other kind lends its own anchors) unless `personId`/`companyId`
   * are given too; `personId`/`companyId` alone set the subject (the person, else the company), as before typed links.
   * Fields left out keep `existing`; returns only what changes, or undefined when the link is untouched. `check` tells
   * whether a person/company given directly is visible (the module's own check, with its own problem).
   */
  async resolve(
    ctx: Ctx,
    db: Executor,
    input: LinkInput,
    existing: LinkColumns | undefined,
    errors: FieldError[],
  ): Promise<Partial<LinkColumns> | undefined> {
    const { subjectKind, subjectId } = input;
    if (subjectKind === undefined && subjectId === undefined) {
      if (input.personId === undefined && input.companyId === undefined) return undefined;
      const personId = input.personId === undefined ? (existing?.person_id ?? null) : input.personId;
      const companyId = input.companyId === undefined ? (existing?.company_id ?? null) : input.companyId;
      // A subject of another kind stays; one that was the person or company follows the anchors.
      const keep = existing?.subject_kind && !['people', 'companies'].includes(existing.subject_kind);
      const subject = keep
        ? { subject_kind: existing!.subject_kind, subject_id: existing!.subject_id }
        : personId
          ? { subject_kind: 'people', subject_id: personId }
          : companyId
            ? { subject_kind: 'companies', subject_id: companyId }
            : { subject_kind: null, subject_id: null };
      return { ...subject, person_id: personId, company_id: companyId };
    }
    if ((subjectKind ?? null) === null || (subjectId ?? null) === null) {
      if ((subjectKind ?? null) !== null || (subjectId ?? null) !== null) {
        const missing = (subjectKind ?? null) === null ? '/subjectKind' : '/subjectId';
        errors.push({ pointer: missing, detail: 'is required with the other half of the link', in: 'body' });
        return undefined;
      }
      // Unlinked: the anchors go too, unless given.
      return {
        subject_kind: null,
        subject_id: null,
        person_id: input.personId ?? null,
        company_id: input.companyId ?? null,
      };
    }
    const target = this.#targets.get(subjectKind!);
    if (!target) {
      errors.push({
        pointer: '/subjectKind',
        detail: `is not a kind of record (one of: ${this.kinds().join(', ')})`,
        in: 'body',
      });
      return undefined;
    }
    const unchanged = existing?.subject_kind === subjectKind && existing?.subject_id === subjectId;
    const anchors = await target.find(ctx, db, subjectId!);
    if (!anchors) {
      if (!unchanged) {
        errors.push({ pointer: '/subjectId', detail: `is not a ${target.singular} you can see`, in: 'body' });
        return undefined;
      }
    }
    const own =
      subjectKind === 'people'
        ? { personId: subjectId!, companyId: input.companyId ?? existing?.company_id ?? anchors?.companyId ?? null }
        : subjectKind === 'companies'
          ? { personId: input.personId ?? null, companyId: subjectId! }
          : (anchors ?? { personId: existing?.person_id ?? null, companyId: existing?.company_id ?? null });
    return {
      subject_kind: subjectKind!,
      subject_id: subjectId!,
      person_id: input.personId === undefined ? own.personId : input.personId,
      company_id: input.companyId === undefined ? own.companyId : input.companyId,
    };
  }
}

/** How many rows of each table `repointLinks` moved. */
export type Repointed = Record<(typeof LINK_TABLES)[number], number>;

/**
 * Moves every link to record `fromId` of `kind` onto `toId`, inside the caller's transaction: tasks, promises and
 * activities linked to it, and the timeline entries written for it; for people and companies also their person or
 * company anchors, so the merged record's 360° timeline shows the other's history. Merging two records calls it once.
 */
export async function repointLinks(trx: Executor, kind: string, fromId: string, toId: string): Promise<Repointed> {
  const out = { tasks: 0, promises: 0, activities: 0, timeline: 0 } satisfies Repointed;
  const anchor = kind === 'people' ? sql.ref('person_id') : kind === 'companies' ? sql.ref('company_id') : null;
  const linked = sql<SqlBool>`(subject_kind = ${kind} and subject_id = ${fromId})`;
  for (const table of LINK_TABLES) {
    // One statement per table: rows linked to the record, and (people, companies) rows anchored to it without being
    // linked to it (a task about a person's company; a person's entry on its company's timeline).
    const r = anchor
      ? await sql`update ${sql.table(table)} set
            subject_id = case when ${linked} then ${toId} else subject_id end,
            ${anchor} = case when ${anchor} = ${fromId} then ${toId} else ${anchor} end
          where ${linked} or ${anchor} = ${fromId}`.execute(trx)
      : await sql`update ${sql.table(table)} set subject_id = ${toId} where ${linked}`.execute(trx);
    out[table] = Number(r.numAffectedRows ?? 0);
  }
  return out;
}
