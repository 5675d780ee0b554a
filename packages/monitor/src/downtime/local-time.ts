// Wall-clock arithmetic in an IANA time zone through Intl, so that no time-zone database of our
// own has to be kept. Times are whole epoch seconds; a "wall" time is the local date and time
// written as if it were UTC (seconds since 1970-01-01T00:00 local), so calendar arithmetic on it
// is plain UTC arithmetic.

/** Seconds in a day. */
export const DAY_SEC = 86_400;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // h23: some engines write midnight as hour "24" under the default h24/h12 cycles.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The offset (s) at whole second `t`, straight from Intl: about 3 µs. */
function exactOffset(t: number, timeZone: string): number {
  let y = 0;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of formatter(timeZone).formatToParts(t * 1000)) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - t;
}

// A downtime check asks for 8–11 offsets, about 30 µs through Intl alone; the engine asks for
// every alert decision at nearly the same instants, so offsets are kept per 15-minute bucket.
// A bucket whose two ends agree has one offset throughout (no zone changes twice in 15 minutes);
// one that holds a change is marked NaN and asked exactly.
const BUCKET_SEC = 900;
/** Buckets kept per zone before the cache starts over: 4096 × 15 min ≈ 6 weeks of instants. */
const MAX_BUCKETS = 4096;
const offsetCaches = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at instant `t` (epoch s), in seconds, east positive. */
export function offsetAt(t: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(t / BUCKET_SEC);
  let o = cache.get(bucket);
  if (o === undefined) {
    const first = exactOffset(bucket * BUCKET_SEC, timeZone);
    o = first === exactOffset(bucket * BUCKET_SEC + BUCKET_SEC - 1, timeZone) ? first : Number.NaN;
    if (cache.size >= MAX_BUCKETS) cache.clear();
    cache.set(bucket, o);
  }
  return Number.isNaN(o) ? exactOffset(Math.floor(t), timeZone) : o;
}

/** The wall time at instant `t` (epoch s) in `timeZone`, as seconds since 1970-01-01 local. */
export function wallTime(t: number, timeZone: string): number {
  return t + offsetAt(t, timeZone);
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`. In a gap (spring forward) no
 * instant does, and in an overlap (fall back) two do: both pick the later candidate, so a 02:30
 * that does not exist runs at 03:30 and a repeated 01:30 runs at its second showing.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  // The offsets in force a day either side are the candidates: zones change offset months
  // apart, not twice within two days. When they agree (all but two days a year) that is the answer.
  const before = offsetAt(wall - DAY_SEC, timeZone);
  const after = offsetAt(wall + DAY_SEC, timeZone);
  const a = wall - before;
  if (before === after) return a;
  const b = wall - after;
  const aValid = offsetAt(a, timeZone) === before;
  const bValid = offsetAt(b, timeZone) === after;
  if (aValid && bValid) return Math.max(a, b);
  if (aValid) return a;
  if (bValid) return b;
  return Math.max(a, b);
}

/** The day number (days since 1970-01-01) of a wall time. */
export function dayOf(wall: number): number {
  return Math.floor(wall / DAY_SEC);
}

/** 0 = Sunday … 6 = Saturday, as WEEKDAYS and `getDay()` count, for a day number. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The calendar date of a day number: year, month 1–12, day of month. */
export function civilOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const dt = new Date(day * DAY_SEC * 1000);
  return { year: dt.getUTCFullYear(), month: dt.getUTCMonth() + 1, dayOfMonth: dt.getUTCDate() };
}

/** The day number of a calendar date; `month` may run past 12 (Date.UTC carries it into the year). */
export function dayOfCivil(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / 1000 / DAY_SEC;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
