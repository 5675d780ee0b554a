import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downtimeActiveAt } from './schedule.ts';
import type { Downtime, Recurrence, Weekday } from './schema.ts';

/** Epoch seconds of an ISO 8601 instant with its offset. */
function sec(iso: string): number {
  const ms = Date.parse(iso);
  assert.ok(Number.isFinite(ms), iso);
  return ms / 1000;
}

function downtime(start: string, minutes: number, recurrence: Partial<Recurrence> | null): Downtime {
  return {
    name: 'dt',
    memo: '',
    start: sec(start),
    duration: minutes,
    recurrence:
      recurrence === null
        ? null
        : { type: 'daily', interval: 1, weekdays: [] as Weekday[], until: null, ...recurrence },
    serviceScopes: [],
    serviceExcludeScopes: [],
    roleScopes: [],
    roleExcludeScopes: [],
    monitorScopes: [],
    monitorExcludeScopes: [],
  };
}

interface Case {
  readonly what: string;
  readonly d: Downtime;
  readonly tz: string;
  readonly active: readonly string[];
  readonly inactive: readonly string[];
}

const cases: Case[] = [
  {
    what: 'one-off: [start, start + duration)',
    d: downtime('2024-05-01T10:00:00Z', 60, null),
    tz: 'UTC',
    active: ['2024-05-01T10:00:00Z', '2024-05-01T10:59:59Z'],
    inactive: ['2024-05-01T09:59:59Z', '2024-05-01T11:00:00Z', '2024-05-02T10:00:00Z'],
  },
  {
    what: 'daily keeps 01:30 local across the spring change in Europe/Berlin',
    d: downtime('2024-03-30T01:30:00+01:00', 60, { type: 'daily' }),
    tz: 'Europe/Berlin',
    active: ['2024-03-31T01:30:00+01:00', '2024-04-01T01:30:00+02:00', '2024-04-01T02:29:59+02:00'],
    // 24 h after the Sunday occurrence is 02:30 CEST, an hour after Monday's began.
    inactive: ['2024-04-01T01:29:59+02:00', '2024-04-01T02:30:00+02:00'],
  },
  {
    what: 'daily at 02:30 runs at 03:30 on the day Berlin skips 02:00–03:00',
    d: downtime('2024-03-30T02:30:00+01:00', 30, { type: 'daily' }),
    tz: 'Europe/Berlin',
    active: ['2024-03-31T03:30:00+02:00', '2024-03-31T03:59:59+02:00', '2024-04-01T02:30:00+02:00'],
    inactive: ['2024-03-31T03:29:59+02:00', '2024-03-31T01:59:59+01:00', '2024-03-31T04:00:00+02:00'],
  },
  {
    what: 'daily at 02:30 runs at the second 02:30 when Berlin repeats 02:00–03:00',
    d: downtime('2024-10-26T02:30:00+02:00', 30, { type: 'daily' }),
    tz: 'Europe/Berlin',
    active: ['2024-10-27T02:30:00+01:00', '2024-10-28T02:30:00+01:00'],
    inactive: ['2024-10-27T02:30:00+02:00', '2024-10-27T02:59:59+02:00'],
  },
  {
    what: 'daily keeps 09:00 local across both changes in America/New_York',
    d: downtime('2024-03-08T09:00:00-05:00', 60, { type: 'daily' }),
    tz: 'America/New_York',
    active: ['2024-03-11T09:00:00-04:00', '2024-11-04T09:00:00-05:00', '2024-11-04T09:59:59-05:00'],
    inactive: ['2024-03-11T08:59:59-04:00', '2024-03-11T10:00:00-04:00', '2024-11-04T08:30:00-05:00'],
  },
  {
    what: 'daily at 08:00 in Asia/Tokyo is 23:00 UTC the day before',
    d: downtime('2024-01-01T08:00:00+09:00', 60, { type: 'daily' }),
    tz: 'Asia/Tokyo',
    active: ['2024-01-05T23:30:00Z', '2023-12-31T23:00:00Z'],
    inactive: ['2024-01-05T08:00:00Z', '2023-12-30T23:30:00Z'],
  },
  {
    what: 'an occurrence still running from the previous day',
    d: downtime('2024-01-01T22:00:00Z', 240, { type: 'daily' }),
    tz: 'UTC',
    active: ['2024-01-01T23:00:00Z', '2024-01-05T01:59:59Z', '2024-01-05T22:00:00Z'],
    inactive: ['2024-01-01T21:59:59Z', '2024-01-05T02:00:00Z', '2024-01-05T21:59:59Z'],
  },
  {
    what: 'every other day for 36 h leaves a 12 h gap',
    d: downtime('2024-01-01T00:00:00Z', 36 * 60, { type: 'daily', interval: 2 }),
    tz: 'UTC',
    active: ['2024-01-02T11:59:59Z', '2024-01-03T00:00:00Z'],
    inactive: ['2024-01-02T12:00:00Z', '2024-01-02T23:59:59Z'],
  },
  {
    what: '36 h daily until Jan 3 runs without a break and ends 36 h after the last start',
    d: downtime('2024-01-01T00:00:00Z', 36 * 60, { type: 'daily', until: sec('2024-01-03T00:00:00Z') }),
    tz: 'UTC',
    active: ['2024-01-01T23:59:59Z', '2024-01-02T12:00:00Z', '2024-01-03T18:00:00Z', '2024-01-04T11:59:59Z'],
    inactive: ['2024-01-04T12:00:00Z', '2024-01-05T00:00:00Z'],
  },
  {
    what: 'weekly every 2nd week on Sunday and Monday, counted from the start week (Mon–Sun)',
    // The start is the Sunday that ends its week; the next week is skipped, the one after runs.
    d: downtime('2024-01-07T22:00:00Z', 180, { type: 'weekly', interval: 2, weekdays: ['Sunday', 'Monday'] }),
    tz: 'UTC',
    active: [
      '2024-01-07T22:00:00Z',
      '2024-01-08T00:59:59Z', // Sunday's occurrence crossing into Monday of a skipped week
      '2024-01-15T22:00:00Z',
      '2024-01-16T00:30:00Z',
      '2024-01-21T23:00:00Z',
      '2024-01-22T00:30:00Z',
      '2024-01-29T22:00:00Z',
    ],
    inactive: [
      '2024-01-01T22:00:00Z', // Monday of the start week, before the start
      '2024-01-08T01:00:00Z',
      '2024-01-08T22:00:00Z',
      '2024-01-14T22:00:00Z',
      '2024-01-22T22:00:00Z',
      '2024-01-28T22:00:00Z',
    ],
  },
  {
    what: 'weekly on days before the start weekday begins the next week',
    d: downtime('2024-01-03T10:00:00Z', 60, { type: 'weekly', weekdays: ['Monday', 'Friday'] }),
    tz: 'UTC',
    active: ['2024-01-05T10:00:00Z', '2024-01-08T10:30:00Z'],
    inactive: ['2024-01-03T10:00:00Z', '2024-01-01T10:00:00Z', '2024-01-04T10:00:00Z'],
  },
  {
    what: 'a 36 h weekly downtime starting Sunday stays in force past Monday 00:00 (no Mackerel quirk)',
    d: downtime('2024-01-07T12:00:00Z', 36 * 60, { type: 'weekly' }),
    tz: 'UTC',
    active: ['2024-01-08T00:00:00Z', '2024-01-08T12:00:00Z', '2024-01-08T23:59:59Z', '2024-01-15T06:00:00Z'],
    inactive: ['2024-01-09T00:00:00Z', '2024-01-14T11:59:59Z'],
  },
  {
    what: 'a 36 h weekly downtime starting Saturday is not cut at Monday 00:00',
    d: downtime('2024-01-06T20:00:00Z', 36 * 60, { type: 'weekly' }),
    tz: 'UTC',
    active: ['2024-01-08T00:00:00Z', '2024-01-08T07:59:59Z'],
    inactive: ['2024-01-08T08:00:00Z'],
  },
  {
    what: 'weekly on Mondays 01:00 in Asia/Tokyo (Sundays 16:00 UTC)',
    d: downtime('2024-01-01T01:00:00+09:00', 60, { type: 'weekly' }),
    tz: 'Asia/Tokyo',
    active: ['2024-01-07T16:30:00Z', '2024-01-14T16:00:00Z'],
    inactive: ['2024-01-08T16:30:00Z', '2024-01-08T01:30:00Z'],
  },
  {
    what: 'monthly on the 31st: Feb 29 in a leap year, Apr 30, Mar 31',
    d: downtime('2024-01-31T10:00:00Z', 60, { type: 'monthly' }),
    tz: 'UTC',
    active: ['2024-02-29T10:30:00Z', '2024-03-31T10:30:00Z', '2024-04-30T10:30:00Z', '2024-05-31T10:00:00Z'],
    inactive: ['2024-02-28T10:30:00Z', '2024-03-01T10:30:00Z', '2024-03-02T10:30:00Z', '2024-05-01T10:30:00Z'],
  },
  {
    what: 'monthly on the 31st: Feb 28 in a common year',
    d: downtime('2023-01-31T10:00:00Z', 60, { type: 'monthly' }),
    tz: 'UTC',
    active: ['2023-02-28T10:30:00Z', '2023-03-31T10:30:00Z'],
    inactive: ['2023-03-03T10:30:00Z', '2023-03-01T10:30:00Z'],
  },
  {
    what: 'monthly on the 31st in Asia/Tokyo takes the Tokyo date (Apr 30 08:00 JST)',
    d: downtime('2024-03-31T08:00:00+09:00', 60, { type: 'monthly' }),
    tz: 'Asia/Tokyo',
    active: ['2024-04-29T23:00:00Z'],
    inactive: ['2024-04-30T23:00:00Z'],
  },
  {
    what: 'the same downtime read in UTC is on the 30th at 23:00 UTC',
    d: downtime('2024-03-31T08:00:00+09:00', 60, { type: 'monthly' }),
    tz: 'UTC',
    active: ['2024-04-30T23:00:00Z'],
    inactive: ['2024-04-29T23:00:00Z'],
  },
  {
    what: 'monthly every 3 months',
    d: downtime('2024-01-15T00:00:00Z', 60, { type: 'monthly', interval: 3 }),
    tz: 'UTC',
    active: ['2024-04-15T00:00:00Z', '2024-07-15T00:59:59Z', '2025-01-15T00:00:00Z'],
    inactive: ['2024-02-15T00:00:00Z', '2024-03-15T00:00:00Z', '2024-05-15T00:00:00Z'],
  },
  {
    what: 'yearly on Feb 29 falls on Feb 28 in common years',
    d: downtime('2024-02-29T00:00:00Z', 60, { type: 'yearly' }),
    tz: 'UTC',
    active: ['2025-02-28T00:00:00Z', '2026-02-28T00:59:59Z', '2028-02-29T00:00:00Z'],
    inactive: ['2025-03-01T00:00:00Z', '2028-02-28T00:00:00Z', '2025-02-27T00:00:00Z'],
  },
  {
    what: 'until: an occurrence may begin at until and runs its full length, none begins after',
    d: downtime('2024-01-01T10:00:00Z', 120, { type: 'daily', until: sec('2024-01-03T10:00:00Z') }),
    tz: 'UTC',
    active: ['2024-01-02T10:00:00Z', '2024-01-03T10:00:00Z', '2024-01-03T11:59:59Z'],
    inactive: ['2024-01-03T12:00:00Z', '2024-01-04T10:00:00Z', '2024-01-05T10:30:00Z'],
  },
  {
    what: 'until a second before an occurrence drops it',
    d: downtime('2024-01-01T10:00:00Z', 120, { type: 'daily', until: sec('2024-01-03T09:59:59Z') }),
    tz: 'UTC',
    active: ['2024-01-02T11:00:00Z'],
    inactive: ['2024-01-03T10:00:00Z', '2024-01-03T11:00:00Z'],
  },
  {
    what: 'hourly every 3 hours',
    d: downtime('2024-01-01T00:10:00Z', 30, { type: 'hourly', interval: 3 }),
    tz: 'UTC',
    active: ['2024-01-01T00:10:00Z', '2024-01-01T03:10:00Z', '2024-01-01T03:39:59Z', '2024-01-02T00:20:00Z'],
    inactive: ['2024-01-01T00:09:59Z', '2024-01-01T01:10:00Z', '2024-01-01T03:40:00Z', '2024-01-01T02:10:00Z'],
  },
  {
    what: 'hourly counts elapsed hours through a DST change',
    d: downtime('2024-03-31T00:00:00+01:00', 10, { type: 'hourly', interval: 3 }),
    tz: 'Europe/Berlin',
    active: ['2024-03-31T04:00:00+02:00', '2024-03-31T07:05:00+02:00'],
    inactive: ['2024-03-31T03:00:00+02:00', '2024-03-31T06:00:00+02:00'],
  },
];

describe('downtimeActiveAt', () => {
  for (const c of cases) {
    it(`${c.what} (${c.tz})`, () => {
      for (const t of c.active) assert.equal(downtimeActiveAt(c.d, sec(t), c.tz), true, `in force at ${t}`);
      for (const t of c.inactive) assert.equal(downtimeActiveAt(c.d, sec(t), c.tz), false, `not in force at ${t}`);
    });
  }

  it('takes fractional instants', () => {
    const d = downtime('2024-01-01T00:00:00Z', 1, { type: 'daily' });
    assert.equal(downtimeActiveAt(d, sec('2024-01-02T00:00:59Z') + 0.999, 'Europe/Berlin'), true);
    assert.equal(downtimeActiveAt(d, sec('2024-01-01T23:59:59Z') + 0.5, 'Europe/Berlin'), false);
  });

  it('does not overflow with intervals far past year 9999', () => {
    const d = downtime('2024-01-31T00:00:00Z', 60, { type: 'monthly', interval: 1e12 });
    assert.equal(downtimeActiveAt(d, sec('2024-01-31T00:30:00Z'), 'UTC'), true);
    assert.equal(downtimeActiveAt(d, sec('2030-01-31T00:30:00Z'), 'UTC'), false);
    const y = downtime('2024-01-31T00:00:00Z', 60, { type: 'yearly', interval: 1e12 });
    assert.equal(downtimeActiveAt(y, sec('2030-01-31T00:30:00Z'), 'UTC'), false);
  });
});
