/**
 * Service's own settings, one row: how long after a first-contact resolution a reopen takes the flag back
 * (`fcrReopenDays`, 7 until changed). Staff with the `settings` permission change it; each change is audited. A
 * reopen's event carries the window in force then, so a later change does not rewrite past figures (nor a rebuild).
 */
import { Type } from 'typebox';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { now } from '../../platform/ids.ts';
import { FCR_REOPEN_WINDOW_DAYS } from './cases.service.ts';

const ID = 'default';

export const ServiceSettings = Type.Object(
  {
    fcrReopenDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      description:
        'A reopen within this many days of a first-contact resolution takes the first-contact flag back (7 by default)',
    }),
  },
  { additionalProperties: false, title: 'ServiceSettings' },
);
export type ServiceSettings = { fcrReopenDays: number };
export const UpdateServiceSettings = Type.Partial(ServiceSettings, { additionalProperties: false });
export type UpdateServiceSettings = Partial<ServiceSettings>;

export class ServiceSettingsService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async get(db: Executor = this.#database.db): Promise<ServiceSettings> {
    const row = await db.selectFrom('service_settings').selectAll().where('id', '=', ID).executeTakeFirst();
    return { fcrReopenDays: row ? Number(row.fcr_reopen_days) : FCR_REOPEN_WINDOW_DAYS };
  }

  async update(ctx: Ctx, input: UpdateServiceSettings): Promise<ServiceSettings> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#database.db.transaction().execute(async (trx) => {
      const before = await this.get(trx);
      const after = { ...before, ...input };
      await trx
        .insertInto('service_settings')
        .values({ id: ID, fcr_reopen_days: after.fcrReopenDays, updated_at: now() })
        .onConflict((oc) => oc.column('id').doUpdateSet({ fcr_reopen_days: after.fcrReopenDays, updated_at: now() }))
        .execute();
      if (before.fcrReopenDays !== after.fcrReopenDays)
        await recordAudit(trx, ctx, {
          action: 'update',
          object: 'settings',
          changes: { fcrReopenDays: { from: before.fcrReopenDays, to: after.fcrReopenDays } },
        });
      return after;
    });
  }
}
