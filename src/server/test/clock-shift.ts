/**
 * Vitest setup: when `RAPPORT_TEST_NOW` is set, every test runs with the wall clock moved there, so a test that
 * hard-codes a date near "today" fails now rather than on the day the calendar reaches it. Time keeps moving at its
 * real pace from the shifted instant; only `Date` changes (timers are untouched).
 *
 * - `RAPPORT_TEST_NOW=2027-12-03T23:59:30` (any date `Date.parse` reads, in the process's `TZ` when it has no offset)
 * - `RAPPORT_TEST_NOW=ahead`: a year and a day from the real date, at 23:59:30 local time (`TZ` decides whose).
 */
const target = process.env.RAPPORT_TEST_NOW;

export function shiftedNow(value: string, real: number): number {
  if (value !== 'ahead') {
    const at = Date.parse(value);
    if (Number.isNaN(at)) throw new Error(`RAPPORT_TEST_NOW: not a date: ${value}`);
    return at;
  }
  const d = new Date(real);
  d.setDate(d.getDate() + 366);
  d.setHours(23, 59, 30, 0);
  return d.getTime();
}

if (target) {
  const Real = Date;
  const offset = shiftedNow(target, Real.now()) - Real.now();
  class ShiftedDate extends Real {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(Real.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return Real.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
