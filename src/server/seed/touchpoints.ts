/**
 * Touchpoint vocabulary and shapes for the dataset generator: activity types per department, subjects and short
 * bodies, the timeline summary format, and the planning of one person's history (how many touchpoints, when, of what
 * kind) as compact typed arrays, so that a million people's pending histories fit in memory while they are written
 * out in time order.
 */
import { type Rng, Weighted } from './random.ts';

export type ActivityType = 'call' | 'email' | 'meeting' | 'note' | 'sms' | 'chat' | 'visit';
export type Department = 'sales' | 'service' | 'marketing' | 'accounts';
export type Direction = 'in' | 'out';

const TYPES: readonly ActivityType[] = ['call', 'email', 'meeting', 'note', 'sms', 'chat', 'visit'];
const DEPARTMENTS: readonly Department[] = ['sales', 'service', 'marketing', 'accounts'];
const OUTCOMES = [null, 'connected', 'voicemail', 'no answer'] as const;

/**
 * One planned touchpoint in 12 bits: type (3), department (2), direction (2: none/in/out), call outcome (2), and
 * one bit choosing the second channel of the type (WhatsApp for a chat, in person for a meeting).
 */
export interface Kind {
  type: ActivityType;
  department: Department;
  direction: Direction | null;
  outcome: (typeof OUTCOMES)[number];
  channel: string | null;
}

export function encodeKind(
  type: number,
  department: number,
  direction: 0 | 1 | 2,
  outcome: 0 | 1 | 2 | 3,
  alt: boolean,
): number {
  return type | (department << 3) | (direction << 5) | (outcome << 7) | (alt ? 1 << 9 : 0);
}

/** Every code decoded once (a thousand small objects instead of one per activity written). */
const KINDS: (Kind | undefined)[] = new Array(1 << 10);

export function decodeKind(code: number): Kind {
  let kind = KINDS[code];
  if (kind === undefined) {
    kind = Object.freeze(decode(code));
    KINDS[code] = kind;
  }
  return kind;
}

function decode(code: number): Kind {
  const type = TYPES[code & 7]!;
  const alt = (code & (1 << 9)) !== 0;
  const dir = (code >> 5) & 3;
  return {
    type,
    department: DEPARTMENTS[(code >> 3) & 3]!,
    direction: dir === 0 ? null : dir === 1 ? 'in' : 'out',
    outcome: OUTCOMES[(code >> 7) & 3]!,
    channel: channelOf(type, alt),
  };
}

function channelOf(type: ActivityType, alt: boolean): string | null {
  switch (type) {
    case 'call':
      return 'phone';
    case 'email':
      return 'email';
    case 'sms':
      return 'sms';
    case 'chat':
      return alt ? 'whatsapp' : 'chat';
    case 'meeting':
      return alt ? 'in_person' : 'video';
    case 'visit':
      return 'in_person';
    case 'note':
      return null;
  }
}

/** Inbound messages, meetings, visits and connected calls: the customer took part. */
export function isTwoWay(k: Kind): boolean {
  return k.direction === 'in' || k.type === 'meeting' || k.type === 'visit' || k.outcome === 'connected';
}

const TYPE_MIX: Record<Department, Weighted<number>> = {
  sales: new Weighted([
    [0, 38], // call
    [1, 34], // email
    [2, 14], // meeting
    [3, 7], // note
    [4, 3], // sms
    [6, 4], // visit
  ]),
  service: new Weighted([
    [0, 35],
    [5, 30], // chat
    [1, 27],
    [3, 5],
    [6, 3],
  ]),
  marketing: new Weighted([
    [1, 92],
    [4, 5],
    [3, 3],
  ]),
  accounts: new Weighted([
    [1, 60],
    [0, 35],
    [3, 5],
  ]),
};

/** Chance that a call / email / sms / chat of a department is outbound. */
const OUTBOUND: Record<Department, Partial<Record<ActivityType, number>>> = {
  sales: { call: 0.75, email: 0.6, sms: 0.85, chat: 0.5 },
  service: { call: 0.3, email: 0.45, chat: 0.1, sms: 0.6 },
  marketing: { email: 1, sms: 1 },
  accounts: { call: 0.6, email: 0.5 },
};

/** Departments a record's touchpoints come from, by lifecycle stage. */
export const DEPARTMENT_MIX: Record<string, Weighted<number>> = {
  lead: new Weighted([
    [2, 60],
    [0, 40],
  ]),
  prospect: new Weighted([
    [0, 70],
    [2, 30],
  ]),
  customer: new Weighted([
    [0, 35],
    [1, 35],
    [3, 15],
    [2, 15],
  ]),
  former_customer: new Weighted([
    [0, 30],
    [1, 25],
    [3, 25],
    [2, 20],
  ]),
};

export function departmentIndex(d: Department): number {
  return DEPARTMENTS.indexOf(d);
}

/** A random touchpoint of a department (direction, outcome and channel drawn with realistic odds). */
export function randomKind(rng: Rng, department: number): number {
  const dept = DEPARTMENTS[department]!;
  const type = TYPE_MIX[dept].pick(rng);
  const name = TYPES[type]!;
  const out = OUTBOUND[dept][name];
  const direction: 0 | 1 | 2 = out === undefined ? 0 : rng.chance(out) ? 2 : 1;
  let outcome: 0 | 1 | 2 | 3 = 0;
  if (name === 'call') {
    const roll = rng.next();
    // an inbound call is logged once someone took it
    outcome = direction === 1 || roll < 0.7 ? 1 : roll < 0.88 ? 2 : 3;
  }
  const alt = name === 'chat' ? rng.chance(0.25) : name === 'meeting' ? rng.chance(0.4) : false;
  return encodeKind(type, department, direction, outcome, alt);
}

// ------------------------------------------------------------------------------------------------ words

const list = (text: string): readonly string[] =>
  text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Subjects per department and type (a type missing here uses the department's `email` list). */
const SUBJECTS: Record<Department, Partial<Record<ActivityType, readonly string[]>>> = {
  sales: {
    call: list(`Renewal check-in; Discovery call; Pricing discussion; Follow-up on proposal; Introductory call;
      Contract terms; Budget for next year; Reference call arranged; Upsell: additional licences`),
    email: list(`Proposal sent; Demo follow-up; Quote for additional licences; Contract renewal; Meeting recap;
      Introduction; Revised quote; Case studies you asked for; Next steps`),
    meeting: list(`Quarterly review; Product demo; Contract negotiation; Kick-off meeting; Discovery workshop;
      Annual account review`),
    visit: list(`Site visit; Account review on site; Plant tour with operations`),
    note: list(`Prefers morning calls; Budget approved for next quarter; Decision expected after the board meeting;
      Evaluating a competitor; New procurement contact from January; Wants pricing in euros`),
    sms: list(`Running ten minutes late; Confirming tomorrow's meeting; Call me when you are free`),
    chat: list(`Question about pricing; Trial extension`),
  },
  service: {
    call: list(`Login problem; Delivery delay; Product fault reported; Follow-up on ticket; Installation support;
      Complaint about late delivery; Returns request`),
    chat: list(`Password reset; Order status; How to export a report; Delivery tracking; Feature question;
      Change of delivery address`),
    email: list(`Ticket update; Replacement part shipped; Complaint about delivery; Service outage notice;
      Warranty claim; Your case has been resolved`),
    visit: list(`Engineer visit; On-site installation; Annual maintenance`),
    note: list(`Escalated to second line; Customer happy with the fix; Recurring fault, watch closely;
      Goodwill credit agreed`),
    sms: list(`Engineer on the way; Your parcel is out for delivery`),
  },
  marketing: {
    email: list(`Newsletter: monthly update; Webinar invitation; Event invitation; Product launch announcement;
      Customer survey; Case study: how teams save time; Seasonal offer; Webinar recording`),
    sms: list(`Event reminder; Webinar starts in one hour`),
    note: list(`Attended the webinar; Visited the pricing page twice; Downloaded the buyer's guide`),
  },
  accounts: {
    email: list(`Invoice query; Payment reminder; Remittance advice; Statement of account; Updated billing details;
      Credit note issued; Purchase order number needed`),
    call: list(`Overdue invoice; Payment plan; Invoice query; Credit limit review; Direct debit set-up`),
    note: list(`Pays on the 25th of the month; Requires a PO number on invoices; Finance contact changed`),
  },
};

const SENTENCES: Record<Department, readonly string[]> = {
  sales: list(`Went through the options and the pricing for next year; They are comparing two suppliers and expect to
    decide this month; Agreed to send a revised quote with the volume discount; Walked through the new reporting
    features, well received; Asked for two references in their industry; Budget is approved, legal review pending;
    Happy with the service so far, interested in adding seats; Will introduce us to their operations director`),
  service: list(`Reproduced the fault and logged it with the product team; Reset the account and confirmed the
    customer can sign in; Delivery was delayed by the carrier, new date confirmed; Sent the replacement part by
    next-day courier; Customer reports the issue is fixed; Explained how to export the report as CSV; Apologised
    for the delay and offered a goodwill credit`),
  marketing: list(`Monthly product news, customer stories and upcoming events; Invitation to the spring webinar on
    getting more from your data; Short survey about how you use the product; New features released this quarter;
    Early access to the seasonal offer for existing customers`),
  accounts: list(`Invoice was sent to the old address, reissued to the new one; Payment expected by the end of the
    week; Remittance received, account is up to date; Agreed a three-month payment plan; Needs a purchase order
    number on every invoice; Credit note issued for the damaged goods`),
};

export function subjectFor(rng: Rng, k: Kind): string {
  const byType = SUBJECTS[k.department];
  return rng.pick(byType[k.type] ?? byType.email!);
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One or two short paragraphs (`<p>` only) and their plain-text excerpt. */
export function bodyFor(rng: Rng, k: Kind): { html: string; text: string } {
  const pool = SENTENCES[k.department];
  const first = `${rng.pick(pool)}.`;
  const text = rng.chance(0.4) ? `${first} ${rng.pick(pool)}.` : first;
  const paragraphs = text === first ? [first] : [first, text.slice(first.length + 1)];
  return { html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''), text };
}

/** Seconds for calls (connected or voicemail), meetings and visits; null otherwise. */
export function durationFor(rng: Rng, k: Kind): number | null {
  if (k.type === 'call') {
    if (k.outcome === 'connected') return Math.min(3600, Math.round(60 + 200 * rng.pareto(1.8) - 140));
    if (k.outcome === 'voicemail') return rng.between(15, 75);
    return null;
  }
  if (k.type === 'meeting') return rng.pick([30, 45, 60, 60, 60, 90]) * 60;
  if (k.type === 'visit') return rng.pick([60, 90, 120, 180]) * 60;
  return null;
}

// An activity's timeline line is the app's own (`activitySummary` from the activities module), not a copy here.

// ------------------------------------------------------------------------------------------------ tasks, promises

export const TASK_TITLES: Record<Department, readonly string[]> = {
  sales: list(`Call back about the renewal; Send the proposal; Book the quarterly review; Follow up on the demo;
    Prepare the contract; Check in after the trial`),
  service: list(`Confirm the fix with the customer; Chase the replacement part; Close the ticket after testing`),
  marketing: list(`Invite to the next webinar; Add to the customer story shortlist`),
  accounts: list(`Chase the unpaid invoice; Send the statement of account; Update the billing address`),
};

export const PROMISES: Record<Department, readonly string[]> = {
  sales: list(`Send the revised quote; Confirm the renewal price; Send two customer references;
    Arrange a demo for the operations team`),
  service: list(`Call back with a delivery date; Arrange an engineer visit; Send the replacement part;
    Update the customer when the fix is released`),
  marketing: list(`Send the webinar recording`),
  accounts: list(`Issue a credit note for the damaged goods; Reissue the invoice to the new address;
    Confirm the payment plan in writing`),
};
