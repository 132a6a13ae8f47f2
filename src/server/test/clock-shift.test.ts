import { describe, expect, it } from 'vitest';
import { shiftedNow } from './clock-shift.ts';

describe('the moved clock used by the date-bomb check', () => {
  it('"ahead" is a year and a day later, at 23:59:30 local time', () => {
    const real = new Date(2026, 11, 2, 9, 0, 0).getTime();
    const d = new Date(shiftedNow('ahead', real));
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2027, 11, 3, 23, 59]);
  });

  it('takes an explicit date and refuses anything else', () => {
    expect(shiftedNow('2030-01-01T00:00:00Z', 0)).toBe(Date.UTC(2030, 0, 1));
    expect(() => shiftedNow('next tuesday', 0)).toThrow(/not a date/);
  });

  it('moves Date when RAPPORT_TEST_NOW is set, and leaves it alone otherwise', () => {
    const target = process.env.RAPPORT_TEST_NOW;
    if (!target) {
      // biome-ignore lint/complexity/useDateNow: the test is about the Date constructor itself
      expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000);
      return;
    }
    const real = performance.timeOrigin + performance.now();
    if (target === 'ahead') expect(Date.now() - real).toBeGreaterThan(365 * 86_400_000);
    else expect(Math.abs(Date.now() - Date.parse(target))).toBeLessThan(60 * 60_000);
    // biome-ignore lint/complexity/useDateNow: the test is about the Date constructor itself
    expect(Math.abs(new Date().getTime() - Date.now())).toBeLessThan(1000);
  });
});
