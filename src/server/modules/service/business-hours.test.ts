import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, isBusinessTime } from './business-hours.ts';

const london: BusinessCalendar = {
  timezone: 'Europe/London',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: [],
};

const at = (iso: string) => new Date(iso);

/** The simple reference: count the business minutes one minute at a time. */
function referenceMinutes(from: Date, to: Date, cal: BusinessCalendar): number {
  let n = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 60_000) if (isBusinessTime(new Date(t), cal)) n++;
  return n;
}

describe('business hours: worked examples', () => {
  it('carries a Friday afternoon case over the weekend (the issue example)', () => {
    const opened = at('2027-01-08T15:00:00Z');
    expect(addBusinessMinutes(opened, 240, london)?.toISOString()).toBe('2027-01-11T11:00:00.000Z');
    expect(addBusinessMinutes(opened, 960, london)?.toISOString()).toBe('2027-01-12T15:00:00.000Z');
  });

  it('starts the clock at the next opening when a case arrives at night', () => {
    expect(addBusinessMinutes(at('2027-01-11T22:00:00Z'), 60, london)?.toISOString()).toBe('2027-01-12T10:00:00.000Z');
  });

  it('skips holidays', () => {
    const cal = { ...london, holidays: ['2027-01-11'] };
    expect(addBusinessMinutes(at('2027-01-08T15:00:00Z'), 240, cal)?.toISOString()).toBe('2027-01-12T11:00:00.000Z');
  });

  it('keeps local hours across a clock change (London goes to BST on 2027-03-28)', () => {
    // Friday 26 March 16:00 GMT + 2 hours: 1 hour on Friday, 1 hour from Monday 09:00 BST (08:00 UTC).
    expect(addBusinessMinutes(at('2027-03-26T16:00:00Z'), 120, london)?.toISOString()).toBe('2027-03-29T09:00:00.000Z');
    expect(businessMinutesBetween(at('2027-03-26T16:00:00Z'), at('2027-03-29T09:00:00Z'), london)).toBe(120);
  });

  it('counts an hour repeated when the clocks go back twice, as the wall clock does (Sydney, 2027-04-04)', () => {
    // 03:00 AEDT becomes 02:00 AEST: 01:00–02:30 local is 01:00–02:30 AEDT and again 02:00–02:30 AEST.
    const cal: BusinessCalendar = {
      timezone: 'Australia/Sydney',
      days: [7],
      start: '01:00',
      end: '02:30',
      holidays: [],
    };
    const day = [at('2027-04-03T12:00:00Z'), at('2027-04-04T12:00:00Z')] as const;
    expect(businessMinutesBetween(day[0], day[1], cal)).toBe(120);
    expect(referenceMinutes(day[0], day[1], cal)).toBe(120);
    // Up to 02:31 AEDT, before the change: 90 minutes, not the later 02:30.
    expect(businessMinutesBetween(at('2027-03-31T03:23:00Z'), at('2027-04-03T15:31:00Z'), cal)).toBe(90);
    // The repeated half hour opens again at 02:00 AEST (16:00 UTC).
    expect(addBusinessMinutes(at('2027-04-03T14:00:00Z'), 100, cal)?.toISOString()).toBe('2027-04-03T16:10:00.000Z');
  });

  it('works in a zone east of Greenwich with a Sunday-to-Thursday week', () => {
    const cal: BusinessCalendar = {
      timezone: 'Asia/Dubai',
      days: [7, 1, 2, 3, 4],
      start: '08:00',
      end: '16:00',
      holidays: [],
    };
    // Thursday 2027-01-07 15:00 Dubai (11:00 UTC) + 2 h: 1 h Thursday, 1 h Sunday from 08:00 Dubai (04:00 UTC).
    expect(addBusinessMinutes(at('2027-01-07T11:00:00Z'), 120, cal)?.toISOString()).toBe('2027-01-10T05:00:00.000Z');
  });

  it('answers null for a calendar without working time', () => {
    expect(addBusinessMinutes(at('2027-01-08T15:00:00Z'), 10, { ...london, days: [] })).toBeNull();
  });
});

const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'] as const;
const calendar = fc
  .record({
    timezone: fc.constantFrom(...zones),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    startHour: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 1, max: 10 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 4 }),
  })
  .map(({ timezone, days, startHour, length, holidayOffsets }): BusinessCalendar & { holidayOffsets: number[] } => ({
    timezone,
    days,
    start: `${String(startHour).padStart(2, '0')}:00`,
    end: `${String(Math.min(24, startHour + length)).padStart(2, '0')}:${startHour + length >= 24 ? '00' : '30'}`.replace(
      '24:00',
      '23:59',
    ),
    holidays: [],
    holidayOffsets,
  }));
// Instants around the 2027 clock changes of both hemispheres, on whole minutes.
const instant = fc
  .integer({ min: Date.parse('2027-03-20T00:00:00Z') / 60_000, max: Date.parse('2027-04-10T00:00:00Z') / 60_000 })
  .map((m) => new Date(m * 60_000));

const withHolidays = (cal: BusinessCalendar & { holidayOffsets: number[] }, base: Date): BusinessCalendar => ({
  ...cal,
  holidays: cal.holidayOffsets.map((d) => new Date(base.getTime() + d * 86_400_000).toISOString().slice(0, 10)),
});

describe('business hours: properties', () => {
  it('adding then measuring gives back the minutes added, and lands inside working hours', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 3000 }), (c, from, minutes) => {
        const cal = withHolidays(c, from);
        const due = addBusinessMinutes(from, minutes, cal);
        if (!due) return;
        expect(businessMinutesBetween(from, due, cal)).toBe(minutes);
        // The last minute before the due time is a working minute.
        expect(isBusinessTime(new Date(due.getTime() - 60_000), cal)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('measures the same as a minute-by-minute count (nights, weekends, holidays, clock changes)', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 4 * 1440 }), (c, from, span) => {
        const cal = withHolidays(c, from);
        const to = new Date(from.getTime() + span * 60_000);
        expect(businessMinutesBetween(from, to, cal)).toBe(referenceMinutes(from, to, cal));
      }),
      { numRuns: 40 },
    );
  });
});
