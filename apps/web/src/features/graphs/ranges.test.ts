import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  customRange,
  DEFAULT_RANGE,
  fetchingWindow,
  type GraphRange,
  isLive,
  parseRange,
  RANGES,
  rangeQuery,
  rangeWindow,
  stepFor,
  zoomRange,
} from './ranges.ts';

test('parseRange reads range keys, fixed windows, and falls back to one day', () => {
  const cases: Array<[string, GraphRange]> = [
    ['', DEFAULT_RANGE],
    ['range=1h', { kind: 'relative', key: '1h' }],
    ['range=460d', { kind: 'relative', key: '460d' }],
    ['range=2d', DEFAULT_RANGE],
    ['from=100&to=200', { kind: 'absolute', from: 100, to: 200 }],
    ['range=1w&from=100&to=200', { kind: 'absolute', from: 100, to: 200 }],
    ['from=200&to=100', DEFAULT_RANGE],
    ['from=1.5&to=200', DEFAULT_RANGE],
    ['from=abc&to=200&range=6h', { kind: 'relative', key: '6h' }],
    ['from=-5&to=200', DEFAULT_RANGE],
  ];
  for (const [q, want] of cases) assert.deepEqual(parseRange(new URLSearchParams(q)), want, q);
});

test('rangeQuery round-trips through parseRange for every range', () => {
  const all: GraphRange[] = [
    ...RANGES.map((r): GraphRange => ({ kind: 'relative', key: r.key })),
    { kind: 'absolute', from: 1_700_000_000, to: 1_700_003_600 },
  ];
  for (const r of all) assert.deepEqual(parseRange(new URLSearchParams(rangeQuery(r))), r);
});

test('rangeWindow ends a relative range now and keeps a fixed one', () => {
  const now = 1_700_000_000.7;
  assert.deepEqual(rangeWindow({ kind: 'relative', key: '1h' }, now), { from: 1_699_996_400, to: 1_700_000_000 });
  assert.deepEqual(rangeWindow({ kind: 'relative', key: '460d' }, now), {
    from: 1_700_000_000 - 460 * 86400,
    to: 1_700_000_000,
  });
  assert.deepEqual(rangeWindow({ kind: 'absolute', from: 5, to: 9 }, now), { from: 5, to: 9 });
  assert.equal(isLive({ kind: 'relative', key: '1d' }), true);
  assert.equal(isLive({ kind: 'absolute', from: 5, to: 9 }), false);
});

test('zoomRange orders and rounds a selection, and ignores one under five minutes', () => {
  assert.deepEqual(zoomRange(1000.4, 2000.2), { kind: 'absolute', from: 1000, to: 2001 });
  assert.deepEqual(zoomRange(2000, 1000), { kind: 'absolute', from: 1000, to: 2000 });
  assert.equal(zoomRange(1000, 1299), undefined);
  assert.equal(zoomRange(Number.NaN, 2000), undefined);
});

test('customRange keeps a window the URL can hold and names what is wrong with any other', () => {
  const now = 1_700_000_000.5;
  const ok: Array<[number, number, GraphRange]> = [
    [1_699_990_000, 1_699_999_980, { kind: 'absolute', from: 1_699_990_000, to: 1_699_999_980 }],
    [1_699_999_700, 1_700_000_000, { kind: 'absolute', from: 1_699_999_700, to: 1_700_000_000 }],
    [0, 300, { kind: 'absolute', from: 0, to: 300 }],
    [1000.9, 1400.2, { kind: 'absolute', from: 1000, to: 1400 }],
  ];
  for (const [from, to, want] of ok) assert.deepEqual(customRange(from, to, now), { range: want }, `${from}–${to}`);
  const refused: Array<[number, number, RegExp]> = [
    [Number.NaN, 1_699_999_980, /From/],
    [1_699_990_000, Number.NaN, /in To/],
    [-600, 0, /1970/],
    [1_699_999_980, 1_699_990_000, /later than From/],
    [1_699_990_000, 1_699_990_000, /later than From/],
    [1_699_999_000, 1_699_999_299, /at least 5 minutes/],
    [1_699_990_000, 1_700_000_060, /future/],
  ];
  for (const [from, to, want] of refused) {
    const got = customRange(from, to, now);
    assert.ok('error' in got, `${from}–${to} is refused`);
    assert.match(got.error, want);
  }
});

test('stepFor follows the server table at its edges', () => {
  const cases: Array<[number, number]> = [
    [3600, 60],
    [20 * 3600, 60],
    [20 * 3600 + 1, 300],
    [10 * 86400, 300],
    [10 * 86400 + 1, 3600],
    [240 * 86400, 3600],
    [240 * 86400 + 1, 86400],
    [460 * 86400, 86400],
  ];
  for (const [span, step] of cases) assert.equal(stepFor(span), step, String(span));
});

test('fetchingWindow: busy until the window asked for is shown; a failure is not busy', () => {
  const asked = { from: 100, to: 200 };
  assert.equal(fetchingWindow(undefined, asked, ''), true, 'nothing yet');
  assert.equal(fetchingWindow({ from: 40, to: 140 }, asked, ''), true, 'the minute before');
  assert.equal(fetchingWindow({ from: 100, to: 200 }, asked, ''), false, 'the window asked for');
  assert.equal(fetchingWindow(undefined, asked, 'HTTP 500'), false, 'failed');
});
