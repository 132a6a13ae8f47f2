/**
 * Placeholders of canned responses, shared by the server (which refuses an unknown one when a response is saved) and
 * the web app (which fills them in the case reply box).
 */
export const CANNED_PLACEHOLDERS = [
  'person.firstName',
  'person.lastName',
  'person.name',
  'case.reference',
  'case.subject',
  'agent.name',
] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a body names that Rapport does not know, in order of first use. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const m of body.matchAll(PATTERN)) {
    if (!(CANNED_PLACEHOLDERS as readonly string[]).includes(m[1]!)) unknown.add(m[1]!);
  }
  return [...unknown];
}

/** The body with each placeholder replaced by its value; a value not known (no person on the case) becomes empty. */
export function fillPlaceholders(body: string, values: Partial<Record<CannedPlaceholder, string | null>>): string {
  return body.replace(PATTERN, (whole, name: string) =>
    (CANNED_PLACEHOLDERS as readonly string[]).includes(name) ? (values[name as CannedPlaceholder] ?? '') : whole,
  );
}
