/**
 * Business-time arithmetic for SLA clocks: a pure function of a calendar (the workspace's time zone, working days and
 * hours, and its holidays). Wall times are turned into instants with `Intl` (no date library): each local working day
 * gives one window [start, end) in UTC, so a day on which the clocks change still opens and closes at its local hours.
 * `addBusinessMinutes` and `businessMinutesBetween` are inverse to each other (the property tests check it against a
 * minute-by-minute reference).
 */

export interface BusinessCalendar {
  /** IANA time zone, e.g. Europe/London. */
  timezone: string;
  /** Working days, 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /** Opening and closing wall times, `HH:MM`. */
  start: string;
  end: string;
  /** Dates (`YYYY-MM-DD`, local) on which the business is closed. */
  holidays: ReadonlySet<string> | readonly string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A calendar without a single working minute in this many days is treated as never open. */
const MAX_DAYS = 3 * 366;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock parts of an instant in a zone. */
export function zonedParts(ms: number, timezone: string) {
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute!, second: p.second! };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timezone: string): number {
  const p = zonedParts(ms, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant a local wall time names (a time skipped by a clock change moves forward by the gap). */
export function zonedToUtc(year: number, month: number, day: number, minutes: number, timezone: string): number {
  const guess = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  const o1 = offsetAt(guess, timezone);
  const first = guess - o1;
  const o2 = offsetAt(first, timezone);
  if (o1 === o2) return first;
  const second = guess - o2;
  // Consistent with its own offset: the wall time exists (near a change the first guess used the other side's offset).
  if (offsetAt(second, timezone) === o2) return second;
  return Math.max(first, second);
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

const isoDate = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
const weekday = (y: number, m: number, d: number) => {
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
};

interface Window {
  start: number;
  end: number;
}

/**
 * The instant the zone's offset changes within [from, to), to the minute (offsets change on whole minutes), given that
 * it differs at the two ends.
 */
function offsetChange(from: number, to: number, timezone: string): number {
  const before = offsetAt(from, timezone);
  let lo = from;
  let hi = to - MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timezone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The working windows (UTC ms) of the local days from the one containing `fromMs`, forwards, at most `maxDays`. A
 * window holds every instant whose local wall time is in [start, end) on a working day, so on the night the clocks go
 * back a repeated hour inside working hours counts twice (two windows), and an hour skipped when they go forward not
 * at all: exactly what a minute-by-minute look at the wall clock gives.
 */
function* windowsFrom(fromMs: number, cal: BusinessCalendar, maxDays = MAX_DAYS): Generator<Window> {
  const holidays = cal.holidays instanceof Set ? cal.holidays : new Set(cal.holidays as readonly string[]);
  const days = new Set(cal.days);
  const open = toMinutes(cal.start);
  const close = toMinutes(cal.end);
  if (days.size === 0 || close <= open) return;
  const p = zonedParts(fromMs, cal.timezone);
  let date = Date.UTC(p.year, p.month - 1, p.day);
  for (let i = 0; i < maxDays; i++, date += DAY) {
    const d = new Date(date);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    if (!days.has(weekday(y, m, dd)) || holidays.has(isoDate(y, m, dd))) continue;
    // The local day as instants, cut where the offset changes (at most once a day): within a piece, wall time runs
    // with the instant, so the working part of each piece is one interval.
    const dayStart = zonedToUtc(y, m, dd, 0, cal.timezone);
    const next = new Date(date + DAY);
    const dayEnd = zonedToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, cal.timezone);
    const first = offsetAt(dayStart, cal.timezone);
    const last = offsetAt(dayEnd - MINUTE, cal.timezone);
    const cut = first === last ? dayEnd : offsetChange(dayStart, dayEnd, cal.timezone);
    const pieces: [number, number, number][] = [[dayStart, cut, first]];
    if (cut < dayEnd) pieces.push([cut, dayEnd, last]);
    for (const [from, to, offset] of pieces) {
      const start = Math.max(from, date + open * MINUTE - offset);
      const end = Math.min(to, date + close * MINUTE - offset);
      if (end > start) yield { start, end };
    }
  }
}

/**
 * The instant `minutes` business minutes after `from`. Zero minutes gives `from` when the business is open, else the
 * next opening. The result is always inside working hours (at most the closing time of its day). Null when the
 * calendar has no working time at all.
 */
export function addBusinessMinutes(from: Date, minutes: number, cal: BusinessCalendar): Date | null {
  let remaining = Math.max(0, minutes) * MINUTE;
  const t = from.getTime();
  for (const w of windowsFrom(t, cal)) {
    if (w.end < t) continue;
    const s = Math.max(t, w.start);
    const available = w.end - s;
    if (remaining <= available) return new Date(s + remaining);
    remaining -= available;
  }
  return null;
}

/** Business minutes between two instants (0 when `to` is not after `from`); fractions of a minute are kept. */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  const maxDays = Math.ceil((b - a) / DAY) + 2;
  for (const w of windowsFrom(a, cal, maxDays)) {
    if (w.start >= b) break;
    const s = Math.max(a, w.start);
    const e = Math.min(b, w.end);
    if (e > s) total += e - s;
  }
  return total / MINUTE;
}

/** Whether an instant falls inside working hours (opening inclusive, closing exclusive). */
export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  const p = zonedParts(at.getTime(), cal.timezone);
  const holidays = cal.holidays instanceof Set ? cal.holidays : new Set(cal.holidays as readonly string[]);
  if (!cal.days.includes(weekday(p.year, p.month, p.day))) return false;
  if (holidays.has(isoDate(p.year, p.month, p.day))) return false;
  const m = p.hour * 60 + p.minute;
  return m >= toMinutes(cal.start) && m < toMinutes(cal.end);
}
