/**
 * The dataset itself, without a database: users, companies and people with their emails, phones and creation events.
 * Everything comes from one seed (same seed, same rows, same ids). Companies are generated up front (a few hundred
 * thousand at most); people are generated in chunks so a million of them never sit in memory at once.
 *
 * Shape of the data:
 * - records are created in time order over the three years before `nowMs`, on working days and hours; a fifth of them
 *   arrive in an import in the first week, then the rate grows;
 * - company weights are Pareto distributed: a few companies have hundreds of contacts, most have 1-10; a person joins
 *   only a company that already exists; ~15% of people have no company;
 * - records of a team are owned by its members, with skewed ownership (the first rep of a team owns most);
 * - ~1% of people are deliberate near-duplicates of an earlier person, and a few text fields are sloppy on purpose.
 */
import type { Insertable } from 'kysely';
import type { TableValues } from '../db/bulk.ts';
import type {
  CompaniesTable,
  CustomFieldDefsTable,
  PeopleTable,
  PersonEmailsTable,
  PersonPhonesTable,
  PromisesTable,
  TasksTable,
} from '../db/schema.ts';
import { activitySummary } from '../modules/activities/index.ts';
import { companyCreatedLine } from '../modules/companies/index.ts';
import { personCreatedLine, personFullName } from '../modules/people/index.ts';
import { contactDueAt, effectiveCadence, LIFECYCLE_CADENCE_DEFAULTS } from '../platform/contact-facts.ts';
import { landlineNumber, mobileNumber } from './phones.ts';
import { buildPools, type Pools } from './pools.ts';
import { Rng, SeededIds, Weighted } from './random.ts';
import {
  ACCOUNT_TIERS,
  BRAND_PREFIXES,
  BRAND_SUFFIXES,
  BRAND_WORDS,
  type City,
  COMPANY_TAGS,
  CONSENT_SOURCES,
  type Country,
  type CountryCode,
  INDUSTRIES,
  type Industry,
  JOB_TITLES,
  LINE2,
  LOCAL_JOB_TITLES,
  NICKNAMES,
  PERSON_TAGS,
  SOURCES,
  STREET_STYLE,
} from './reference.ts';
import {
  bodyFor,
  DEPARTMENT_MIX,
  decodeKind,
  durationFor,
  encodeKind,
  isTwoWay,
  PROMISES,
  randomKind,
  subjectFor,
  TASK_TITLES,
} from './touchpoints.ts';

export const DEMO_PASSWORD = 'rapport-demo';
export const DEMO_EMAIL_DOMAIN = 'demo.rapport.test';
/** Default "now" of generated histories: fixed, so that the same seed gives the same rows on any day. */
export const DEFAULT_SEED_NOW = '2026-11-01T00:00:00.000Z';

export const TEAMS = ['North', 'South', 'Enterprise', 'Service desk', 'Marketing', 'Finance'] as const;
export type TeamName = (typeof TEAMS)[number];

export type Stage = 'lead' | 'prospect' | 'customer' | 'former_customer';
const STAGES = new Weighted<Stage>([
  ['lead', 35],
  ['prospect', 25],
  ['customer', 32],
  ['former_customer', 8],
]);

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Maps a fraction of the working time in [start, end) to an instant on a weekday between 08:00 and 18:00 UTC. */
class WorkingCalendar {
  readonly #days: number[] = [];
  readonly #open = 8 * HOUR;
  readonly #length = 10 * HOUR;

  constructor(startMs: number, endMs: number) {
    for (let d = Math.floor(startMs / DAY) * DAY; d < endMs; d += DAY) {
      const weekday = new Date(d).getUTCDay();
      if (weekday !== 0 && weekday !== 6) this.#days.push(d);
    }
  }

  get days(): number {
    return this.#days.length;
  }

  at(fraction: number): number {
    const t = Math.min(Math.max(fraction, 0), 0.999_999_999) * this.#days.length * this.#length;
    const day = Math.floor(t / this.#length);
    return this.#days[day]! + this.#open + Math.floor(t - day * this.#length);
  }

  /** The inverse of at(): where an instant falls in the working time (outside hours: the next opening). */
  fractionOf(ms: number): number {
    const days = this.#days;
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (days[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    const offset = Math.min(Math.max(ms - days[lo]! - this.#open, 0), this.#length);
    return (lo * this.#length + offset) / (days.length * this.#length);
  }
}

/**
 * Fraction of the history at which the i-th of n records is created: monotonic in i (ids and insert order follow
 * creation time), 20% in an import during the first week, then a rate that triples over the period.
 */
function scheduleFraction(i: number, n: number, jitter: number, importShare: number): number {
  const imported = Math.floor(n * 0.2);
  if (i < imported) return ((i + jitter) / imported) * importShare;
  const p = (i - imported + jitter) / Math.max(1, n - imported);
  const x = (-1 + Math.sqrt(1 + 8 * p)) / 2; // inverse CDF of density (1 + 2x) / 2 on [0, 1]
  return importShare + x * (1 - importShare);
}

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
const slugCache = new Map<string, string>();

/** Lower-case ASCII letters and digits only ("Seán O'Brien" -> "seanobrien"), as used in email addresses. */
export function slug(text: string): string {
  let s = slugCache.get(text);
  if (s === undefined) {
    s = text
      .toLowerCase()
      .replace(/[ßæøœłđıþ]/g, (c) => SPECIAL_LETTERS[c] ?? '')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '');
    if (slugCache.size < 50_000) slugCache.set(text, s);
  }
  return s;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

type EmailPattern = 'first.last' | 'flast' | 'f.last' | 'first' | 'firstl' | 'first_last' | 'last.first' | 'firstlast';

function workLocalPart(pattern: EmailPattern, f: string, l: string): string {
  switch (pattern) {
    case 'first.last':
      return `${f}.${l}`;
    case 'flast':
      return `${f.charAt(0)}${l}`;
    case 'f.last':
      return `${f.charAt(0)}.${l}`;
    case 'first':
      return f;
    case 'firstl':
      return `${f}${l.charAt(0)}`;
    case 'first_last':
      return `${f}_${l}`;
    case 'last.first':
      return `${l}.${f}`;
    case 'firstlast':
      return `${f}${l}`;
  }
}

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  roleKey: string;
  team: TeamName | null;
  /** Further teams the user is a member of (a manager manages several sales teams). */
  alsoTeams?: readonly TeamName[];
  createdMs: number;
  lastLoginMs: number | null;
  /** Whether records are assigned to this user (sales reps and marketers, not admins or viewers). */
  owner: boolean;
}

interface Address {
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface SeedCompany {
  id: string;
  createdMs: number;
  name: string;
  stem: string;
  domain: string | null;
  country: Country;
  city: City;
  industry: Industry;
  team: TeamName;
  ownerId: string;
  weight: number;
  status: Stage;
  emailPattern: EmailPattern;
  address: Address;
  parentId: string | null;
  /** The cadence that applies (companies count as customers) and the latest touchpoints of its people so far. */
  cadence: number;
  lastContactMs: number;
  lastContactBy: string | null;
  lastContactChannel: string | null;
  lastTwoWayMs: number;
}

/** The contact facts of a company whose people were in touch, for one UPDATE after the load. */
export interface CompanyContactRow {
  id: string;
  last_contact_at: string;
  last_contact_by: string | null;
  last_contact_channel: string | null;
  last_two_way_at: string | null;
  contact_due_at: string;
}

/** One person's touchpoints, in time order, as planned (handed to PendingTouches, which keeps them in its arrays). */
interface TouchPlan {
  personId: string;
  companyId: string | null;
  teamId: string;
  times: Float64Array;
  codes: Uint16Array;
  owners: string[];
}

/** A typed array twice as long, with the contents of `a`. */
function grown<A extends Float64Array | Uint16Array | Int32Array>(a: A): A {
  const b = new (a.constructor as new (n: number) => A)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Touchpoints planned and not yet written, and a binary min-heap of the plans by the time of their next touchpoint.
 * Everything sits in a few flat arrays (plan p's touchpoints are entries first[p]..end[p]-1, the heap holds plan
 * numbers with their keys beside them): with a million people, one object and three typed arrays per plan made
 * garbage collection the largest cost of generation, and sifting through objects missed the CPU cache.
 */
class PendingTouches {
  // per touchpoint
  #times = new Float64Array(1024);
  #codes = new Uint16Array(1024);
  #owners = new Uint16Array(1024);
  #entries = 0;
  readonly #ownerIds: string[] = [];
  readonly #ownerIndex = new Map<string, number>();
  // per plan
  readonly #person: string[] = [];
  readonly #company: (string | null)[] = [];
  readonly #team: string[] = [];
  #next = new Int32Array(1024);
  #end = new Int32Array(1024);
  // the heap: plan numbers and the time of their next touchpoint
  #heap = new Int32Array(1024);
  #keys = new Float64Array(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  peekTime(): number {
    return this.#size > 0 ? this.#keys[0]! : Number.POSITIVE_INFINITY;
  }

  /** Stores a plan and queues it by its first touchpoint. */
  add(plan: TouchPlan): void {
    const n = plan.times.length;
    while (this.#entries + n > this.#times.length) {
      this.#times = grown(this.#times);
      this.#codes = grown(this.#codes);
      this.#owners = grown(this.#owners);
    }
    const first = this.#entries;
    this.#times.set(plan.times, first);
    this.#codes.set(plan.codes, first);
    for (let i = 0; i < n; i++) {
      const owner = plan.owners[i]!;
      let index = this.#ownerIndex.get(owner);
      if (index === undefined) {
        index = this.#ownerIds.length;
        this.#ownerIds.push(owner);
        this.#ownerIndex.set(owner, index);
      }
      this.#owners[first + i] = index;
    }
    this.#entries += n;
    const p = this.#person.length;
    if (p === this.#next.length) {
      this.#next = grown(this.#next);
      this.#end = grown(this.#end);
    }
    this.#person.push(plan.personId);
    this.#company.push(plan.companyId);
    this.#team.push(plan.teamId);
    this.#next[p] = first;
    this.#end[p] = first + n;
    this.#push(p);
  }

  /** Takes the earliest touchpoint: the plan it belongs to and the entry to read it from (see the accessors). */
  take(): { plan: number; entry: number } {
    const p = this.#pop();
    const entry = this.#next[p]!++;
    if (this.#next[p]! < this.#end[p]!) this.#push(p);
    return { plan: p, entry };
  }

  time(entry: number): number {
    return this.#times[entry]!;
  }

  code(entry: number): number {
    return this.#codes[entry]!;
  }

  owner(entry: number): string {
    return this.#ownerIds[this.#owners[entry]!]!;
  }

  personId(plan: number): string {
    return this.#person[plan]!;
  }

  companyId(plan: number): string | null {
    return this.#company[plan]!;
  }

  teamId(plan: number): string {
    return this.#team[plan]!;
  }

  #push(plan: number): void {
    if (this.#size === this.#heap.length) {
      this.#heap = grown(this.#heap);
      this.#keys = grown(this.#keys);
    }
    const heap = this.#heap;
    const keys = this.#keys;
    const t = this.#times[this.#next[plan]!]!;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= t) break;
      heap[i] = heap[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    heap[i] = plan;
    keys[i] = t;
  }

  #pop(): number {
    const heap = this.#heap;
    const keys = this.#keys;
    const top = heap[0]!;
    const n = --this.#size;
    if (n === 0) return top;
    const last = heap[n]!;
    const t = keys[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && keys[r]! < keys[l]!) c = r;
      if (keys[c]! >= t) break;
      heap[i] = heap[c]!;
      keys[i] = keys[c]!;
      i = c;
    }
    heap[i] = last;
    keys[i] = t;
    return top;
  }
}

interface Profile {
  first: string;
  last: string;
  job: string | null;
  company: SeedCompany | null;
  country: Country;
  city: City;
  emails: { email: string; label: string }[];
  phones: { e164: string; label: string }[];
  address: Address;
  team: TeamName;
  stage: Stage;
}

/**
 * The columns of the three largest tables, whose rows (millions at the large scale) are written straight into flat
 * value arrays in this order, without a row object each. Activities leave `deal_id`, `case_id`, `promise_id`,
 * `deleted_at` (NULL) and `version` (1) to their column defaults.
 */
const EVENT_COLUMNS = ['id', 'at', 'type', 'actor_id', 'object', 'record_id', 'payload'] as const;
const TIMELINE_COLUMNS = [
  'id',
  'at',
  'event_id',
  'type',
  'department',
  'person_id',
  'company_id',
  'actor_id',
  'object',
  'record_id',
  'summary',
  'payload',
  'subject_kind',
  'subject_id',
] as const;
const ACTIVITY_COLUMNS = [
  'id',
  'type',
  'direction',
  'channel',
  'department',
  'subject',
  'body_html',
  'occurred_at',
  'duration_seconds',
  'outcome',
  'two_way',
  'person_id',
  'company_id',
  'owner_id',
  'team_id',
  'created_at',
  'updated_at',
  'subject_kind',
  'subject_id',
] as const;

export interface PeopleChunk {
  people: Insertable<PeopleTable>[];
  emails: Insertable<PersonEmailsTable>[];
  phones: Insertable<PersonPhonesTable>[];
  events: TableValues<'events'>;
  timeline: TableValues<'timeline'>;
  activities: TableValues<'activities'>;
  tasks: Insertable<TasksTable>[];
  promises: Insertable<PromisesTable>[];
}

export interface GeneratorOptions {
  seed: number;
  people: number;
  companies: number;
  /** Users beyond the fixed demo logins, spread over the sales, marketing and service teams. */
  extraUsers: number;
  nowMs: number;
  /** Creation events and the touchpoint history (activities with their events and timeline, tasks, promises). */
  withTimeline: boolean;
}

const FIXED_USERS: readonly {
  local: string;
  name: string;
  roleKey: string;
  team: TeamName | null;
  alsoTeams?: readonly TeamName[];
  owner: boolean;
}[] = [
  { local: 'admin', name: 'Alex Morgan', roleKey: 'admin', team: 'North', owner: false },
  // The sales manager manages the three sales teams: "my team" (going cold, lists) is theirs.
  {
    local: 'manager',
    name: 'Priya Shah',
    roleKey: 'manager',
    team: 'North',
    alsoTeams: ['South', 'Enterprise'],
    owner: false,
  },
  { local: 'sales.north', name: 'Tom Baker', roleKey: 'sales', team: 'North', owner: true },
  { local: 'sales.north2', name: 'Chloe Evans', roleKey: 'sales', team: 'North', owner: true },
  { local: 'sales.south', name: 'Daniel Hughes', roleKey: 'sales', team: 'South', owner: true },
  { local: 'marketing', name: 'Hannah Price', roleKey: 'marketing', team: 'Marketing', owner: true },
  { local: 'service', name: 'Marcus Reid', roleKey: 'service', team: 'Service desk', owner: false },
  { local: 'accounts', name: 'Grace Okafor', roleKey: 'accounts', team: 'Finance', owner: false },
  { local: 'viewer', name: 'Oliver Grant', roleKey: 'read-only', team: null, owner: false },
];

/** Teams of the extra users, in turn: most join sales, Enterprise first (no fixed login sits in it). */
const EXTRA_USER_TEAMS: readonly TeamName[] = [
  'Enterprise',
  'Enterprise',
  'South',
  'North',
  'Enterprise',
  'South',
  'Marketing',
  'North',
  'Service desk',
  'South',
];

const ROLE_OF_TEAM: Record<TeamName, string> = {
  North: 'sales',
  South: 'sales',
  Enterprise: 'sales',
  Marketing: 'marketing',
  'Service desk': 'service',
  Finance: 'accounts',
};

const DEPARTMENT_OF_TEAM: Record<TeamName, string> = {
  North: 'sales',
  South: 'sales',
  Enterprise: 'sales',
  Marketing: 'marketing',
  'Service desk': 'service',
  Finance: 'accounts',
};

const COUNTRY_NAMES: Record<CountryCode, string> = {
  GB: 'UK',
  IE: 'Ireland',
  US: 'USA',
  DE: 'Deutschland',
  FR: 'France',
  ES: 'España',
  NL: 'Nederland',
};

/** The Pareto tail index of company weights: about 80/20. */
const COMPANY_ALPHA = 1.16;
const sizeThreshold = (topShare: number) => topShare ** (-1 / COMPANY_ALPHA);
const SIZES: readonly (readonly [number, string])[] = [
  [sizeThreshold(0.015), '1000+'],
  [sizeThreshold(0.07), '201-1000'],
  [sizeThreshold(0.22), '51-200'],
  [sizeThreshold(0.55), '11-50'],
  [0, '1-10'],
];
const CREDIT_LIMITS: Record<string, readonly number[]> = {
  '1-10': [100_000, 250_000, 500_000],
  '11-50': [250_000, 500_000, 1_000_000],
  '51-200': [1_000_000, 2_500_000, 5_000_000],
  '201-1000': [2_500_000, 5_000_000, 10_000_000],
  '1000+': [10_000_000, 25_000_000, 50_000_000],
};

const WORK_PATTERNS = new Weighted<EmailPattern>([
  ['first.last', 55],
  ['flast', 12],
  ['firstlast', 8],
  ['f.last', 7],
  ['first_last', 5],
  ['firstl', 4],
  ['last.first', 4],
]);
const INDUSTRY_PICKER = new Weighted(INDUSTRIES.map((i) => [i, i.weight] as const));
const TITLE_PICKER = new Weighted(JOB_TITLES);
const SOURCE_PICKER = new Weighted(SOURCES);
const COMPANY_TAG_PICKER = Weighted.zipf(COMPANY_TAGS, 0.8, 2);
const PERSON_TAG_PICKER = Weighted.zipf(PERSON_TAGS, 0.8, 2);
const OWN_CADENCES = [7, 14, 60, 90] as const;

/**
 * Share of each stage whose owner keeps to the contact cadence: they get a two-way check-in within it, so "going cold"
 * is the minority it is in a well-run book (most customers within their rhythm; leads and past customers slip more).
 */
const KEPT_WARM: Record<string, number> = { customer: 0.85, prospect: 0.7, former_customer: 0.6, lead: 0.5 };
const TIER = new Weighted([
  ['A', 4],
  ['B', 18],
  ['C', 40],
  ['D', 38],
]);
const BIG_TIER = new Weighted([
  ['A', 20],
  ['B', 40],
  ['C', 30],
  ['D', 10],
]);
const LEAD_TOUCHES = new Weighted([
  [0, 30],
  [1, 30],
  [2, 25],
  [3, 15],
]);
const TAG_COUNT = new Weighted([
  [0, 55],
  [1, 28],
  [2, 12],
  [3, 5],
]);

export class DatasetGenerator {
  readonly options: GeneratorOptions;
  readonly #rng: Rng;
  readonly #ids: SeededIds;
  /** A separate stream for event and timeline ids, so record ids do not depend on `withTimeline`. */
  readonly #eventIds: SeededIds;
  readonly #pools: Pools;
  readonly #startMs: number;
  readonly #calendar: WorkingCalendar;
  readonly #importShare: number;
  readonly #importEndMs: number;
  readonly #providers = new Map<CountryCode, Weighted<string>>();
  readonly #tlds = new Map<CountryCode, Weighted<string>>();
  readonly #legal = new Map<CountryCode, Weighted<string>>();
  readonly #emails = new Set<string>();
  readonly #domains = new Set<string>();
  readonly #companyRng: Rng;
  readonly #peopleRng: Rng;

  #teamIds = new Map<string, string>();
  #owners = new Map<TeamName, Weighted<string>>();
  readonly #companies: SeedCompany[] = [];
  #companyRows: (Insertable<CompaniesTable> | null)[] = [];
  /** Company weights (drawn before the first company), their running sums, and the companies that may have subsidiaries. */
  #companyWeightsDrawn: Float64Array | undefined;
  #cumulative = new Float64Array(0);
  #weightSum = 0;
  readonly #parents: number[] = [];
  /** People generated so far, the next company to become eligible, and companies still without a contact. */
  #nextPerson = 0;
  #eligible = 0;
  #pending: number[] = [];
  #pendingHead = 0;
  #recent: Profile[] = [];
  /**
   * Streams of their own (derived from the seed, not forked from the main stream, so the records above come out the
   * same as without them): contact attributes, touchpoint plans (drawn in person order), touchpoint texts (drawn in
   * time order, as written) and the ids of activities, tasks and promises.
   */
  readonly #factsRng: Rng;
  readonly #planRng: Rng;
  readonly #textRng: Rng;
  readonly #touchIds: SeededIds;
  readonly #pendingTouches = new PendingTouches();
  #touchesWritten = 0;

  constructor(options: GeneratorOptions) {
    this.options = options;
    this.#rng = new Rng(options.seed);
    this.#ids = new SeededIds(this.#rng.fork());
    this.#pools = buildPools(this.#rng.fork(), options.seed);
    this.#companyRng = this.#rng.fork();
    this.#peopleRng = this.#rng.fork();
    this.#eventIds = new SeededIds(this.#rng.fork());
    this.#startMs = options.nowMs - Math.round(3 * 365.25 * DAY);
    this.#calendar = new WorkingCalendar(this.#startMs, options.nowMs);
    this.#importShare = 5 / this.#calendar.days;
    this.#importEndMs = this.#calendar.at(this.#importShare);
    for (const c of this.#pools.byCode.values()) {
      this.#providers.set(c.code, new Weighted(c.providers));
      this.#tlds.set(c.code, new Weighted(c.tlds));
      this.#legal.set(c.code, new Weighted(c.legal));
    }
    const touch = new Rng((options.seed ^ 0x70c4_a11e) >>> 0);
    this.#factsRng = touch.fork();
    this.#planRng = touch.fork();
    this.#textRng = touch.fork();
    this.#touchIds = new SeededIds(touch.fork());
  }

  /** When the workspace was set up: a month before the first record. */
  get setupMs(): number {
    return this.#startMs - 30 * DAY;
  }

  id(ms: number): string {
    return this.#ids.at(ms);
  }

  /** Ids of the teams as stored (an existing workspace may already have some). */
  setTeamIds(ids: Map<string, string>): void {
    this.#teamIds = ids;
  }

  #teamId(team: TeamName): string {
    const id = this.#teamIds.get(team);
    if (!id) throw new Error(`Team ${team} has no id`);
    return id;
  }

  // ---------------------------------------------------------------------------------------------------- users

  users(): SeedUser[] {
    const rng = this.#rng.fork();
    const users: SeedUser[] = [];
    const taken = new Set<string>();
    const at = (k: number) => this.setupMs + k * HOUR;
    const lastLogin = () => (rng.chance(0.85) ? this.options.nowMs - rng.int(14 * DAY) : null);
    FIXED_USERS.forEach(({ local, ...u }, k) => {
      const email = `${local}@${DEMO_EMAIL_DOMAIN}`;
      taken.add(email);
      users.push({ ...u, id: this.id(at(k)), email, createdMs: at(k), lastLoginMs: lastLogin() });
    });
    const gb = this.#pools.names.get('GB')!;
    for (let k = 0; k < this.options.extraUsers; k++) {
      const team = EXTRA_USER_TEAMS[k % EXTRA_USER_TEAMS.length]!;
      const first = (rng.chance(0.5) ? gb.female : gb.male).pick(rng);
      const last = gb.last.pick(rng);
      let email = `${slug(first)}.${slug(last)}@${DEMO_EMAIL_DOMAIN}`;
      for (let n = 2; taken.has(email); n++) email = `${slug(first)}.${slug(last)}${n}@${DEMO_EMAIL_DOMAIN}`;
      taken.add(email);
      const createdMs = at(FIXED_USERS.length + k);
      const owner = team !== 'Service desk';
      users.push({
        id: this.id(createdMs),
        email,
        name: `${first} ${last}`,
        roleKey: ROLE_OF_TEAM[team],
        team,
        createdMs,
        lastLoginMs: lastLogin(),
        owner,
      });
    }
    for (const team of TEAMS) {
      const members = users.filter((u) => u.owner && u.team === team).map((u) => u.id);
      if (members.length > 0) this.#owners.set(team, Weighted.zipf(members, 1.2, 1));
    }
    return users;
  }

  #ownerIn(rng: Rng, team: TeamName): string {
    const owners = this.#owners.get(team);
    if (!owners) throw new Error(`Team ${team} has no members who can own records`);
    return owners.pick(rng);
  }

  customFieldDefs(): Insertable<CustomFieldDefsTable>[] {
    const at = new Date(this.setupMs + 2 * DAY).toISOString();
    const def = (
      object: string,
      key: string,
      label: string,
      type: string,
      options: readonly string[],
      help: string,
      position: number,
    ) => ({
      id: this.id(this.setupMs + 2 * DAY + position),
      object,
      key,
      label,
      type,
      options: JSON.stringify(options),
      required: 0,
      help_text: help,
      position,
      created_at: at,
      updated_at: at,
    });
    return [
      def(
        'people',
        'source',
        'Source',
        'select',
        SOURCES.map((s) => s[0]),
        'Where this contact first came from.',
        0,
      ),
      def('people', 'linkedinUrl', 'LinkedIn', 'url', [], 'Profile address.', 1),
      def(
        'companies',
        'accountTier',
        'Account tier',
        'select',
        ACCOUNT_TIERS,
        'Service level agreed with the account.',
        0,
      ),
    ];
  }

  // ---------------------------------------------------------------------------------------------------- shared

  #time(i: number, n: number, rng: Rng): number {
    return this.#calendar.at(scheduleFraction(i, n, rng.next(), this.#importShare));
  }

  /**
   * A later instant in working hours, before now (updated_at, consent dates); `spread` is the share of the remaining
   * history it may reach, and sooner is likelier.
   */
  #later(rng: Rng, fromMs: number, spread = 1): number {
    const from = this.#calendar.fractionOf(fromMs);
    const t = this.#calendar.at(from + rng.next() ** 2 * (1 - from) * spread);
    return Math.min(this.options.nowMs, Math.max(fromMs, t));
  }

  #address(rng: Rng, country: Country, city: City): Address {
    const streets = this.#pools.streets.get(country.code)!;
    const street = rng.pick(streets);
    const style = STREET_STYLE[country.code];
    const n =
      country.code === 'US' ? rng.between(10, 9999) : rng.chance(0.7) ? rng.between(1, 60) : rng.between(61, 250);
    const line1 =
      style === 'number-first' ? `${n} ${street}` : style === 'comma' ? `${street}, ${n}` : `${street} ${n}`;
    return {
      address_line1: line1,
      address_line2: null,
      city: city.name,
      region: city.region,
      postal_code: this.#postcode(rng, country, city),
      country: country.code,
    };
  }

  #postcode(rng: Rng, country: Country, city: City): string {
    const p = city.postal;
    if (typeof p[0] === 'number') {
      const lo = p[0];
      const hi = p[1] as number;
      const num = rng.between(lo, hi);
      if (country.code === 'NL') {
        const letters = 'ABCDEFGHJKLMNPRSTVWXZ';
        let pair = rng.pick([...letters]) + rng.pick([...letters]);
        if (pair === 'SA' || pair === 'SD' || pair === 'SS') pair = 'AB';
        return `${num} ${pair}`;
      }
      return String(num).padStart(5, '0');
    }
    const outward = rng.pick(p as readonly string[]);
    if (country.code === 'IE') {
      const chars = '0123456789ACDEFHKNPRTVWXY';
      let unique = '';
      for (let i = 0; i < 4; i++) unique += chars.charAt(rng.int(chars.length));
      return `${outward} ${unique}`;
    }
    const letters = 'ABDEFGHJLNPQRSTUWXYZ';
    return `${outward} ${rng.int(10)}${letters.charAt(rng.int(letters.length))}${letters.charAt(rng.int(letters.length))}`;
  }

  #tags(rng: Rng, picker: Weighted<string>, extra?: string): string {
    const count = TAG_COUNT.pick(rng);
    const tags = new Set<string>();
    if (extra) tags.add(extra);
    for (let k = 0; k < count * 2 && tags.size < count; k++) tags.add(picker.pick(rng));
    return JSON.stringify([...tags]);
  }

  #teamFor(rng: Rng, country: Country, city: City, big: boolean): TeamName {
    if (big && rng.chance(0.7)) return 'Enterprise';
    return city.team ?? country.team;
  }

  // ---------------------------------------------------------------------------------------------------- companies

  /** All companies, in creation order. Call after users() and setTeamIds(). */
  companies(): SeedCompany[] {
    this.#generateCompanies(this.options.companies);
    return this.#companies;
  }

  /**
   * Generates companies up to the `end`-th, continuing where the last call stopped: the same companies as in one go,
   * so their rows can be written while the next are generated.
   */
  #generateCompanies(end: number): void {
    const rng = this.#companyRng;
    const n = this.options.companies;
    const companies = this.#companies;
    if (this.#companyWeightsDrawn === undefined) {
      this.#companyWeightsDrawn = this.#companyWeights(rng.fork());
      this.#cumulative = new Float64Array(n);
    }
    const weights = this.#companyWeightsDrawn;
    const parents = this.#parents;
    for (let i = companies.length; i < Math.min(end, n); i++) {
      const createdMs = this.#time(i, n, rng);
      let company: SeedCompany;
      if (i > 20 && parents.length > 0 && rng.chance(0.03)) {
        company = this.#subsidiary(rng, companies[rng.pick(parents)]!, createdMs);
      } else if (i > 50 && rng.chance(0.005)) {
        company = this.#companyDuplicate(rng, companies[rng.int(companies.length)]!, createdMs);
      } else {
        company = this.#company(rng, createdMs, weights[i]!);
      }
      if (company.weight >= sizeThreshold(0.07) && company.parentId === null) parents.push(i);
      companies.push(company);
      this.#weightSum += company.weight;
      this.#cumulative[i] = this.#weightSum;
    }
  }

  #companyName(rng: Rng, country: Country, city: City, industry: Industry): string {
    const lang = country.language as 'en' | 'de' | 'fr' | 'es' | 'nl';
    const word = rng.pick(industry.words[lang] ?? industry.words.en ?? ['Group']);
    const surname = () => {
      const last = this.#pools.names.get(country.code)!.last.pick(rng);
      return last.charAt(0).toUpperCase() + last.slice(1);
    };
    const romance = lang === 'fr' || lang === 'es';
    const roll = rng.next();
    if (roll < 0.3) return romance ? `${word} ${surname()}` : `${surname()} ${word}`;
    if (roll < 0.55) return `${rng.pick(BRAND_PREFIXES)}${rng.pick(BRAND_SUFFIXES)} ${word}`;
    if (roll < 0.7) return `${rng.pick(BRAND_WORDS)} ${word}`;
    if (roll < 0.8) return `${surname()} & ${surname()}`;
    if (roll < 0.9) {
      if (lang === 'fr') return `${word} de ${city.name}`;
      if (lang === 'es') return `${word} ${city.name}`;
      return `${city.name} ${word}`;
    }
    const family: Record<string, readonly string[]> = {
      en: ['# & Sons', '# Group', '# Brothers'],
      de: ['# Gruppe', 'Gebrüder #', '# & Söhne'],
      fr: ['# & Fils', 'Groupe #', 'Établissements #'],
      es: ['# e Hijos', 'Grupo #', 'Hermanos #'],
      nl: ['# & Zonen', '# Groep', 'Gebroeders #'],
    };
    return rng.pick(family[lang] ?? family.en!).replace('#', surname());
  }

  #domainFor(rng: Rng, stem: string, country: Country): string | null {
    const base = rng.chance(0.2) ? stem.replace(/\s+/g, '-') : stem.replace(/\s+/g, '');
    const label = slugDomain(base);
    if (label.length < 2) return null;
    const tld = this.#tlds.get(country.code)!.pick(rng);
    for (const candidate of [`${label}.${tld}`, `${label}.com`, `${label}-${country.code.toLowerCase()}.com`]) {
      if (!this.#domains.has(candidate)) {
        this.#domains.add(candidate);
        return candidate;
      }
    }
    for (let k = 2; ; k++) {
      const candidate = `${label}${k}.${tld}`;
      if (!this.#domains.has(candidate)) {
        this.#domains.add(candidate);
        return candidate;
      }
    }
  }

  /**
   * Pareto weights, capped so that the largest account has a few hundred contacts in the demo and a few thousand at a
   * million people, rather than a third of everyone (the cap is a share of the total, found by iterating).
   */
  #companyWeights(rng: Rng): Float64Array {
    const n = this.options.companies;
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = rng.pareto(COMPANY_ALPHA);
    const maxContacts = Math.min(2500, Math.max(30, this.options.people * 0.08));
    // contacts not handed out as "first contact of a new company"; early companies collect about 1.5x their share
    const weightedPicks = Math.max(1, this.options.people * 0.85 - n);
    const maxShare = Math.min(1, maxContacts / weightedPicks / 1.5);
    let cap = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 8; round++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.min(weights[i]!, cap);
      cap = maxShare * sum;
    }
    for (let i = 0; i < n; i++) weights[i] = Math.min(weights[i]!, cap);
    return weights;
  }

  #company(rng: Rng, createdMs: number, weight: number): SeedCompany {
    const country = this.#pools.countries.pick(rng);
    const city = this.#pools.cities.get(country.code)!.pick(rng);
    const industry = INDUSTRY_PICKER.pick(rng);
    const stem = this.#companyName(rng, country, city, industry);
    const legal = this.#legal.get(country.code)!.pick(rng);
    const domain = weight < 1.5 && rng.chance(0.15) ? null : this.#domainFor(rng, stem, country);
    return this.#finishCompany(rng, {
      createdMs,
      name: legal ? `${stem} ${legal}` : stem,
      stem,
      domain,
      country,
      city,
      industry,
      weight,
      parentId: null,
    });
  }

  /** A subsidiary of a larger company, usually in another country ("Brightfield Logistics Deutschland GmbH"). */
  #subsidiary(rng: Rng, parent: SeedCompany, createdMs: number): SeedCompany {
    const others = [...this.#pools.byCode.values()].filter((o) => o.code !== parent.country.code);
    const country = rng.chance(0.8) ? rng.pick(others) : parent.country;
    const city = this.#pools.cities.get(country.code)!.pick(rng);
    const stem =
      country === parent.country ? `${parent.stem} ${city.name}` : `${parent.stem} ${COUNTRY_NAMES[country.code]}`;
    const legal = this.#legal.get(country.code)!.pick(rng);
    const domain =
      parent.domain === null ? null : this.#domainFor(rng, parent.domain.slice(0, parent.domain.indexOf('.')), country);
    return this.#finishCompany(rng, {
      createdMs,
      name: legal ? `${stem} ${legal}` : stem,
      stem,
      domain,
      country,
      city,
      industry: parent.industry,
      weight: Math.max(1, parent.weight * 0.3 * rng.next()),
      parentId: parent.id,
    });
  }

  /** The same company entered again under a slightly different name, with the same web domain. */
  #companyDuplicate(rng: Rng, original: SeedCompany, createdMs: number): SeedCompany {
    const variants = [
      original.name
        .replace(/ Ltd$/, ' Limited')
        .replace(/ Inc\.$/, ' Inc')
        .replace(/ GmbH$/, ' Gmbh'),
      original.stem,
      original.name.replace(' & ', ' and '),
      original.name.toUpperCase(),
      `The ${original.name}`,
    ].filter((v) => v !== original.name);
    return this.#finishCompany(rng, {
      createdMs,
      name: rng.pick(variants.length > 0 ? variants : [`${original.name} `]),
      stem: original.stem,
      domain: original.domain,
      country: original.country,
      city: original.city,
      industry: original.industry,
      weight: 1,
      parentId: null,
    });
  }

  #finishCompany(
    rng: Rng,
    c: {
      createdMs: number;
      name: string;
      stem: string;
      domain: string | null;
      country: Country;
      city: City;
      industry: Industry;
      weight: number;
      parentId: string | null;
    },
  ): SeedCompany {
    const id = this.id(c.createdMs);
    const sizeWeight = c.weight * (0.7 + rng.next() * 0.7);
    const size = SIZES.find(([min]) => sizeWeight >= min)![1];
    const big = size === '1000+' || size === '201-1000';
    const team = this.#teamFor(rng, c.country, c.city, size === '1000+');
    const ownerId = this.#ownerIn(rng, team);
    const status = STAGES.pick(rng);
    const address = rng.chance(0.95)
      ? this.#address(rng, c.country, c.city)
      : {
          address_line1: null,
          address_line2: null,
          city: c.city.name,
          region: null,
          postal_code: null,
          country: c.country.code,
        };
    if (address.address_line1 && rng.chance(0.12)) {
      address.address_line2 = rng.pick(LINE2[c.country.code]).replace('#', String(rng.between(1, 9)));
    }
    const hasCredit = (status === 'customer' || status === 'former_customer') && rng.chance(0.6);
    const customFields: Record<string, unknown> = {};
    if (status === 'customer' || status === 'former_customer') {
      const natural = big ? 'Gold' : size === '51-200' ? 'Silver' : 'Bronze';
      customFields.accountTier = rng.chance(0.75) ? natural : rng.pick(ACCOUNT_TIERS);
    }
    const updated = rng.chance(0.5) ? this.#later(rng, c.createdMs) : c.createdMs;
    const facts = this.#factsRng;
    const cadenceDays = facts.chance(0.05) ? facts.pick(OWN_CADENCES) : null;
    const cadence = effectiveCadence(cadenceDays, 'customer', LIFECYCLE_CADENCE_DEFAULTS);
    const flags: string[] = [];
    if (status === 'customer' && facts.chance(0.02)) flags.push('vip');
    if (facts.chance(status === 'customer' || status === 'former_customer' ? 0.02 : 0.002)) flags.push('credit_hold');
    const valueTier = status === 'customer' ? (big ? BIG_TIER : TIER).pick(facts) : null;
    const createdAt = new Date(c.createdMs).toISOString();
    const row: Insertable<CompaniesTable> = {
      id,
      name: c.name,
      name_sort: c.name.toLowerCase(),
      domain: c.domain,
      industry: rng.chance(0.92) ? c.industry.name : null,
      size: rng.chance(0.9) ? size : null,
      ...address,
      owner_id: ownerId,
      team_id: this.#teamId(team),
      tags: this.#tags(rng, COMPANY_TAG_PICKER, big && rng.chance(0.6) ? 'key-account' : undefined),
      parent_id: c.parentId,
      credit_limit_minor: hasCredit ? rng.pick(CREDIT_LIMITS[size]!) : null,
      credit_limit_currency: hasCredit ? c.country.currency : null,
      custom_fields: JSON.stringify(customFields),
      cadence_days: cadenceDays,
      last_contact_at: null,
      last_contact_by: null,
      last_contact_channel: null,
      last_two_way_at: null,
      contact_due_at: contactDueAt(null, createdAt, cadence),
      value_tier: valueTier,
      flags: JSON.stringify(flags),
      version: updated === c.createdMs ? 1 : rng.between(2, 6),
      created_at: createdAt,
      updated_at: new Date(updated).toISOString(),
      deleted_at: null,
    };
    this.#companyRows.push(row);
    return {
      id,
      createdMs: c.createdMs,
      name: c.name,
      stem: c.stem,
      domain: c.domain,
      country: c.country,
      city: c.city,
      industry: c.industry,
      team,
      ownerId,
      weight: c.weight,
      status,
      emailPattern: size === '1-10' && rng.chance(0.5) ? 'first' : WORK_PATTERNS.pick(rng),
      address,
      parentId: c.parentId,
      cadence,
      lastContactMs: Number.NEGATIVE_INFINITY,
      lastContactBy: null,
      lastContactChannel: null,
      lastTwoWayMs: Number.NEGATIVE_INFINITY,
    };
  }

  /**
   * Rows of companies [start, end) with their creation events, handed out once (then dropped, so a large run does not
   * keep every company row in memory while it generates people). Call in order, after setTeamIds(); generates the
   * companies as far as needed.
   */
  companyRows(
    start: number,
    end: number,
  ): {
    companies: Insertable<CompaniesTable>[];
    events: TableValues<'events'>;
    timeline: TableValues<'timeline'>;
  } {
    this.#generateCompanies(end);
    const companies: Insertable<CompaniesTable>[] = [];
    const events = eventValues();
    const timeline = timelineValues();
    for (let i = start; i < end; i++) {
      const row = this.#companyRows[i];
      if (!row) throw new Error(`Company row ${i} was already taken`);
      this.#companyRows[i] = null;
      companies.push(row);
      const c = this.#companies[i]!;
      if (!this.options.withTimeline) continue;
      this.#creationEvent(events, timeline, {
        ms: c.createdMs,
        type: 'company.created',
        object: 'companies',
        recordId: c.id,
        actorId: c.ownerId,
        team: c.team,
        summary: companyCreatedLine(c),
        personId: null,
        companyId: c.id,
      });
    }
    return { companies, events, timeline };
  }

  #creationEvent(
    events: TableValues<'events'>,
    timeline: TableValues<'timeline'>,
    e: {
      ms: number;
      type: string;
      object: string;
      recordId: string;
      actorId: string;
      team: TeamName;
      summary: string;
      personId: string | null;
      companyId: string | null;
    },
  ): void {
    const at = iso(e.ms);
    const eventId = this.#eventIds.at(e.ms);
    // in the order of EVENT_COLUMNS and TIMELINE_COLUMNS
    events.values.push(eventId, at, e.type, e.actorId, e.object, e.recordId, '{}');
    timeline.values.push(
      this.#eventIds.at(e.ms),
      at,
      eventId,
      e.type,
      DEPARTMENT_OF_TEAM[e.team],
      e.personId,
      e.companyId,
      e.actorId,
      e.object,
      e.recordId,
      e.summary,
      '{}',
      e.personId ? 'people' : 'companies',
      e.personId ?? e.companyId,
    );
  }

  // ---------------------------------------------------------------------------------------------------- people

  get peopleRemaining(): number {
    return this.options.people - this.#nextPerson;
  }

  /** The next `count` people (fewer at the end) with their emails, phones and creation events. */
  people(count: number): PeopleChunk {
    const chunk = emptyChunk();
    const end = Math.min(this.options.people, this.#nextPerson + count);
    const rng = this.#peopleRng;
    let createdMs = Number.NEGATIVE_INFINITY;
    for (; this.#nextPerson < end; this.#nextPerson++) {
      createdMs = this.#time(this.#nextPerson, this.options.people, rng);
      const duplicateOf = this.#recent.length > 100 && rng.chance(0.01) ? rng.pick(this.#recent) : null;
      const profile = duplicateOf ? this.#duplicate(rng, duplicateOf) : this.#profile(rng, createdMs);
      if (!duplicateOf) {
        if (this.#recent.length < 5000) this.#recent.push(profile);
        else this.#recent[rng.int(5000)] = profile;
      }
      this.#writePerson(rng, chunk, profile, createdMs, duplicateOf !== null);
    }
    // People are created in time order, so every touchpoint before the last one created here can be written now:
    // activities, their events and timeline rows go in (nearly) id order, appended to their primary keys.
    this.#writeTouchpoints(chunk, createdMs, Number.POSITIVE_INFINITY);
    return chunk;
  }

  /** Touchpoints not yet handed out (after the last people chunk: those after the last person was created). */
  get touchpointsRemaining(): boolean {
    return this.#pendingTouches.size > 0;
  }

  /** The next `count` remaining touchpoints in time order (call once people are done). */
  touchpoints(count: number): PeopleChunk {
    const chunk = emptyChunk();
    this.#writeTouchpoints(chunk, Number.POSITIVE_INFINITY, count);
    return chunk;
  }

  /** Activities written so far. */
  get activityCount(): number {
    return this.#touchesWritten;
  }

  /** Contact facts of every company one of whose people was in touch (the company rows were written before). */
  companyContacts(): CompanyContactRow[] {
    const rows: CompanyContactRow[] = [];
    for (const c of this.#companies) {
      if (c.lastContactMs === Number.NEGATIVE_INFINITY && c.lastTwoWayMs === Number.NEGATIVE_INFINITY) continue;
      const twoWay = c.lastTwoWayMs === Number.NEGATIVE_INFINITY ? null : iso(c.lastTwoWayMs);
      rows.push({
        id: c.id,
        last_contact_at: iso(c.lastContactMs),
        last_contact_by: c.lastContactBy,
        last_contact_channel: c.lastContactChannel,
        last_two_way_at: twoWay,
        contact_due_at: contactDueAt(twoWay, iso(c.createdMs), c.cadence),
      });
    }
    return rows;
  }

  #writeTouchpoints(chunk: PeopleChunk, untilMs: number, max: number): void {
    const heap = this.#pendingTouches;
    const rng = this.#textRng;
    let written = 0;
    while (written < max && heap.size > 0 && heap.peekTime() <= untilMs) {
      const { plan: p, entry } = heap.take();
      const ms = heap.time(entry);
      const k = decodeKind(heap.code(entry));
      const ownerId = heap.owner(entry);
      const personId = heap.personId(p);
      const companyId = heap.companyId(p);
      const at = iso(ms);
      const id = this.#touchIds.at(ms);
      const subject = subjectFor(rng, k);
      const body = bodyFor(rng, k);
      const durationSeconds = durationFor(rng, k);
      const twoWay = isTwoWay(k);
      // in the order of ACTIVITY_COLUMNS
      chunk.activities.values.push(
        id,
        k.type,
        k.direction,
        k.channel,
        k.department,
        subject,
        body.html,
        at,
        durationSeconds,
        k.outcome,
        twoWay ? 1 : 0,
        personId,
        companyId,
        ownerId,
        heap.teamId(p),
        at,
        at,
        personId ? 'people' : 'companies',
        personId ?? companyId,
      );
      const payload = JSON.stringify({
        type: k.type,
        direction: k.direction,
        channel: k.channel,
        subject,
        excerpt: body.text.length > 280 ? `${body.text.slice(0, 279)}…` : body.text,
        outcome: k.outcome,
        durationSeconds,
        dealId: null,
        caseId: null,
        // Logged an hour after it happened, or (one in eight, from the time itself: no extra random draw) three
        // days late, so the adoption metric "touchpoints logged within a day" has something to show.
        loggedAt: iso(ms + (Math.floor(ms / 60_000) % 8 === 0 ? 3 * 86_400_000 : 3_600_000)),
      });
      const eventId = this.#eventIds.at(ms);
      chunk.events.values.push(eventId, at, 'activity.logged', ownerId, 'activities', id, payload);
      // the app's own timeline line of an activity (what logging one writes)
      const summary = activitySummary({
        type: k.type,
        direction: k.direction,
        duration_seconds: durationSeconds,
        subject,
        outcome: k.outcome,
      });
      chunk.timeline.values.push(
        this.#eventIds.at(ms),
        at,
        eventId,
        'activity.logged',
        k.department,
        personId,
        companyId,
        ownerId,
        'activities',
        id,
        summary,
        payload,
        personId ? 'people' : 'companies',
        personId ?? companyId,
      );
      written++;
    }
    this.#touchesWritten += written;
  }

  /**
   * How many touchpoints a person gets: leads 0-3, prospects a handful, customers a long tail (most a handful, some
   * hundreds), former customers some; fewer for people who arrived recently.
   */
  #touchCount(rng: Rng, stage: Stage, vip: boolean, lifeShare: number): number {
    if (stage === 'lead') return LEAD_TOUCHES.pick(rng);
    let n: number;
    if (stage === 'prospect') n = Math.min(40, 1 + Math.floor(5 * rng.pareto(2.2)));
    else if (stage === 'customer') n = Math.min(vip ? 900 : 600, 2 + Math.floor((vip ? 20 : 8) * rng.pareto(1.3)));
    else n = Math.min(80, 3 + Math.floor(5 * rng.pareto(1.8)));
    return Math.max(1, Math.round(n * (0.2 + 0.8 * lifeShare)));
  }

  /**
   * A person's history: touchpoints between creation and now (a former customer's mostly before they left), some in
   * bursts of a few intense weeks (a deal, a complaint), the rest spread out; an open complaint is a recent service
   * burst. Most people whose cadence has had time to pass also get a two-way check-in within their cadence (see
   * `KEPT_WARM`). Returns the plan (or null without touchpoints) and sets the contact facts it implies on the row.
   */
  #planTouchpoints(
    person: Insertable<PeopleTable>,
    p: Profile,
    createdMs: number,
    complaint: boolean,
    vip: boolean,
    cadence: number,
  ): TouchPlan | null {
    const rng = this.#planRng;
    const cal = this.#calendar;
    const f0 = cal.fractionOf(createdMs);
    let n = this.#touchCount(rng, p.stage, vip, 1 - f0);
    const window = cadence * DAY * 0.9;
    const checkIn =
      this.options.nowMs - createdMs > window && rng.chance(KEPT_WARM[p.stage] ?? 0)
        ? Math.min(
            this.options.nowMs - 1,
            Math.max(createdMs, cal.at(cal.fractionOf(this.options.nowMs - Math.floor(rng.next() * window)))),
          )
        : null;
    const end = p.stage === 'former_customer' ? f0 + (1 - f0) * (0.3 + 0.6 * rng.next()) : 1;
    const width = 15 / cal.days; // three working weeks
    const bursts: { start: number; department: number | null }[] = [];
    const burstCount = n >= 6 ? 1 + Math.floor(Math.log2(n / 6)) : n >= 3 && rng.chance(0.3) ? 1 : 0;
    for (let b = 0; b < burstCount; b++) {
      const department = p.stage === 'customer' && rng.chance(0.35) ? 1 : 0; // a complaint, else a deal
      bursts.push({ start: f0 + rng.next() * Math.max(0, end - f0 - width), department });
    }
    if (complaint) {
      const extra = rng.between(3, 8);
      n += extra;
      bursts.push({ start: Math.max(f0, 1 - width), department: 1 });
    }
    if (checkIn !== null) n += 1;
    if (n === 0) return null;
    const mix = DEPARTMENT_MIX[p.stage]!;
    const times = new Float64Array(n);
    const codes = new Uint16Array(n);
    const owners: string[] = new Array(n);
    const order = new Array<number>(n);
    const last = this.options.nowMs - 1;
    for (let i = 0; i < n; i++) {
      if (checkIn !== null && i === n - 1) {
        // the check-in: a call that connected, or a meeting, by the owner's department
        const department = mix.pick(rng);
        times[i] = checkIn;
        codes[i] = rng.chance(0.7) ? encodeKind(0, department, 2, 1, false) : encodeKind(2, department, 0, 0, false);
        owners[i] = person.owner_id!;
        order[i] = i;
        continue;
      }
      let f: number;
      let department = -1;
      const inComplaint = complaint && i >= n - 3; // the last few are the complaint itself
      const burst = inComplaint ? bursts.at(-1)! : bursts.length > 0 && rng.chance(0.55) ? rng.pick(bursts) : null;
      if (burst) {
        f = burst.start + rng.next() * width;
        if (burst.department !== null && (inComplaint || rng.chance(0.8))) department = burst.department;
      } else if (p.stage === 'lead')
        f = f0 + (end - f0) * rng.next() ** 3; // soon after they arrive
      else if (p.stage === 'customer')
        f = f0 + (end - f0) * rng.next() ** 0.6; // busier lately
      else f = f0 + (end - f0) * rng.next();
      if (department < 0) department = mix.pick(rng);
      times[i] = Math.min(last, Math.max(createdMs, cal.at(Math.min(f, 1))));
      codes[i] = randomKind(rng, department);
      owners[i] = rng.chance(0.8) ? person.owner_id! : this.#ownerIn(rng, p.team);
      order[i] = i;
    }
    order.sort((a, b) => times[a]! - times[b]!);
    const plan: TouchPlan = {
      personId: person.id,
      companyId: person.company_id ?? null,
      teamId: person.team_id!,
      times: Float64Array.from(order, (i) => times[i]!),
      codes: Uint16Array.from(order, (i) => codes[i]!),
      owners: order.map((i) => owners[i]!),
    };

    // contact facts, as the activities module keeps them: the latest touchpoint of any kind, the latest two-way one
    const lastContact = n - 1;
    let lastTwoWay = -1;
    for (let i = 0; i < n; i++) if (isTwoWay(decodeKind(plan.codes[i]!))) lastTwoWay = i;
    const company = p.company;
    if (lastContact >= 0) {
      const k = decodeKind(plan.codes[lastContact]!);
      const ms = plan.times[lastContact]!;
      person.last_contact_at = iso(ms);
      person.last_contact_by = plan.owners[lastContact]!;
      person.last_contact_channel = k.channel;
      if (company && ms >= company.lastContactMs) {
        company.lastContactMs = ms;
        company.lastContactBy = plan.owners[lastContact]!;
        company.lastContactChannel = k.channel;
      }
    }
    if (lastTwoWay >= 0) {
      const ms = plan.times[lastTwoWay]!;
      person.last_two_way_at = iso(ms);
      if (company && ms > company.lastTwoWayMs) company.lastTwoWayMs = ms;
    }
    return plan;
  }

  /** Open tasks due around now, done ones in the past; promises for ~5% of customers (and every open complaint). */
  #tasksAndPromises(
    chunk: PeopleChunk,
    person: Insertable<PeopleTable>,
    p: Profile,
    createdMs: number,
    complaint: boolean,
  ) {
    const rng = this.#planRng;
    const now = this.options.nowMs;
    const owner = person.owner_id!;
    const base = {
      assignee_id: owner,
      team_id: person.team_id!,
      person_id: person.id,
      company_id: person.company_id ?? null,
      subject_kind: 'people',
      subject_id: person.id,
      created_by: owner,
    };
    const department = (): keyof typeof TASK_TITLES =>
      (['sales', 'service', 'marketing', 'accounts'] as const)[DEPARTMENT_MIX[p.stage]!.pick(rng)]!;
    const active = p.stage === 'customer' || p.stage === 'prospect';
    if (rng.chance(active ? 0.1 : p.stage === 'lead' ? 0.04 : 0.01)) {
      const dueMs = workingHour(now + (rng.next() * 30 - 10) * DAY, rng);
      const createdAt = Math.min(now - HOUR, Math.max(createdMs, dueMs - rng.between(1, 14) * DAY));
      const remind = rng.chance(0.5) ? dueMs - HOUR : null;
      chunk.tasks.push({
        id: this.#touchIds.at(createdAt),
        title: rng.pick(TASK_TITLES[department()]),
        notes: null,
        due_at: iso(dueMs),
        remind_at: remind === null ? null : iso(remind),
        reminded_at: remind !== null && remind < now ? iso(remind) : null,
        status: 'open',
        priority: PRIORITY.pick(rng),
        ...base,
        completed_at: null,
        version: 1,
        created_at: iso(createdAt),
        updated_at: iso(createdAt),
      });
    }
    if (rng.chance(p.stage === 'lead' ? 0.05 : 0.25)) {
      const dueMs = this.#later(rng, createdMs);
      const createdAt = Math.max(createdMs, dueMs - rng.between(1, 10) * DAY);
      const completed = Math.max(createdAt, dueMs - rng.int(2 * DAY));
      chunk.tasks.push({
        id: this.#touchIds.at(createdAt),
        title: rng.pick(TASK_TITLES[department()]),
        notes: null,
        due_at: iso(dueMs),
        remind_at: null,
        reminded_at: null,
        status: 'done',
        priority: PRIORITY.pick(rng),
        ...base,
        completed_at: iso(completed),
        version: 2,
        created_at: iso(createdAt),
        updated_at: iso(completed),
      });
    }

    if (!complaint && !(p.stage === 'customer' && rng.chance(0.05))) return;
    const dept = complaint ? 'service' : rng.pick(['sales', 'service', 'accounts'] as const);
    const roll = rng.next();
    const status = complaint || roll < 0.4 ? 'open' : roll < 0.75 ? 'kept' : roll < 0.9 ? 'broken' : 'renegotiated';
    let dueMs =
      status === 'open' ? workingHour(now + (rng.next() * 19 - 5) * DAY, rng) : now - rng.between(1, 90) * DAY;
    dueMs = Math.max(dueMs, createdMs + DAY);
    const createdAt = Math.min(now - HOUR, Math.max(createdMs, dueMs - rng.between(2, 20) * DAY));
    let resolved: number | null = null;
    if (status === 'kept') resolved = Math.max(createdAt, dueMs - rng.int(2 * DAY));
    else if (status === 'broken') resolved = Math.min(now - 1, dueMs + rng.between(1, 3) * DAY);
    else if (status === 'renegotiated') resolved = Math.max(createdAt, dueMs - rng.int(DAY));
    const told = status === 'renegotiated' || (status === 'broken' && rng.chance(0.5)) ? resolved : null;
    const promise = (id: string, s: string, due: number, created: number, from: string | null, done: number | null) => {
      const remind = due - DAY;
      return {
        id,
        description: rng.pick(PROMISES[dept]),
        person_id: person.id,
        company_id: person.company_id ?? null,
        subject_kind: 'people',
        subject_id: person.id,
        owner_id: owner,
        team_id: person.team_id!,
        department: dept,
        due_at: iso(due),
        remind_at: iso(remind),
        reminded_at: remind < now ? iso(remind) : null,
        status: s,
        resolved_at: done === null ? null : iso(done),
        customer_told_at: from === null && told !== null ? iso(told) : null,
        renegotiated_from: from,
        version: done === null ? 1 : 2,
        created_at: iso(created),
        updated_at: iso(done ?? created),
      };
    };
    const first = promise(this.#touchIds.at(createdAt), status, dueMs, createdAt, null, resolved);
    chunk.promises.push(first);
    if (status === 'renegotiated') {
      // the promise it was replaced by: a later date the customer agreed to
      const newDue = Math.max(resolved! + DAY, dueMs + rng.between(7, 21) * DAY);
      const nextStatus = newDue > now ? 'open' : 'kept';
      const nextResolved = nextStatus === 'kept' ? Math.min(now - 1, newDue - rng.int(DAY)) : null;
      chunk.promises.push(promise(this.#touchIds.at(resolved!), nextStatus, newDue, resolved!, first.id, nextResolved));
    }
  }

  #companyAt(rng: Rng, createdMs: number): SeedCompany | null {
    const companies = this.#companies;
    while (this.#eligible < companies.length && companies[this.#eligible]!.createdMs <= createdMs) {
      this.#pending.push(this.#eligible);
      this.#eligible++;
    }
    if (this.#eligible === 0 || rng.chance(0.15)) return null;
    // Most companies get a first contact soon after they are created; the rest of the contacts follow the weights.
    if (this.#pendingHead < this.#pending.length && rng.chance(0.5)) {
      const index = this.#pending[this.#pendingHead++]!;
      if (this.#pendingHead > 4096) {
        this.#pending = this.#pending.slice(this.#pendingHead);
        this.#pendingHead = 0;
      }
      return companies[index]!;
    }
    const x = rng.next() * this.#cumulative[this.#eligible - 1]!;
    let lo = 0;
    let hi = this.#eligible - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return companies[lo]!;
  }

  #profile(rng: Rng, createdMs: number): Profile {
    const pools = this.#pools;
    const company = this.#companyAt(rng, createdMs);
    const country = company && rng.chance(0.9) ? company.country : pools.countries.pick(rng);
    const city =
      company && country === company.country && rng.chance(0.7)
        ? company.city
        : pools.cities.get(country.code)!.pick(rng);
    const nameCountry = rng.chance(0.85) ? country.code : pools.countries.pick(rng).code;
    const names = pools.names.get(nameCountry)!;
    const first = (rng.chance(0.5) ? names.female : names.male).pick(rng);
    let last = names.last.pick(rng);
    const firstSurname = last;
    if (nameCountry === 'ES' && rng.chance(0.6)) last = `${last} ${names.last.pick(rng)}`; // two surnames

    let job: string | null = null;
    if (company ? rng.chance(0.85) : rng.chance(0.15)) {
      const local = LOCAL_JOB_TITLES[country.code];
      job = local && rng.chance(0.25) ? rng.pick(local) : TITLE_PICKER.pick(rng);
    }
    const stage = company && rng.chance(0.55) ? company.status : STAGES.pick(rng);

    // emails: work address from the company's pattern, personal ones at the usual providers
    const f = slug(first) || 'contact';
    const l = slug(firstSurname) || 'contact'; // "García López" -> garcia, "de Boer" -> deboer
    const emails: { email: string; label: string }[] = [];
    if (company?.domain && rng.chance(0.92)) {
      emails.push({
        email: this.#uniqueEmail(workLocalPart(company.emailPattern, f, l), company.domain, rng),
        label: 'work',
      });
      if (rng.chance(0.2)) emails.push({ email: this.#personalEmail(rng, country, f, l), label: 'personal' });
    } else if (rng.chance(company ? 0.8 : 0.9)) {
      emails.push({ email: this.#personalEmail(rng, country, f, l), label: 'personal' });
      if (rng.chance(0.03)) emails.push({ email: this.#personalEmail(rng, country, f, l), label: 'other' });
    }

    // phones: direct lines at the company's city, mobiles and home numbers in the person's country
    const phones: { e164: string; label: string }[] = [];
    const roll = rng.next();
    const count = company ? (roll < 0.3 ? 0 : roll < 0.8 ? 1 : 2) : roll < 0.4 ? 0 : roll < 0.9 ? 1 : 2;
    const work = () => ({ e164: landlineNumber(rng, company!.country, company!.city), label: 'work' });
    const mobile = () => ({ e164: mobileNumber(rng, country, city), label: 'mobile' });
    const home = () => ({ e164: landlineNumber(rng, country, city), label: 'home' });
    if (count > 0) {
      const firstIsWork = company !== null && rng.chance(0.5);
      const firstIsHome = !company && rng.chance(0.2);
      phones.push(firstIsWork ? work() : firstIsHome ? home() : mobile());
      if (count > 1) phones.push(firstIsWork || firstIsHome ? mobile() : company ? work() : home());
    }

    let address: Address;
    const roll2 = rng.next();
    if (company && roll2 < 0.4) address = { ...company.address };
    else if (company ? roll2 < 0.55 : roll2 < 0.65) address = this.#address(rng, country, city);
    else {
      address = {
        address_line1: null,
        address_line2: null,
        city: null,
        region: null,
        postal_code: null,
        country: null,
      };
      if (rng.chance(0.8)) address.country = country.code;
    }

    let team: TeamName;
    if (company) team = company.team;
    else if (stage === 'lead' && rng.chance(0.5)) team = 'Marketing';
    else team = this.#teamFor(rng, country, city, false);

    return { first, last, job, company, country, city, emails, phones, address, team, stage };
  }

  #uniqueEmail(local: string, domain: string, rng: Rng): string {
    let email = `${local}@${domain}`;
    if (!this.#emails.has(email)) {
      this.#emails.add(email);
      return email;
    }
    for (let attempt = 0; ; attempt++) {
      const suffix = attempt < 5 ? String(rng.between(2, 9)) : String(rng.between(10, 9999));
      email = `${local}${suffix}@${domain}`;
      if (!this.#emails.has(email)) {
        this.#emails.add(email);
        return email;
      }
    }
  }

  #personalEmail(rng: Rng, country: Country, f: string, l: string): string {
    const domain = this.#providers.get(country.code)!.pick(rng);
    const roll = rng.next();
    const nn = String(rng.between(1, 99));
    let local: string;
    if (roll < 0.3) local = `${f}.${l}`;
    else if (roll < 0.45) local = `${f}${l}`;
    else if (roll < 0.65) local = `${f}.${l}${nn}`;
    else if (roll < 0.75) local = `${f.charAt(0)}${l}${nn}`;
    else if (roll < 0.83) local = `${f}_${l}`;
    else if (roll < 0.9) local = `${f}${nn}`;
    else if (roll < 0.95) local = `${l}.${f}`;
    else local = `${f}.${l}${rng.between(1960, 2004)}`;
    return this.#uniqueEmail(local, domain, rng);
  }

  /**
   * The same person entered again: same email or phone (stored normalised, so equal), with the name in other case, a
   * typo, a nickname or without accents; sometimes only the email, as a web form would capture it.
   */
  #duplicate(rng: Rng, original: Profile): Profile {
    const copy: Profile = { ...original, emails: [...original.emails], phones: [...original.phones] };
    const kind = rng.int(5);
    if (kind === 0) {
      if (rng.chance(0.5)) copy.first = copy.first.toLowerCase();
      copy.last = rng.chance(0.5) ? copy.last.toUpperCase() : copy.last.toLowerCase();
    } else if (kind === 1) {
      if (rng.chance(0.5)) copy.last = typo(rng, copy.last);
      else copy.first = typo(rng, copy.first);
      if (rng.chance(0.4)) copy.emails = [];
    } else if (kind === 2) {
      copy.first = NICKNAMES[copy.first] ?? typo(rng, copy.first);
      if (copy.phones.length > 0 && rng.chance(0.5)) copy.emails = [];
    } else if (kind === 3) {
      const plain = { first: stripAccents(copy.first), last: stripAccents(copy.last) };
      if (plain.first === copy.first && plain.last === copy.last) copy.last = typo(rng, copy.last);
      else Object.assign(copy, plain);
    } else {
      copy.phones = [];
      copy.job = null;
      copy.company = null;
      copy.address = {
        address_line1: null,
        address_line2: null,
        city: null,
        region: null,
        postal_code: null,
        country: null,
      };
      copy.emails = copy.emails.slice(0, 1);
    }
    if (copy.emails.length === 0 && copy.phones.length === 0) copy.emails = original.emails.slice(0, 1);
    if (kind === 4 && rng.chance(0.6)) copy.team = 'Marketing'; // a web form sign-up lands with marketing
    return copy;
  }

  #writePerson(rng: Rng, chunk: PeopleChunk, p: Profile, createdMs: number, duplicate: boolean): void {
    const id = this.id(createdMs);
    let first = p.first;
    let last = p.last;
    let job = p.job;
    const address = { ...p.address };
    // Sloppy data that real CRMs hold, only in free-text columns (never in emails or phones)
    if (!duplicate && rng.chance(0.005)) {
      const kind = rng.int(5);
      if (kind === 0 && job) job = rng.chance(0.5) ? `  ${job} ` : job.replace(' ', '  ');
      else if (kind === 1) first = first.toLowerCase();
      else if (kind === 2) last = last.toUpperCase();
      else if (kind === 3 && address.city) address.city = address.city.toUpperCase();
      else if (address.postal_code) address.postal_code = address.postal_code.toLowerCase().replace(' ', '');
    }
    const ownerId =
      p.company && p.team === p.company.team && rng.chance(0.8) ? p.company.ownerId : this.#ownerIn(rng, p.team);

    const hasEmail = p.emails.length > 0;
    const hasMobile = p.phones.some((x) => x.label === 'mobile');
    const channels: [string, number][] = [['in_person', 6]];
    if (hasEmail) channels.push(['email', 40]);
    if (p.phones.length > 0) channels.push(['phone', 20]);
    if (hasMobile) channels.push(['whatsapp', 10], ['sms', 6]);
    if (address.address_line1) channels.push(['post', 4]);
    const channel = rng.chance(0.45) ? null : new Weighted(channels).pick(rng);

    const imported = createdMs < this.#importEndMs;
    const consent: Record<string, { granted: boolean; at: string; source: string }> = {};
    const consentSource = () => (imported ? 'import' : rng.pick(CONSENT_SOURCES));
    if (hasEmail) {
      const p1 = p.stage === 'customer' ? 0.75 : p.stage === 'prospect' ? 0.55 : p.stage === 'lead' ? 0.45 : 0.35;
      consent.email = { granted: rng.chance(p1), at: iso(this.#later(rng, createdMs, 0.01)), source: consentSource() };
    }
    if (hasMobile)
      consent.sms = { granted: rng.chance(0.3), at: iso(this.#later(rng, createdMs, 0.01)), source: consentSource() };

    const custom: Record<string, string> = {};
    if (imported) custom.source = 'Import';
    else if (rng.chance(0.7)) custom.source = SOURCE_PICKER.pick(rng);
    if (p.company && rng.chance(0.2)) {
      custom.linkedinUrl = `https://www.linkedin.com/in/${slug(p.first)}-${slug(p.last)}-${rng.uint32().toString(16).slice(0, 6)}`;
    }

    const updatedMs = rng.chance(0.45) ? this.#later(rng, createdMs) : createdMs;
    const language = p.country.language !== 'en' && rng.chance(0.1) ? 'en' : p.country.language;
    const facts = this.#factsRng;
    const cadenceDays = facts.chance(0.05) ? facts.pick(OWN_CADENCES) : null;
    const flags: string[] = [];
    const vip = p.stage === 'customer' && facts.chance(0.02);
    if (vip) flags.push('vip');
    const complaint = facts.chance(0.016) && p.stage !== 'lead'; // ~1% of everyone
    if (complaint) flags.push('open_complaint');
    const valueTier = p.stage === 'customer' ? TIER.pick(facts) : null;
    const person: Insertable<PeopleTable> = {
      id,
      first_name: first,
      last_name: last,
      name_sort: `${last} ${first}`.toLowerCase(),
      job_title: job,
      company_id: p.company?.id ?? null,
      primary_email: p.emails[0]?.email ?? null,
      primary_phone: p.phones[0]?.e164 ?? null,
      ...address,
      owner_id: ownerId,
      team_id: this.#teamId(p.team),
      tags: this.#tags(rng, PERSON_TAG_PICKER),
      lifecycle_stage: p.stage,
      preferred_channel: channel,
      preferred_language: language,
      consent: JSON.stringify(consent),
      custom_fields: JSON.stringify(custom),
      cadence_days: cadenceDays,
      last_contact_at: null,
      last_contact_by: null,
      last_contact_channel: null,
      last_two_way_at: null,
      contact_due_at: null,
      value_tier: valueTier,
      flags: JSON.stringify(flags),
      version: updatedMs === createdMs ? 1 : rng.between(2, 5),
      created_at: iso(createdMs),
      updated_at: iso(updatedMs),
      deleted_at: null,
    };
    if (this.options.withTimeline) {
      const plan = this.#planTouchpoints(
        person,
        p,
        createdMs,
        complaint,
        vip,
        effectiveCadence(cadenceDays, p.stage, LIFECYCLE_CADENCE_DEFAULTS),
      );
      if (plan) this.#pendingTouches.add(plan);
      this.#tasksAndPromises(chunk, person, p, createdMs, complaint);
    }
    const cadence = effectiveCadence(cadenceDays, p.stage, LIFECYCLE_CADENCE_DEFAULTS);
    person.contact_due_at = contactDueAt(person.last_two_way_at ?? null, person.created_at, cadence);
    chunk.people.push(person);
    p.emails.forEach((e, position) => {
      chunk.emails.push({ id: this.id(createdMs), person_id: id, email: e.email, label: e.label, position });
    });
    p.phones.forEach((ph, position) => {
      chunk.phones.push({ id: this.id(createdMs), person_id: id, e164: ph.e164, label: ph.label, position });
    });
    if (this.options.withTimeline) {
      this.#creationEvent(chunk.events, chunk.timeline, {
        ms: createdMs,
        type: 'person.created',
        object: 'people',
        recordId: id,
        actorId: ownerId,
        team: p.team,
        summary: personCreatedLine({ fullName: personFullName(first, last), lifecycleStage: p.stage }),
        personId: id,
        companyId: p.company?.id ?? null,
      });
    }
  }
}

const isoCodes: number[] = new Array(24).fill(0);
let isoDay = Number.NaN;

/** Writes `value` as `digits` decimal digits into isoCodes at `at`. */
function decimalInto(value: number, digits: number, at: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    isoCodes[i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/**
 * `new Date(ms).toISOString()` for whole milliseconds, faster: the date part is kept per day (instants come mostly in
 * time order), the time part spelled into a buffer of character codes, and the string made in one call (flat, so
 * cheap to copy to another thread). Falls back to Date outside years 1000-9999.
 */
const iso = (ms: number): string => {
  const day = Math.floor(ms / DAY);
  if (day !== isoDay || !Number.isInteger(ms)) {
    const text = new Date(ms).toISOString();
    if (!Number.isInteger(ms) || text.length !== 24 || text.charCodeAt(0) === 48) return text;
    for (let i = 0; i < 11; i++) isoCodes[i] = text.charCodeAt(i);
    isoDay = day;
  }
  let rest = ms - day * DAY;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  decimalInto((rest - minute) / 60, 2, 11);
  isoCodes[13] = 58;
  decimalInto(minute, 2, 14);
  isoCodes[16] = 58;
  decimalInto(second, 2, 17);
  isoCodes[19] = 46;
  decimalInto(milli, 3, 20);
  isoCodes[23] = 90;
  return String.fromCharCode.apply(null, isoCodes);
};

const eventValues = (): TableValues<'events'> => ({ table: 'events', columns: EVENT_COLUMNS, values: [] });
const timelineValues = (): TableValues<'timeline'> => ({ table: 'timeline', columns: TIMELINE_COLUMNS, values: [] });

const emptyChunk = (): PeopleChunk => ({
  people: [],
  emails: [],
  phones: [],
  events: eventValues(),
  timeline: timelineValues(),
  activities: { table: 'activities', columns: ACTIVITY_COLUMNS, values: [] },
  tasks: [],
  promises: [],
});

const PRIORITY = new Weighted([
  ['high', 15],
  ['normal', 70],
  ['low', 15],
]);

/** The same day at a working hour (09:00-17:00 UTC), moved off the weekend. */
function workingHour(ms: number, rng: Rng): number {
  let day = Math.floor(ms / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day += 2 * DAY;
  else if (weekday === 0) day += DAY;
  return day + (9 + rng.int(8)) * HOUR + rng.int(4) * 15 * 60_000;
}

function slugDomain(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæøœ]/g, (c) => SPECIAL_LETTERS[c] ?? '')
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
}

/** One keyboard slip: two letters swapped, one dropped or one doubled. */
function typo(rng: Rng, word: string): string {
  if (word.length < 4) return `${word}${word.charAt(word.length - 1)}`;
  const i = rng.between(1, word.length - 2);
  const kind = rng.int(3);
  if (kind === 0) return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word.charAt(i) + word.slice(i);
}
