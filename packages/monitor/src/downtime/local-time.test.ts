import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { civilOf, DAY_SEC, dayOfCivil, daysInMonth, instantOfWall, wallTime, weekdayOf } from './local-time.ts';

/** Epoch seconds of an ISO 8601 instant with its offset. */
function sec(iso: string): number {
  return Date.parse(iso) / 1000;
}

describe('local time', () => {
  const walls: [string, string, string, string][] = [
    ['Berlin gap: 02:30 → 03:30 CEST', 'Europe/Berlin', '2024-03-31T02:30:00Z', '2024-03-31T03:30:00+02:00'],
    ['Berlin overlap: the later 02:30', 'Europe/Berlin', '2024-10-27T02:30:00Z', '2024-10-27T02:30:00+01:00'],
    ['New York gap: 02:30 → 03:30 EDT', 'America/New_York', '2024-03-10T02:30:00Z', '2024-03-10T03:30:00-04:00'],
    ['New York overlap: the later 01:30', 'America/New_York', '2024-11-03T01:30:00Z', '2024-11-03T01:30:00-05:00'],
    ['Lord Howe half-hour gap', 'Australia/Lord_Howe', '2024-10-06T02:15:00Z', '2024-10-06T02:45:00+11:00'],
    ['Tokyo, no DST', 'Asia/Tokyo', '2024-07-01T12:00:00Z', '2024-07-01T12:00:00+09:00'],
  ];
  for (const [what, tz, wallIso, expected] of walls) {
    it(`instantOfWall: ${what}`, () => {
      // The wall time is written as a UTC ISO string: its digits are the local clock's.
      assert.equal(instantOfWall(sec(wallIso), tz), sec(expected));
    });
  }

  it('wallTime reads the clock on both sides of a change', () => {
    assert.equal(wallTime(sec('2024-03-31T00:59:59Z'), 'Europe/Berlin'), sec('2024-03-31T01:59:59Z'));
    assert.equal(wallTime(sec('2024-03-31T01:00:00Z'), 'Europe/Berlin'), sec('2024-03-31T03:00:00Z'));
  });

  it('wallTime is exact inside a cached 15-minute bucket that holds a change', () => {
    // Liberia left UTC-00:44:30 at 1972-01-07T00:44:30Z, in the middle of the bucket from 00:30.
    assert.equal(wallTime(sec('1972-01-07T00:30:00Z'), 'Africa/Monrovia'), sec('1972-01-06T23:45:30Z'));
    assert.equal(wallTime(sec('1972-01-07T00:44:29Z'), 'Africa/Monrovia'), sec('1972-01-06T23:59:59Z'));
    assert.equal(wallTime(sec('1972-01-07T00:44:30Z'), 'Africa/Monrovia'), sec('1972-01-07T00:44:30Z'));
  });

  it('counts calendar days', () => {
    const day = dayOfCivil(2024, 2, 29);
    assert.equal(day * DAY_SEC, sec('2024-02-29T00:00:00Z'));
    assert.deepEqual(civilOf(day), { year: 2024, month: 2, dayOfMonth: 29 });
    assert.equal(weekdayOf(day), 4); // a Thursday
    assert.equal(weekdayOf(0), 4); // 1970-01-01 too
    assert.equal(weekdayOf(-1), 3);
    assert.equal(dayOfCivil(2023, 14, 1), dayOfCivil(2024, 2, 1));
  });

  const lengths: [number, number, number][] = [
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2024, 4, 30],
    [2024, 12, 31],
  ];
  for (const [y, m, n] of lengths) {
    it(`daysInMonth(${y}, ${m}) = ${n}`, () => assert.equal(daysInMonth(y, m), n));
  }

  it('refuses a zone Intl does not know', () => {
    assert.throws(() => wallTime(0, 'Mars/Olympus_Mons'), RangeError);
  });
});
