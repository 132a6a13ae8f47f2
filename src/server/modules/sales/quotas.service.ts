/**
 * Sales quotas: what a user or a team is expected to win in a period (an amount and/or a number of deals). A quota
 * for a quarter or a year may also be given as the quotas of its parts (three months, four quarters); the forecast
 * and each user's progress read them through `quotaFor`.
 */
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type FieldError, notFound, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { teamBriefs, userNames } from '../identity/index.ts';
import { periodParts } from './periods.ts';
import * as repo from './quotas.repository.ts';
import type { Quota, QuotaQuery, SetQuotas } from './quotas.schemas.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export interface QuotaTarget {
  amountMinor: number | null;
  currency: string | null;
  dealCount: number | null;
}

export class QuotasService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async #names(db: Executor, rows: repo.QuotaRow[]): Promise<Map<string, string>> {
    const users = await userNames(
      db,
      rows.filter((r) => r.subject_kind === 'user').map((r) => r.subject_id),
    );
    const teams = await teamBriefs(
      db,
      rows.filter((r) => r.subject_kind === 'team').map((r) => r.subject_id),
    );
    return new Map([...users, ...[...teams].map(([id, t]) => [id, t.name] as const)]);
  }

  #dto(r: repo.QuotaRow, names: Map<string, string>): Quota {
    return {
      id: r.id,
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      subjectName: names.get(r.subject_id) ?? null,
      period: r.period,
      amount:
        r.amount_minor !== null && r.currency ? { amountMinor: Number(r.amount_minor), currency: r.currency } : null,
      dealCount: r.deal_count,
      updatedAt: r.updated_at,
    };
  }

  async list(ctx: Ctx, q: QuotaQuery): Promise<Quota[]> {
    assertCan(ctx.actor, 'deals', 'read');
    const db = this.#database.db;
    const rows = await repo.list(db, {
      ...(q.period ? { periods: [q.period, ...periodParts(q.period).flat()] } : {}),
      ...(q.subjectKind ? { subjectKind: q.subjectKind } : {}),
      ...(q.subjectId ? { subjectIds: [q.subjectId] } : {}),
    });
    const names = await this.#names(db, rows);
    return rows.map((r) => this.#dto(r, names));
  }

  /** Sets quotas (one per subject and period; a second one for the same replaces it). All or nothing; audited. */
  async set(ctx: Ctx, input: SetQuotas): Promise<Quota[]> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#database.db.transaction().execute(async (trx) => {
      const errors: FieldError[] = [];
      const users = await userNames(
        trx,
        input.quotas.filter((q) => q.subjectKind === 'user').map((q) => q.subjectId),
      );
      const teams = await teamBriefs(
        trx,
        input.quotas.filter((q) => q.subjectKind === 'team').map((q) => q.subjectId),
      );
      const seen = new Set<string>();
      input.quotas.forEach((q, i) => {
        const known = q.subjectKind === 'user' ? users.has(q.subjectId) : teams.has(q.subjectId);
        if (!known) errors.push({ pointer: `/quotas/${i}/subjectId`, detail: `is not a ${q.subjectKind}`, in: 'body' });
        if (q.amount && !CURRENCIES.has(q.amount.currency)) {
          errors.push({
            pointer: `/quotas/${i}/amount/currency`,
            detail: 'is not a known ISO 4217 currency',
            in: 'body',
          });
        }
        if (!q.amount && (q.dealCount === undefined || q.dealCount === null)) {
          errors.push({ pointer: `/quotas/${i}`, detail: 'needs an amount, a deal count or both', in: 'body' });
        }
        const key = `${q.subjectKind}:${q.subjectId}:${q.period}`;
        if (seen.has(key))
          errors.push({ pointer: `/quotas/${i}`, detail: 'repeats another quota of this list', in: 'body' });
        seen.add(key);
      });
      if (errors.length > 0) throw validation(errors);
      const at = now();
      const before = await repo.list(trx, { periods: [...new Set(input.quotas.map((q) => q.period))] });
      for (const q of input.quotas) {
        await repo.upsert(trx, {
          id: newId(),
          subject_kind: q.subjectKind,
          subject_id: q.subjectId,
          period: q.period,
          amount_minor: q.amount?.amountMinor ?? null,
          currency: q.amount?.currency ?? null,
          deal_count: q.dealCount ?? null,
          created_at: at,
          updated_at: at,
        });
      }
      const after = await repo.list(trx, { periods: [...new Set(input.quotas.map((q) => q.period))] });
      const snap = (rows: repo.QuotaRow[]) =>
        Object.fromEntries(
          rows.map((r) => [
            `${r.subject_kind}:${r.subject_id}:${r.period}`,
            {
              amount: r.amount_minor === null ? null : Number(r.amount_minor),
              currency: r.currency,
              dealCount: r.deal_count,
            },
          ]),
        );
      await recordAudit(trx, ctx, { action: 'update', object: 'quotas', changes: diff(snap(before), snap(after)) });
      const keys = new Set(input.quotas.map((q) => `${q.subjectKind}:${q.subjectId}:${q.period}`));
      const names = await this.#names(trx, after);
      return after
        .filter((r) => keys.has(`${r.subject_kind}:${r.subject_id}:${r.period}`))
        .map((r) => this.#dto(r, names));
    });
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'settings', 'update');
    await this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw notFound('quotas');
      await repo.remove(trx, id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'quotas',
        recordId: id,
        changes: diff({ period: row.period, subjectId: row.subject_id }, {}),
      });
    });
  }

  /** The users or teams with a quota for a period, set for it or for its parts. */
  async subjectsWithQuota(subjectKind: 'user' | 'team', period: string, db: Executor = this.#database.db) {
    const rows = await repo.list(db, { periods: [period, ...periodParts(period).flat()], subjectKind });
    return [...new Set(rows.map((r) => r.subject_id))];
  }

  /**
   * Each subject's quota for a period: the quota set for the period itself, else the sum of its parts (the quarters
   * of a year, else its months; the months of a quarter) that are set. Null where nothing is set.
   */
  async quotaFor(subjectKind: 'user' | 'team', ids: string[], period: string, db: Executor = this.#database.db) {
    const parts = periodParts(period);
    const rows = await repo.list(db, { periods: [period, ...parts.flat()], subjectKind, subjectIds: ids });
    const out = new Map<string, QuotaTarget>();
    for (const id of ids) {
      const own = rows.filter((r) => r.subject_id === id);
      const exact = own.find((r) => r.period === period);
      const chosen = exact
        ? [exact]
        : (parts.map((p) => own.filter((r) => p.includes(r.period))).find((l) => l.length > 0) ?? []);
      if (chosen.length === 0) continue;
      const currency = chosen.find((r) => r.currency)?.currency ?? null;
      const amounts = chosen.filter((r) => r.amount_minor !== null && r.currency === currency);
      const counts = chosen.filter((r) => r.deal_count !== null);
      out.set(id, {
        amountMinor: amounts.length ? amounts.reduce((s, r) => s + Number(r.amount_minor), 0) : null,
        currency,
        dealCount: counts.length ? counts.reduce((s, r) => s + (r.deal_count ?? 0), 0) : null,
      });
    }
    return out;
  }
}
