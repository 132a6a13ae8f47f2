/**
 * The organisation's settings (one workspace per deployment) and its module switches. Settings are read on most
 * requests (phone country, module gates), so they are cached briefly in memory; every instance re-reads within a second.
 */
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { LIFECYCLE_CADENCE_DEFAULTS } from '../../platform/contact-facts.ts';
import { codedError, staleVersion } from '../../platform/errors.ts';
import { now } from '../../platform/ids.ts';
import { WORKSPACE_ERRORS } from './workspace.errors.ts';
import * as repo from './workspace.repository.ts';
import type { ModuleKey, UpdateWorkspace, Workspace } from './workspace.schemas.ts';

/** The industries a new workspace offers for its companies (admins edit the list in Settings → Workspace). */
export const DEFAULT_INDUSTRIES: readonly string[] = [
  'Agriculture',
  'Automotive',
  'Construction',
  'Education',
  'Energy',
  'Financial services',
  'Food and drink',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Legal',
  'Logistics',
  'Manufacturing',
  'Media and marketing',
  'Non-profit',
  'Professional services',
  'Public sector',
  'Real estate',
  'Retail',
  'Software',
  'Telecommunications',
  'Wholesale',
];

/**
 * What a new workspace writes to its customers about: the communication topics a person (or the customer in the portal)
 * chooses to hear about. Admins edit the list in Settings → Workspace.
 */
export const DEFAULT_COMMUNICATION_TOPICS: readonly string[] = [
  'Product news',
  'Events and webinars',
  'Offers',
  'Surveys and feedback',
];

export const DEFAULT_WORKSPACE: Omit<Workspace, 'version' | 'updatedAt'> = {
  name: 'My business',
  defaultCountry: 'GB',
  defaultCurrency: 'GBP',
  timezone: 'Europe/London',
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
  modules: { sales: true, marketing: true, service: true, portal: false, accounts: true },
  cadenceDefaults: LIFECYCLE_CADENCE_DEFAULTS,
  industries: [...DEFAULT_INDUSTRIES],
  communicationTopics: [...DEFAULT_COMMUNICATION_TOPICS],
};

function toDto(r: repo.WorkspaceRow): Workspace {
  return {
    name: r.name,
    defaultCountry: r.default_country,
    defaultCurrency: r.default_currency,
    timezone: r.timezone,
    businessHours: JSON.parse(r.business_hours),
    modules: { ...DEFAULT_WORKSPACE.modules, ...JSON.parse(r.modules) },
    cadenceDefaults: { ...LIFECYCLE_CADENCE_DEFAULTS, ...JSON.parse(r.cadence_defaults) },
    industries: r.industries ? JSON.parse(r.industries) : [...DEFAULT_INDUSTRIES],
    communicationTopics: r.communication_topics
      ? JSON.parse(r.communication_topics)
      : [...DEFAULT_COMMUNICATION_TOPICS],
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/** Trimmed, without repeats (ignoring case), in the admin's order. */
export function cleanNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/** The industries column: the built-in list (null) when emptied. */
function industriesColumn(names: string[]): string | null {
  const out = cleanNames(names);
  return out.length > 0 ? JSON.stringify(out) : null;
}

const CACHE_MS = 1000;

export class WorkspaceService {
  readonly #database: Database;
  #cached: { at: number; value: Workspace } | undefined;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Creates the workspace row if missing (idempotent). */
  async ensure(db: Executor = this.#database.db, initial: Partial<typeof DEFAULT_WORKSPACE> = {}): Promise<void> {
    const w = { ...DEFAULT_WORKSPACE, ...initial };
    await repo.insertWorkspace(db, {
      id: repo.WORKSPACE_ID,
      name: w.name,
      default_country: w.defaultCountry,
      default_currency: w.defaultCurrency,
      timezone: w.timezone,
      business_hours: JSON.stringify(w.businessHours),
      modules: JSON.stringify(w.modules),
      updated_at: now(),
    });
  }

  async get(db: Executor = this.#database.db): Promise<Workspace> {
    const c = this.#cached;
    if (db === this.#database.db && c && Date.now() - c.at < CACHE_MS) return c.value;
    let row = await repo.findWorkspace(db);
    if (!row) {
      await this.ensure(db);
      row = (await repo.findWorkspace(db))!;
    }
    const value = toDto(row);
    if (db === this.#database.db) this.#cached = { at: Date.now(), value };
    return value;
  }

  async isEnabled(module: ModuleKey): Promise<boolean> {
    return (await this.get()).modules[module];
  }

  /** Changes the workspace settings, in the caller's transaction when one is given. */
  async update(ctx: Ctx, input: UpdateWorkspace, ifMatch?: number, db?: Executor): Promise<Workspace> {
    assertCan(ctx.actor, 'settings', 'update');
    if (
      input.timezone !== undefined &&
      !Intl.supportedValuesOf('timeZone').includes(input.timezone) &&
      input.timezone !== 'UTC'
    ) {
      throw codedError(
        WORKSPACE_ERRORS,
        'workspace.invalid_timezone',
        'Invalid input',
        `Unknown time zone ${input.timezone}.`,
        [{ pointer: '/timezone', detail: 'is not an IANA time zone', in: 'body' }],
      );
    }
    if (input.businessHours && input.businessHours.start >= input.businessHours.end) {
      throw codedError(
        WORKSPACE_ERRORS,
        'workspace.invalid_hours',
        'Invalid input',
        'Business hours must end after they start.',
        [{ pointer: '/businessHours/end', detail: 'must be after start', in: 'body' }],
      );
    }
    const result = await inTransaction(this.#database.db, db, async (trx) => {
      const before = await this.get(trx);
      if (ifMatch !== undefined && ifMatch !== before.version) throw staleVersion(before.version);
      const modules = { ...before.modules, ...input.modules };
      await repo.updateWorkspace(
        trx,
        {
          name: input.name,
          default_country: input.defaultCountry?.toUpperCase(),
          default_currency: input.defaultCurrency?.toUpperCase(),
          timezone: input.timezone,
          business_hours: input.businessHours ? JSON.stringify(input.businessHours) : undefined,
          modules: JSON.stringify(modules),
          cadence_defaults: input.cadenceDefaults
            ? JSON.stringify({ ...before.cadenceDefaults, ...input.cadenceDefaults })
            : undefined,
          industries: input.industries === undefined ? undefined : industriesColumn(input.industries),
          communication_topics:
            input.communicationTopics === undefined ? undefined : JSON.stringify(cleanNames(input.communicationTopics)),
          updated_at: now(),
        },
        before.version,
      );
      const after = await this.get(trx);
      const { version: _v1, updatedAt: _u1, ...b } = before;
      const { version: _v2, updatedAt: _u2, ...a } = after;
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'workspace',
        recordId: repo.WORKSPACE_ID,
        changes: diff(b, a),
      });
      return after;
    });
    this.#cached = undefined;
    return result;
  }
}
