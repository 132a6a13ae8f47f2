/**
 * Context cards, built in batch: one call per source (people or companies DTOs, then each contributor once for all
 * ids; any other kind with a card through its kernel, one batch read), never one query per record. Cards are built from the redacted DTOs, so a field the reader's role hides is
 * null on the card too. Modules add what they know (open tasks, promises due, credit hold…) by registering a
 * CardContributor; the card service never reads their tables.
 */
import type { Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import type { RecordKind } from '../../platform/records/kind.ts';
import { searchSubtitle, searchTitle } from '../../platform/records/search.ts';
import type { CompaniesService, Company } from '../companies/index.ts';
import type { PeopleService, Person } from '../people/index.ts';
import type { CardFlag, CardKind, ContextCard } from './context-card.schemas.ts';

export interface CardFacts {
  counts: Record<string, number>;
  /** Money a module sums for the record (open deals' total), in minor units. */
  amounts?: Record<string, { amountMinor: number; currency: string }>;
  flags: { key: string; label: string; tone: 'info' | 'warning' | 'danger' }[];
}

/**
 * What a module adds to the cards of the given records (all visible to the actor). One call per card batch: answer
 * with one query per source. Records the module knows nothing about may be left out of the map.
 */
export interface CardContributor {
  cardFacts(
    ctx: Ctx,
    subject: { kind: 'people' | 'companies'; ids: string[] },
    db?: Executor,
  ): Promise<Map<string, CardFacts>>;
}

export interface ContextCardDeps {
  people: PeopleService;
  companies: CompaniesService;
  /**
   * The kernels of the other kinds with a card (deals, cases, orders…): their cards are built from the reader's
   * redacted records and the kind's `search` declaration (title, subtitle), with the owner and company they link to.
   */
  // biome-ignore lint/suspicious/noExplicitAny: kernels of every kind, whatever their record types
  kernels?: readonly RecordKernel<any, any, any>[];
}

/** Labels and tones of the record flags everyone knows; any other flag is shown as written, as information. */
const KNOWN_FLAGS: Record<string, { label: string; tone: CardFlag['tone'] }> = {
  vip: { label: 'VIP', tone: 'info' },
  credit_hold: { label: 'Credit hold', tone: 'danger' },
  open_complaint: { label: 'Open complaint', tone: 'warning' },
};

const SEVERITY: Record<CardFlag['tone'], number> = { danger: 0, warning: 1, info: 2 };

export function recordFlag(key: string): CardFlag {
  const known = KNOWN_FLAGS[key];
  return known ? { key, ...known } : { key, label: key, tone: 'info' };
}

/** One flag per key (the most severe wins), most severe first, otherwise in the order given. */
export function mergeFlags(flags: CardFlag[]): CardFlag[] {
  const byKey = new Map<string, CardFlag>();
  for (const f of flags) {
    const had = byKey.get(f.key);
    if (!had || SEVERITY[f.tone] < SEVERITY[had.tone]) byKey.set(f.key, f);
  }
  return [...byKey.values()].sort((a, b) => SEVERITY[a.tone] - SEVERITY[b.tone]);
}

type Redacted<T> = Partial<T> & { id: string };

/** A company on credit hold or watch carries it as a flag too (the status word, never a figure). */
function creditFlags(credit: Company['credit'] | undefined): CardFlag[] {
  if (credit?.status === 'hold') return [{ key: 'credit_hold', label: 'Credit hold', tone: 'danger' }];
  if (credit?.status === 'watch') return [{ key: 'credit_watch', label: 'Credit watch', tone: 'warning' }];
  return [];
}

/** Medium or high churn risk (accounts module), with its reasons when the reader may see them. */
function churnFlags(value: Redacted<Company>['value']): CardFlag[] {
  const risk = value?.churnRisk;
  if (risk !== 'high' && risk !== 'medium') return [];
  // Short, like the other flags (the card must stay one glance): the reasons are on the company's Accounts section.
  return [
    {
      key: 'churn_risk',
      label: `${risk === 'high' ? 'High' : 'Some'} churn risk`,
      tone: risk === 'high' ? 'danger' : 'warning',
    },
  ];
}

const consentOf = (p: Redacted<Person>): ContextCard['consent'] => ({
  email: p.consent?.email?.granted ?? null,
  phone: p.consent?.phone?.granted ?? null,
  sms: p.consent?.sms?.granted ?? null,
  post: p.consent?.post?.granted ?? null,
});

const lastContactOf = (c: Person['lastContact'] | undefined): ContextCard['lastContact'] =>
  c ? { at: c.at, by: c.by, channel: c.channel } : null;

function personCard(p: Redacted<Person>, at: string): ContextCard {
  const company = p.company ?? null;
  const due = p.contactDueAt ?? null;
  return {
    kind: 'people',
    id: p.id,
    name: p.fullName ?? `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim(),
    subtitle: [p.jobTitle, company?.name].filter(Boolean).join(' · ') || null,
    lifecycleStage: p.lifecycleStage ?? null,
    valueTier: p.valueTier ?? null,
    owner: p.owner ?? null,
    preferredChannel: p.preferredChannel ?? null,
    preferredLanguage: p.preferredLanguage ?? null,
    consent: consentOf(p),
    company,
    lastContact: lastContactOf(p.lastContact),
    contactDueAt: due,
    goingCold: due !== null && due < at,
    counts: {},
    amounts: {},
    flags: (p.flags ?? []).map(recordFlag),
  };
}

function companyCard(c: Redacted<Company>, at: string): ContextCard {
  const due = c.contactDueAt ?? null;
  return {
    kind: 'companies',
    id: c.id,
    name: c.name ?? '',
    subtitle: [c.domain, c.address?.city].filter(Boolean).join(' · ') || null,
    lifecycleStage: null,
    valueTier: c.valueTier ?? null,
    owner: c.owner ?? null,
    preferredChannel: null,
    preferredLanguage: null,
    consent: { email: null, phone: null, sms: null, post: null },
    company: null,
    lastContact: lastContactOf(c.lastContact),
    contactDueAt: due,
    goingCold: due !== null && due < at,
    counts: c.peopleCount === undefined ? {} : { people: c.peopleCount },
    amounts: {},
    flags: [...(c.flags ?? []).map(recordFlag), ...creditFlags(c.credit), ...churnFlags(c.value)],
    credit: c.credit ?? null,
  };
}

const asRef = (v: unknown): ContextCard['owner'] => {
  const r = v as { id?: unknown; name?: unknown } | null | undefined;
  return typeof r?.id === 'string' && typeof r.name === 'string' ? { id: r.id, name: r.name } : null;
};

/** The card of a record of a kind without a hand-written one: its title, subtitle, owner and company. */
function kindCard(kind: RecordKind, dto: Record<string, unknown> & { id: string }): ContextCard {
  return {
    kind: kind.name,
    id: dto.id,
    name: searchTitle(kind, dto),
    subtitle: searchSubtitle(kind, dto),
    lifecycleStage: null,
    valueTier: null,
    owner: asRef(dto.owner),
    preferredChannel: null,
    preferredLanguage: null,
    consent: { email: null, phone: null, sms: null, post: null },
    company: asRef(dto.company),
    lastContact: null,
    contactDueAt: null,
    goingCold: false,
    counts: {},
    amounts: {},
    flags: [],
  };
}

export class ContextCardService {
  readonly #d: ContextCardDeps;
  readonly #contributors: CardContributor[] = [];

  constructor(deps: ContextCardDeps) {
    this.#d = deps;
  }

  /** Adds a module's facts (counts, flags) to every card from now on. */
  register(contributor: CardContributor): void {
    this.#contributors.push(contributor);
  }

  /**
   * Cards of the records among `ids` the actor may see, in the order asked; invisible, deleted or unknown ids are
   * left out, and a kind the actor may not read gives none.
   */
  async cards(ctx: Ctx, subject: { kind: CardKind; ids: string[] }, db?: Executor): Promise<ContextCard[]> {
    if (subject.ids.length === 0 || !can(ctx.actor, subject.kind, 'read')) return [];
    const at = new Date().toISOString();
    if (subject.kind !== 'people' && subject.kind !== 'companies') {
      const kernel = this.#d.kernels?.find((k) => k.kind.name === subject.kind && k.kind.cards);
      if (!kernel) return [];
      return (await kernel.getMany(ctx, subject.ids, db)).map((d) => kindCard(kernel.kind, d));
    }
    const cards =
      subject.kind === 'people'
        ? (await this.#d.people.getMany(ctx, subject.ids, db)).map((p) => personCard(p, at))
        : (await this.#d.companies.getMany(ctx, subject.ids, db)).map((c) => companyCard(c, at));
    // Contributors add what they know about the people and companies (the anchors of the 360° view).
    if (cards.length === 0 || this.#contributors.length === 0) return cards;
    const visible = { kind: subject.kind as 'people' | 'companies', ids: cards.map((c) => c.id) };
    const contributed = await Promise.all(this.#contributors.map((c) => c.cardFacts(ctx, visible, db)));
    for (const card of cards) {
      const flags = [...card.flags];
      for (const facts of contributed) {
        const f = facts.get(card.id);
        if (!f) continue;
        Object.assign(card.counts, f.counts);
        if (f.amounts) Object.assign(card.amounts, f.amounts);
        flags.push(...f.flags);
      }
      card.flags = flags;
    }
    for (const card of cards) card.flags = mergeFlags(card.flags);
    return cards;
  }

  /** One record's card; 404 when it does not exist or the actor may not see it. */
  async card(ctx: Ctx, kind: CardKind, id: string): Promise<ContextCard> {
    assertCan(ctx.actor, kind, 'read');
    const [card] = await this.cards(ctx, { kind, ids: [id] });
    if (!card) throw notFound(kind);
    return card;
  }
}
