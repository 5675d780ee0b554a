import { civilOf, DAY_SEC, dayOf, dayOfCivil, daysInMonth, instantOfWall, wallTime, weekdayOf } from './local-time.ts';
import { type Downtime, type Recurrence, type RecurrenceType, WEEKDAYS } from './schema.ts';

// When a downtime is in force (features §4.2). Occurrences begin at `start` or later and never
// after `until`; each lasts `duration` minutes, so long ones may overlap the next (a 36 h daily
// downtime is in force without a break). Because occurrence starts only grow, a downtime is in
// force at t exactly when the last occurrence beginning at or before t has not yet ended: no
// other occurrence needs looking at, and that one is found by arithmetic, not by walking from
// `start` (the engine asks on every alert decision).
//
// Mackerel's "known quirk" (features §4.2) is deliberately not reproduced: it computes weeks
// Monday–Sunday and cuts a downtime of 24 h or more at Monday 00:00 (or after 24 h when it
// starts on a Sunday). That is a bug in how it bounds an occurrence by its week, not a rule
// anyone relies on: the user asked for `duration` minutes, and a weekend maintenance window cut
// at Monday 00:00 pages people in the middle of the maintenance it was made for.

/** Wall-clock days after this one (9999-12-31) are beyond what Date and Intl handle. */
const LAST_DAY = dayOfCivil(9999, 12, 31);

/** The occurrence days of a calendar recurrence (all but hourly), as day numbers of wall time. */
interface Calendar {
  /** The index of the last occurrence on or before local day `day`, or one more (monthly); < 0 when none. */
  estimate(day: number): number;
  /** The day of occurrence k ≥ 0 (occurrences before `start` included; the caller drops them). */
  day(k: number): number;
}

function calendar(type: Exclude<RecurrenceType, 'hourly'>, r: Recurrence, day0: number): Calendar {
  const n = r.interval;
  switch (type) {
    case 'daily':
      return { estimate: (day) => Math.floor((day - day0) / n), day: (k) => day0 + k * n };
    case 'weekly': {
      // Weeks run Monday–Sunday, counted from the start's week; offsets are days after Monday.
      const weekdays = r.weekdays.length > 0 ? r.weekdays.map((w) => WEEKDAYS.indexOf(w)) : [weekdayOf(day0)];
      const offsets = weekdays.map((wd) => (wd + 6) % 7).sort((a, b) => a - b);
      const perWeek = offsets.length;
      const monday = day0 - ((weekdayOf(day0) + 6) % 7);
      const period = 7 * n;
      return {
        estimate: (day) => {
          const week = Math.floor((day - monday) / period);
          const rel = day - monday - week * period;
          let i = 0;
          while (i < perWeek && (offsets[i] as number) <= rel) i++;
          return week * perWeek + i - 1;
        },
        day: (k) => {
          const week = Math.floor(k / perWeek);
          return monday + week * period + (offsets[k - week * perWeek] as number);
        },
      };
    }
    case 'monthly': {
      // The start's day of month; 29–31 fall on the last day of shorter months (features §4.2).
      const c = civilOf(day0);
      return {
        estimate: (day) => {
          const x = civilOf(day);
          return Math.floor(((x.year - c.year) * 12 + x.month - c.month) / n);
        },
        day: (k) => {
          const m = c.month - 1 + k * n;
          const year = c.year + Math.floor(m / 12);
          const month = (m % 12) + 1;
          return dayOfCivil(year, month, Math.min(c.dayOfMonth, daysInMonth(year, month)));
        },
      };
    }
    case 'yearly': {
      // February 29 falls on February 28 in common years, as the monthly rule does.
      const c = civilOf(day0);
      return {
        estimate: (day) => Math.floor((civilOf(day).year - c.year) / n),
        day: (k) => {
          const year = c.year + k * n;
          return dayOfCivil(year, c.month, Math.min(c.dayOfMonth, daysInMonth(year, c.month)));
        },
      };
    }
  }
}

/**
 * The start (epoch s) of the last occurrence of a recurring downtime that begins at or before
 * `x`, or undefined when none does. Calendar recurrences keep the start's local time of day in
 * `timeZone`; a time the clock skips that day runs at the later valid instant.
 */
export function lastOccurrenceStart(start: number, r: Recurrence, x: number, timeZone: string): number | undefined {
  if (x < start) return undefined;
  const type = r.type;
  if (type === 'hourly') {
    // Every `interval` hours of elapsed time: the clock's jumps do not move it.
    const period = r.interval * 3600;
    return start + Math.floor((x - start) / period) * period;
  }
  const startWall = wallTime(start, timeZone);
  const day0 = dayOf(startWall);
  const timeOfDay = startWall - day0 * DAY_SEC;
  const cal = calendar(type, r, day0);
  const at = (k: number): number => {
    const day = cal.day(k);
    if (!(day <= LAST_DAY)) return Number.POSITIVE_INFINITY; // also NaN, from years Date cannot hold
    // The first day is `start` itself, also when its wall time is shown twice (fall back).
    return day === day0 ? start : instantOfWall(day * DAY_SEC + timeOfDay, timeZone);
  };
  // The walk begins one past the estimate, a guard for a clock set back across midnight (its
  // local date then runs backwards for a while); it takes two or three steps.
  for (let k = cal.estimate(dayOf(wallTime(x, timeZone))) + 1; k >= 0; k--) {
    const s = at(k);
    if (s <= x) return s >= start ? s : undefined;
  }
  return undefined;
}

/** Whether downtime `d` is in force at `t` (epoch s), its calendar read in IANA zone `timeZone`. */
export function downtimeActiveAt(d: Downtime, t: number, timeZone: string): boolean {
  if (t < d.start) return false;
  const length = d.duration * 60;
  const r = d.recurrence;
  if (r === null) return t < d.start + length;
  const s = lastOccurrenceStart(d.start, r, r.until === null ? t : Math.min(t, r.until), timeZone);
  return s !== undefined && t < s + length;
}
