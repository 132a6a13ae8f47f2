/**
 * Custom fields per object, defined by admins, and the validation of their values on people and companies.
 */

import { normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { codedError, type FieldError, notFound, staleVersion } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { FieldSpec } from '../../platform/lists.ts';
import { MAX_MINOR_UNITS } from '../../platform/schema.ts';
import { jsonArrayContains, jsonNumber, jsonText } from '../../platform/sql-json.ts';
import { CUSTOM_FIELDS_ERRORS } from './custom-fields.errors.ts';
import * as repo from './custom-fields.repository.ts';
import type { CreateCustomField, CustomFieldDef, UpdateCustomField } from './custom-fields.schemas.ts';

type ObjectKey = CustomFieldDef['object'];

/** Number and currency values stay within ±10^15 (currency in minor units), exact as a double and in every database. */
const MAX_NUMBER = MAX_MINOR_UNITS;
const MAX_NUMBER_TEXT = '10^15';

function toDto(r: repo.CustomFieldRow): CustomFieldDef {
  return {
    id: r.id,
    object: r.object as ObjectKey,
    key: r.key,
    label: r.label,
    type: r.type as CustomFieldDef['type'],
    options: JSON.parse(r.options) as string[],
    required: r.required === 1,
    helpText: r.help_text,
    position: r.position,
    version: r.version,
  };
}

export type CustomValues = Record<string, unknown>;

/** Validates one value for its definition; returns the stored form or an error message. */
export function validateValue(
  def: CustomFieldDef,
  value: unknown,
  country: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 500
        ? { ok: true, value: value.trim() }
        : { ok: false, reason: 'must be text of at most 500 characters' };
    case 'longText':
      return typeof value === 'string' && value.length <= 20_000
        ? { ok: true, value }
        : { ok: false, reason: 'must be text of at most 20,000 characters' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_NUMBER
        ? { ok: true, value }
        : { ok: false, reason: `must be a number between -${MAX_NUMBER_TEXT} and ${MAX_NUMBER_TEXT}` };
    case 'currency':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_MINOR_UNITS
        ? { ok: true, value }
        : { ok: false, reason: `must be a whole number of minor units (cents) of at most ${MAX_NUMBER_TEXT}` };
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : { ok: false, reason: 'must be a date as YYYY-MM-DD' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: 'must be true or false' };
    case 'select':
      return typeof value === 'string' && def.options.includes(value)
        ? { ok: true, value }
        : { ok: false, reason: `must be one of: ${def.options.join(', ')}` };
    case 'multiSelect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && def.options.includes(v))
        ? { ok: true, value: [...new Set(value as string[])] }
        : { ok: false, reason: `must be a list of: ${def.options.join(', ')}` };
    case 'url': {
      if (typeof value !== 'string') return { ok: false, reason: 'must be a URL' };
      try {
        const u = new URL(value);
        return u.protocol === 'http:' || u.protocol === 'https:'
          ? { ok: true, value: u.toString() }
          : { ok: false, reason: 'must be an http(s) URL' };
      } catch {
        return { ok: false, reason: 'must be a URL' };
      }
    }
    case 'email': {
      if (typeof value !== 'string') return { ok: false, reason: 'must be an email address' };
      const r = normaliseEmail(value);
      return r.ok ? { ok: true, value: r.email } : { ok: false, reason: r.reason };
    }
    case 'phone': {
      if (typeof value !== 'string') return { ok: false, reason: 'must be a phone number' };
      const r = normalisePhone(value, country);
      return r.ok ? { ok: true, value: r.e164 } : { ok: false, reason: r.reason };
    }
  }
}

/**
 * Definitions are read by every list and form (field specs), so reads outside a transaction are cached briefly in
 * memory: a change on this instance applies at once, one made on another instance within a second.
 */
const CACHE_MS = 1000;

export class CustomFieldsService {
  readonly #database: Database;
  readonly #cached = new Map<string, { at: number; value: CustomFieldDef[] }>();

  constructor(database: Database) {
    this.#database = database;
  }

  async list(object?: ObjectKey, db: Executor = this.#database.db): Promise<CustomFieldDef[]> {
    const key = object ?? '*';
    const c = this.#cached.get(key);
    if (db === this.#database.db && c && Date.now() - c.at < CACHE_MS) return c.value;
    const value = (await repo.listDefs(db, object)).map(toDto);
    if (db === this.#database.db) this.#cached.set(key, { at: Date.now(), value });
    return value;
  }

  /** Defines a field; `db` writes it in the caller's transaction (the set-up's starter), else in one of its own. */
  async create(ctx: Ctx, input: CreateCustomField, db?: Executor): Promise<CustomFieldDef> {
    assertCan(ctx.actor, 'settings', 'update');
    const options = input.options ?? [];
    if ((input.type === 'select' || input.type === 'multiSelect') && options.length === 0) {
      throw codedError(
        CUSTOM_FIELDS_ERRORS,
        'custom_fields.options_required',
        'Invalid input',
        'A select field needs at least one option.',
        [{ pointer: '/options', detail: 'needs at least one option', in: 'body' }],
      );
    }
    const write = async (trx: Executor) => {
      if (await repo.findDefByKey(trx, input.object, input.key)) {
        throw codedError(
          CUSTOM_FIELDS_ERRORS,
          'custom_fields.key_taken',
          'Conflict',
          `A custom field "${input.key}" already exists on ${input.object}.`,
        );
      }
      const t = now();
      const row = {
        id: newId(),
        object: input.object,
        key: input.key,
        label: input.label,
        type: input.type,
        options: JSON.stringify([...new Set(options)]),
        required: input.required ? 1 : 0,
        help_text: input.helpText ?? null,
        position: input.position ?? 0,
        created_at: t,
        updated_at: t,
      };
      await repo.insertDef(trx, row);
      this.#cached.clear();
      const dto = toDto({ ...row, version: 1 });
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'custom_fields',
        recordId: row.id,
        changes: diff({}, dto),
      });
      return dto;
    };
    return db ? write(db) : this.#database.db.transaction().execute(write);
  }

  async update(ctx: Ctx, id: string, input: UpdateCustomField, ifMatch?: number): Promise<CustomFieldDef> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findDef(trx, id);
      if (!row) throw notFound('custom_fields');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = toDto(row);
      this.#cached.clear();
      await repo.updateDef(
        trx,
        id,
        {
          label: input.label,
          options: input.options ? JSON.stringify([...new Set(input.options)]) : undefined,
          required: input.required === undefined ? undefined : input.required ? 1 : 0,
          help_text: input.helpText,
          position: input.position,
          updated_at: now(),
        },
        row.version,
      );
      const after = toDto((await repo.findDef(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'custom_fields',
        recordId: id,
        changes: diff(before, after),
      });
      return after;
    });
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'settings', 'update');
    await this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findDef(trx, id);
      if (!row) throw notFound('custom_fields');
      await repo.deleteDef(trx, id);
      this.#cached.clear();
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'custom_fields',
        recordId: id,
        changes: diff(toDto(row), {}),
      });
    });
  }

  /**
   * Validates a customFields input against the definitions: unknown keys, wrong types and missing required values are
   * reported with pointers under `/customFields/<key>`. Returns the merged stored values.
   */
  validate(
    defs: CustomFieldDef[],
    input: CustomValues | undefined,
    existing: CustomValues,
    country: string,
    isCreate: boolean,
  ): { values: CustomValues; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const values: CustomValues = { ...existing };
    const byKey = new Map(defs.map((d) => [d.key, d]));
    for (const [key, raw] of Object.entries(input ?? {})) {
      const def = byKey.get(key);
      if (!def) {
        errors.push({ pointer: `/customFields/${key}`, detail: 'is not a custom field of this object', in: 'body' });
        continue;
      }
      const r = validateValue(def, raw, country);
      if (r.ok) {
        if (r.value === null) delete values[key];
        else values[key] = r.value;
      } else errors.push({ pointer: `/customFields/${key}`, detail: r.reason, in: 'body' });
    }
    if (isCreate || input) {
      for (const def of defs) {
        if (def.required && (values[def.key] === undefined || values[def.key] === null)) {
          if (!errors.some((e) => e.pointer === `/customFields/${def.key}`)) {
            errors.push({ pointer: `/customFields/${def.key}`, detail: 'is required', in: 'body' });
          }
        }
      }
    }
    return { values, errors };
  }

  /** List field specs for the custom fields of an object (filterable; sortable when scalar). */
  fieldSpecs(defs: CustomFieldDef[], table: string, country: string): FieldSpec[] {
    const dialect = this.#database.dialect;
    return defs.map((d) => {
      const column = `${table}.custom_fields`;
      const spec: FieldSpec = {
        key: `cf.${d.key}`,
        label: d.label,
        type: d.type,
        filterable: d.type !== 'longText',
        sortable: d.type !== 'longText' && d.type !== 'multiSelect',
        custom: true,
        // A number read as a number only where one is stored: values left by an earlier field of another type are NULL.
        expr:
          d.type === 'number' || d.type === 'currency'
            ? jsonNumber(dialect, column, d.key)
            : jsonText(dialect, column, d.key),
      };
      if (d.options.length > 0) spec.options = d.options;
      if (d.type === 'multiSelect') spec.filter = (_op, value) => jsonArrayContains(dialect, column, d.key, value);
      if (d.type === 'phone') {
        spec.normalise = (v) => {
          const r = normalisePhone(v, country);
          if (!r.ok) throw new Error(r.reason);
          return r.e164;
        };
      }
      return spec;
    });
  }
}
