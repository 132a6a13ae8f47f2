/** Calendar-day arithmetic in the workspace's time zone ("due today" means today where the team works). */

/** The offset of `timeZone` from UTC at `at`, in milliseconds (positive east of Greenwich). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the local day containing `at` starts in `timeZone`, `days` days later (DST-safe). */
export function startOfDay(at: Date, timeZone: string, days = 0): Date {
  const local = new Date(at.getTime() + offsetMs(at, timeZone));
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days);
  // The offset at local midnight may differ from now's (a DST change in between): settle it in two steps.
  let guess = midnight - offsetMs(new Date(midnight), timeZone);
  guess = midnight - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** Today's bounds and the next seven days' end, as ISO strings. */
export function dayWindows(at: Date, timeZone: string): { todayStart: string; tomorrowStart: string; weekEnd: string } {
  return {
    todayStart: startOfDay(at, timeZone).toISOString(),
    tomorrowStart: startOfDay(at, timeZone, 1).toISOString(),
    weekEnd: startOfDay(at, timeZone, 7).toISOString(),
  };
}

/** "3 Dec" (and the year when it is not the current one), for summaries and notifications. */
export function shortDate(iso: string, timeZone: string, now = new Date()): string {
  const d = new Date(iso);
  const year = (x: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(x);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    ...(year(d) === year(now) ? {} : { year: 'numeric' }),
  }).format(d);
}
