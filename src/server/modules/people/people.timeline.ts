/**
 * The timeline lines a person's lifecycle writes, as pure functions: the service writes them when the app changes a
 * person, and the seed writes the demo's with the same functions, so the demo's timeline reads exactly as the app's.
 */

/** "Ada Lovelace": how a person's name reads on the timeline and in their DTO. */
export const personFullName = (firstName: string, lastName: string): string => `${firstName} ${lastName}`.trim();

/** "Ada Lovelace was added as a former customer". */
export function personCreatedLine(p: { fullName: string; lifecycleStage: string }): string {
  return `${p.fullName} was added as a ${p.lifecycleStage.replace('_', ' ')}`;
}
