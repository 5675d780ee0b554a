import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoDuration, parseMinutes } from './duration.ts';

// The official config/duration_test.go cases, plus TOML integers and more Go syntax.
const MINUTES: [input: unknown, want: number | string][] = [
  ['0', 0],
  ['10', 10],
  ['+10', 10],
  ['-10', 'duration out of range: -10'],
  ['10m', 10],
  ['1h10m', 70],
  ['2.5h', 150],
  ['-10m', 'duration out of range: -10m'],
  ['1s', 'duration not multiple of 1m: 1s'],
  ['1ms', 'duration not multiple of 1m: 1ms'],
  ['1.1m', 'duration not multiple of 1m: 1.1m'],
  ['120s', 2],
  ['1h0m0s', 60],
  ['', 'invalid duration ""'],
  ['m', 'invalid duration "m"'],
  ['10', 10],
  [10, 10],
  [0, 0],
  [-1, 'duration out of range: -1'],
  [2147483648, 'duration out of range: 2147483648'],
  [1.5, 'invalid duration 1.5 (want whole minutes or a string like "10m")'],
  [true, 'expected an integer of minutes or a duration string like "10m"'],
];

test('parseMinutes follows config/duration.go', () => {
  for (const [input, want] of MINUTES) {
    const label = JSON.stringify(input);
    if (typeof want === 'number') assert.equal(parseMinutes(input), want, label);
    else assert.throws(() => parseMinutes(input), { message: want }, label);
  }
});

const DURATIONS: [string, number | RegExp][] = [
  ['0', 0],
  ['1ns', 1],
  ['1.5us', 1500],
  ['1µs', 1000],
  ['1μs', 1000],
  ['2ms', 2e6],
  ['.5s', 5e8],
  ['1.s', 1e9],
  ['1h30m', 5400e9],
  ['-1.5h', -5400e9],
  ['24h', 86400e9],
  ['1', /^invalid duration "1"$/],
  ['1x', /^unknown unit "x" in duration "1x"$/],
  ['.s', /^invalid duration/],
  ['1h 2m', /^unknown unit "h " in duration/],
  ['9999999999h', /^invalid duration/],
];

test('parseGoDuration follows time.ParseDuration', () => {
  for (const [input, want] of DURATIONS) {
    if (typeof want === 'number') assert.equal(parseGoDuration(input), want, input);
    else assert.throws(() => parseGoDuration(input), { message: want }, input);
  }
});
