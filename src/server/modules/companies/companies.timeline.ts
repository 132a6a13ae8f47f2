/**
 * The timeline lines a company's lifecycle writes, as pure functions shared by the service and the seed (so the demo's
 * timeline reads exactly as the app's).
 */

/** "Acme Ltd was added". */
export function companyCreatedLine(c: { name: string }): string {
  return `${c.name} was added`;
}
