import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { downtimeActiveAt } from './schedule.ts';
import { type Downtime, RECURRENCE_TYPES, type Recurrence, WEEKDAYS } from './schema.ts';

// The oracle walks the calendar one local day at a time from the start, asks of each day whether
// the recurrence falls on it, and collects every occurrence; a downtime is in force when any of
// them covers the instant. It shares no code with schedule.ts or local-time.ts: its clock reading
// goes through a different Intl format, and it never jumps.

const DAY = 86_400;
const HORIZON = 3 * 366 * DAY;

/** Zones with DST at 02:00, at midnight (Sao Paulo until 2019, Havana), by half hours, and none. */
const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Havana',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
];

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The local wall clock at `t`, as seconds since 1970-01-01 local ("sv-SE" writes ISO-like text). */
function refWall(t: number, tz: string): number {
  let f = clocks.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(tz, f);
  }
  return Date.parse(`${f.format(t * 1000).replace(' ', 'T')}Z`) / 1000;
}

/** Every instant within two days whose clock shows `wall`; in a gap, the wall read with the earlier offset. */
function refInstant(wall: number, tz: string): number {
  const offsets = new Set([-2, -1, 0, 1, 2].map((k) => refWall(wall + k * DAY, tz) - (wall + k * DAY)));
  const candidates = [...offsets].map((o) => wall - o);
  const valid = candidates.filter((c) => refWall(c, tz) === wall);
  return Math.max(...(valid.length > 0 ? valid : candidates));
}

const changes = new Map<string, number[]>();

/**
 * The wall times in the middle of each gap or overlap of `year` (none for zones without DST):
 * the clock shows such a time never or twice. Found by bisecting each day whose noon offsets differ.
 */
function changeWalls(tz: string, year: number): number[] {
  const key = `${tz} ${year}`;
  let walls = changes.get(key);
  if (walls === undefined) {
    walls = [];
    const offset = (t: number) => refWall(t, tz) - t;
    const first = Date.UTC(year, 0, 1) / 1000;
    for (let noon = first + DAY / 2; noon < first + 365 * DAY; noon += DAY) {
      const before = offset(noon);
      const after = offset(noon + DAY);
      if (before === after) continue;
      let lo = noon;
      let hi = noon + DAY;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offset(mid) === before) lo = mid;
        else hi = mid;
      }
      walls.push(hi + (before + after) / 2);
    }
    changes.set(key, walls);
  }
  return walls;
}

function civil(day: number): { y: number; m: number; d: number; wd: number } {
  const dt = new Date(day * DAY * 1000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), wd: dt.getUTCDay() };
}

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether the recurrence falls on local day `day`, by looking at that day alone. */
function fallsOn(r: Recurrence, day0: number, day: number): boolean {
  const c0 = civil(day0);
  const c = civil(day);
  switch (r.type) {
    case 'hourly':
      return false;
    case 'daily':
      return (day - day0) % r.interval === 0;
    case 'weekly': {
      const monday0 = day0 - ((c0.wd + 6) % 7);
      const week = Math.floor((day - monday0) / 7);
      const listed = r.weekdays.length > 0 ? r.weekdays.includes(WEEKDAYS[c.wd] as never) : c.wd === c0.wd;
      return week % r.interval === 0 && listed;
    }
    case 'monthly': {
      const months = (c.y - c0.y) * 12 + c.m - c0.m;
      return months % r.interval === 0 && c.d === Math.min(c0.d, lastDayOf(c.y, c.m));
    }
    case 'yearly':
      return (c.y - c0.y) % r.interval === 0 && c.m === c0.m && c.d === Math.min(c0.d, lastDayOf(c.y, c.m));
  }
}

/** Every occurrence start from `start` up to `until` and the horizon, walking day by day. */
function occurrences(d: Downtime, tz: string): number[] {
  const r = d.recurrence;
  if (r === null) return [d.start];
  const end = Math.min(r.until ?? Number.POSITIVE_INFINITY, d.start + HORIZON);
  const out: number[] = [];
  if (r.type === 'hourly') {
    for (let s = d.start; s <= end; s += r.interval * 3600) out.push(s);
    return out;
  }
  const wall0 = refWall(d.start, tz);
  const day0 = Math.floor(wall0 / DAY);
  const timeOfDay = wall0 - day0 * DAY;
  for (let day = day0; day * DAY <= end + 2 * DAY; day++) {
    if (!fallsOn(r, day0, day)) continue;
    const s = day === day0 ? d.start : refInstant(day * DAY + timeOfDay, tz);
    if (s >= d.start && s <= end) out.push(s);
  }
  return out;
}

/**
 * A start day from which occurrence `j` falls on `day` (an offset-change day), as far as the
 * recurrence's type allows; weekly with other weekdays, or yearly on a moving date, may miss it.
 */
function startDayReaching(day: number, type: Recurrence['type'] | null, interval: number, j: number): number {
  const c = civil(day);
  switch (type) {
    case null:
    case 'hourly':
      return day;
    case 'daily':
      return day - j * interval;
    case 'weekly':
      return day - j * 7 * interval;
    case 'monthly':
      return Date.UTC(c.y, c.m - 1 - j * interval, Math.min(c.d, 28)) / 1000 / DAY;
    case 'yearly':
      return Date.UTC(c.y - j * interval, c.m - 1, Math.min(c.d, 28)) / 1000 / DAY;
  }
}

const downtimeArb = fc
  .record({
    tz: fc.constantFrom(...ZONES),
    // Local start dates 2015–2020 (Sao Paulo still had DST); half the time placed so that one of
    // the first occurrences falls in the middle of a gap or overlap of the zone's clock.
    day: fc.integer({ min: 16_436, max: 18_627 }),
    // Or on the 29th–31st, which shorter months and common years do not have.
    lateInMonth: fc.option(fc.integer({ min: 29, max: 31 }), { nil: null }),
    nearChange: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 })), { nil: null }),
    timeOfDay: fc.oneof(fc.constantFrom(0, 1800, 84_600), fc.integer({ min: 0, max: DAY - 1 })),
    duration: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 5000 })),
    type: fc.option(fc.constantFrom(...RECURRENCE_TYPES), { nil: null }),
    interval: fc.integer({ min: 1, max: 4 }),
    weekdays: fc.subarray([...WEEKDAYS]),
    until: fc.option(fc.integer({ min: 0, max: 2 * 366 * DAY }), { nil: null }),
    earlier: fc.boolean(),
  })
  .map(
    ({
      tz,
      day: randomDay,
      lateInMonth,
      nearChange,
      timeOfDay,
      duration,
      type,
      interval,
      weekdays,
      until,
      earlier,
    }) => {
      const c = civil(randomDay);
      const anyDay =
        lateInMonth === null
          ? randomDay
          : Date.UTC(c.y, c.m - 1, Math.min(lateInMonth, lastDayOf(c.y, c.m))) / 1000 / DAY;
      const near = changeWalls(tz, civil(anyDay).y);
      const change = nearChange === null ? undefined : near[nearChange[0] % Math.max(near.length, 1)];
      const tod = change === undefined ? timeOfDay : change - Math.floor(change / DAY) * DAY;
      const day =
        change === undefined
          ? anyDay
          : startDayReaching(Math.floor(change / DAY), type, interval, nearChange?.[1] ?? 0);
      // A wall time the clock shows twice starts at its later showing, or, with `earlier`, its first.
      const wall = day * DAY + tod;
      const later = refInstant(wall, tz);
      const first = [3600, 1800].map((back) => later - back).find((t) => earlier && refWall(t, tz) === wall);
      const start = first ?? later;
      const recurrence: Recurrence | null =
        type === null
          ? null
          : {
              type,
              interval: type === 'hourly' ? interval * 7 : interval,
              weekdays: type === 'weekly' ? weekdays : [],
              until: until === null ? null : start + until,
            };
      const d: Downtime = {
        name: 'p',
        memo: '',
        start,
        duration,
        recurrence,
        serviceScopes: [],
        serviceExcludeScopes: [],
        roleScopes: [],
        roleExcludeScopes: [],
        monitorScopes: [],
        monitorExcludeScopes: [],
      };
      return { d, tz };
    },
  );

describe('downtimeActiveAt against a day-by-day walk from the start', () => {
  it('agrees at random instants and at every edge of random occurrences', () => {
    fc.assert(
      fc.property(
        downtimeArb,
        fc.array(fc.integer({ min: -2 * DAY, max: HORIZON }), { minLength: 10, maxLength: 10 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        ({ d, tz }, offsets, picks) => {
          const starts = occurrences(d, tz);
          const length = d.duration * 60;
          const brute = (t: number) => starts.some((s) => s <= t && t < s + length);
          const instants = offsets.map((o) => d.start + o);
          // Half the edges are of the first occurrences, which fall on or beside an offset change
          // when the start was put there.
          for (const [i, p] of (starts.length > 0 ? picks : []).entries()) {
            const s = starts[p % (i % 2 === 0 ? Math.min(starts.length, 4) : starts.length)] as number;
            instants.push(s - 1, s, s + length - 1, s + length);
          }
          for (const t of instants) {
            if (t > d.start + HORIZON) continue; // the oracle stops there
            const want = brute(t);
            assert.equal(
              downtimeActiveAt(d, t, tz),
              want,
              `${tz} ${JSON.stringify(d.recurrence)} start ${d.start} duration ${d.duration}: at ${t} want ${want}`,
            );
          }
        },
      ),
      { seed: 20_240_601, numRuns: 400 },
    );
  });
});
