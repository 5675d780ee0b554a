import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeRange, type WidgetRange, widgetIsLive, widgetWindow } from './widget-range.ts';

const NOW = 1_800_000_000;
const DASH = { from: NOW - 3600, to: NOW };

describe('widgetWindow', () => {
  const cases: Array<[string, WidgetRange | null | undefined, { from: number; to: number; variable: boolean }]> = [
    ['no range follows the dashboard', undefined, { ...DASH, variable: true }],
    ['null follows the dashboard (the Go client sends it)', null, { ...DASH, variable: true }],
    [
      'relative: the last day up to now',
      { type: 'relative', period: 86_400, offset: 0 },
      { from: NOW - 86_400, to: NOW, variable: false },
    ],
    [
      'relative with a negative offset: the same hour a week ago',
      { type: 'relative', period: 3600, offset: -604_800 },
      { from: NOW - 604_800 - 3600, to: NOW - 604_800, variable: false },
    ],
    [
      'absolute: as stored',
      { type: 'absolute', start: 1_700_000_000, end: 1_700_086_400 },
      { from: 1_700_000_000, to: 1_700_086_400, variable: false },
    ],
  ];
  for (const [name, range, want] of cases)
    test(name, () => assert.deepEqual(widgetWindow(range, DASH, NOW + 0.7), want));
});

describe('widgetIsLive and describeRange', () => {
  test('variable follows the dashboard; relative is live; absolute is not', () => {
    assert.equal(widgetIsLive(undefined, true), true);
    assert.equal(widgetIsLive(null, false), false);
    assert.equal(widgetIsLive({ type: 'relative', period: 60, offset: 0 }, false), true);
    assert.equal(widgetIsLive({ type: 'absolute', start: 1, end: 2 }, true), false);
  });
  test('descriptions', () => {
    assert.equal(describeRange(undefined), '');
    assert.equal(describeRange({ type: 'relative', period: 21_600, offset: 0 }), 'last 6 hours');
    assert.equal(describeRange({ type: 'relative', period: 86_400, offset: -604_800 }), '1 day, 7 days ago');
    assert.equal(describeRange({ type: 'absolute', start: 1, end: 2 }), 'fixed window');
  });
});
