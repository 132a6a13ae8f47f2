/**
 * Contact facts kept on people and companies: last contact (when, by whom, through which channel), the last two-way
 * touchpoint, the expected contact rhythm (cadence) and when the next contact is due. "Going cold" is
 * `contact_due_at < now`, one index away. Pure functions here; each module's repository writes its own columns.
 */

export const LIFECYCLE_CADENCE_DEFAULTS: Record<string, number> = {
  lead: 14,
  prospect: 14,
  customer: 30,
  former_customer: 90,
};

export interface ContactFact {
  at: string;
  byUserId: string | null;
  channel: string | null;
  /** A touchpoint where the customer took part (inbound message, call, meeting, visit), not just an email sent. */
  twoWay: boolean;
}

export interface ContactColumns {
  cadence_days: number | null;
  last_contact_at: string | null;
  last_contact_by: string | null;
  last_contact_channel: string | null;
  last_two_way_at: string | null;
  contact_due_at: string | null;
  created_at: string;
}

/** The rhythm that applies: the record's own, else the workspace default for its lifecycle stage, else 30 days. */
export function effectiveCadence(
  cadenceDays: number | null,
  stage: string | null,
  defaults: Record<string, number>,
): number {
  if (cadenceDays !== null && cadenceDays > 0) return cadenceDays;
  return (stage ? (defaults[stage] ?? LIFECYCLE_CADENCE_DEFAULTS[stage]) : undefined) ?? 30;
}

/** When the next two-way contact is due: the last two-way touchpoint (or creation) plus the cadence. */
export function contactDueAt(lastTwoWayAt: string | null, createdAt: string, cadence: number): string {
  const from = Date.parse(lastTwoWayAt ?? createdAt);
  return new Date(from + cadence * 86_400_000).toISOString();
}

/** The column changes a new touchpoint causes (older touchpoints never move "last contact" backwards). */
export function applyContact(row: ContactColumns, fact: ContactFact, cadence: number): Partial<ContactColumns> {
  const patch: Partial<ContactColumns> = {};
  if (!row.last_contact_at || fact.at >= row.last_contact_at) {
    patch.last_contact_at = fact.at;
    patch.last_contact_by = fact.byUserId;
    patch.last_contact_channel = fact.channel;
  }
  if (fact.twoWay && (!row.last_two_way_at || fact.at > row.last_two_way_at)) {
    patch.last_two_way_at = fact.at;
    patch.contact_due_at = contactDueAt(fact.at, row.created_at, cadence);
  }
  return patch;
}
