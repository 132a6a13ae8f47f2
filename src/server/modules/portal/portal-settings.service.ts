/**
 * The portal's settings: which case types customers may raise (enforced when a request is raised: another is a 422
 * naming `caseTypeId`), and its branding (logo URL, accent colour) shown in the portal's header. One row; staff with
 * the `settings` permission change it.
 */
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type FieldError, validation } from '../../platform/errors.ts';
import { now } from '../../platform/ids.ts';
import type { CaseTypesService } from '../service/index.ts';
import type { PortalSettings, UpdatePortalSettings } from './portal.schemas.ts';

/** The accent colour until one is chosen. */
export const DEFAULT_ACCENT = '#1c64d6';
const ID = 'default';
const HEX = /^#[0-9a-fA-F]{6}$/;

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** Contrast of white text on the colour (the portal header writes white on the accent). */
export const contrastWithWhite = (hex: string): number => 1.05 / (luminance(hex) + 0.05);

/** Checks an https address with a host, no credentials: what a logo may be loaded from (the CSP allows https images). */
function isLogoUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

export class PortalSettingsService {
  readonly #database: Database;
  readonly #caseTypes: CaseTypesService;

  constructor(deps: { database: Database; caseTypes: CaseTypesService }) {
    this.#database = deps.database;
    this.#caseTypes = deps.caseTypes;
  }

  async get(db: Executor = this.#database.db): Promise<PortalSettings> {
    const row = await db.selectFrom('portal_settings').selectAll().where('id', '=', ID).executeTakeFirst();
    const ids = row?.allowed_case_type_ids ? (JSON.parse(row.allowed_case_type_ids) as string[]) : null;
    const types = ids ? await Promise.all(ids.map((id) => this.#caseTypes.find(id, db))) : [];
    return {
      allowedCaseTypeIds: ids,
      allowedCaseTypes: types
        .filter((t): t is NonNullable<typeof t> => t !== undefined && !t.archived)
        .map((t) => ({ id: t.id, name: t.name })),
      logoUrl: row?.logo_url ?? null,
      accentColor: row?.accent_color ?? DEFAULT_ACCENT,
    };
  }

  async update(ctx: Ctx, input: UpdatePortalSettings): Promise<PortalSettings> {
    assertCan(ctx.actor, 'settings', 'update');
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    if (input.logoUrl !== undefined && input.logoUrl !== null && !isLogoUrl(input.logoUrl.trim()))
      err('/logoUrl', 'must be an https address, like https://example.com/logo.png');
    if (input.accentColor !== undefined && input.accentColor !== null) {
      if (!HEX.test(input.accentColor)) err('/accentColor', 'must be a colour as #rrggbb');
      else if (contrastWithWhite(input.accentColor) < 4.5)
        err(
          '/accentColor',
          `is too light for the white header text (contrast ${contrastWithWhite(input.accentColor).toFixed(2)}:1, at least 4.5:1 needed): choose a darker colour`,
        );
    }
    const ids =
      input.allowedCaseTypeIds === null
        ? null
        : input.allowedCaseTypeIds
          ? [...new Set(input.allowedCaseTypeIds)]
          : undefined;
    for (const [i, id] of (ids ?? []).entries()) {
      const t = await this.#caseTypes.find(id);
      if (!t || t.archived) err(`/allowedCaseTypeIds/${i}`, 'is not an active case type');
    }
    if (errors.length > 0) throw validation(errors);
    return this.#database.db.transaction().execute(async (trx) => {
      const before = await this.get(trx);
      const t = now();
      const set = {
        ...(ids !== undefined ? { allowed_case_type_ids: ids === null ? null : JSON.stringify(ids) } : {}),
        ...(input.logoUrl !== undefined ? { logo_url: input.logoUrl?.trim() || null } : {}),
        ...(input.accentColor !== undefined ? { accent_color: input.accentColor?.toLowerCase() ?? null } : {}),
        updated_at: t,
      };
      await trx
        .insertInto('portal_settings')
        .values({ id: ID, allowed_case_type_ids: null, logo_url: null, accent_color: null, ...set })
        .onConflict((oc) => oc.column('id').doUpdateSet(set))
        .execute();
      const after = await this.get(trx);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['allowedCaseTypeIds', 'logoUrl', 'accentColor'] as const)
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changes[k] = { from: before[k], to: after[k] };
      await recordAudit(trx, ctx, { action: 'update', object: 'settings', recordId: 'portal', changes });
      return after;
    });
  }

  /**
   * The case type a request raised in the portal may have: with a list set, one of it is required (a 422 naming
   * `caseTypeId` otherwise); without one, none may be given.
   */
  async checkRequestType(caseTypeId: string | undefined): Promise<void> {
    const s = await this.get();
    const allowed = new Set(s.allowedCaseTypes.map((t) => t.id));
    const fail = (detail: string) => {
      throw validation([{ pointer: '/caseTypeId', detail, in: 'body' }]);
    };
    if (caseTypeId === undefined) {
      if (allowed.size > 0) fail('is required: choose what your request is about');
      return;
    }
    if (!allowed.has(caseTypeId)) fail('is not a kind of request you can raise in the portal');
  }
}
