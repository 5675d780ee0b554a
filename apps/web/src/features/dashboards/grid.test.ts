import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cellDelta,
  clampLayout,
  gridRows,
  type Layout,
  moveWidget,
  overlaps,
  phoneOrder,
  placeNew,
  pushDown,
  resizeWidget,
  type WidgetType,
} from './grid.ts';

const L = (x: number, y: number, width: number, height: number): Layout => ({ x, y, width, height });

/** No two layouts share a cell. */
function assertNoOverlap(layouts: readonly Layout[]): void {
  for (let i = 0; i < layouts.length; i++)
    for (let j = i + 1; j < layouts.length; j++)
      assert.ok(!overlaps(layouts[i] as Layout, layouts[j] as Layout), `${i} and ${j} overlap`);
}

describe('overlaps', () => {
  const cases: Array<[string, Layout, Layout, boolean]> = [
    ['same place', L(0, 0, 6, 6), L(0, 0, 6, 6), true],
    ['side by side', L(0, 0, 6, 6), L(6, 0, 6, 6), false],
    ['one above the other', L(0, 0, 6, 6), L(0, 6, 6, 6), false],
    ['one cell shared at a corner', L(0, 0, 6, 6), L(5, 5, 6, 6), true],
    ['inside', L(0, 0, 24, 10), L(3, 3, 2, 2), true],
  ];
  for (const [name, a, b, want] of cases) test(name, () => assert.equal(overlaps(a, b), want));
});

describe('clampLayout', () => {
  const cases: Array<[string, Layout, WidgetType, Layout]> = [
    ['inside stays', L(2, 3, 6, 6), 'graph', L(2, 3, 6, 6)],
    ['past column 24 slides left', L(20, 0, 8, 6), 'graph', L(16, 0, 8, 6)],
    ['negative x and y go to 0', L(-3, -2, 6, 6), 'value', L(0, 0, 6, 6)],
    ['zero size becomes 1×1', L(0, 0, 0, 0), 'value', L(0, 0, 1, 1)],
    ['graph height stops at 32', L(0, 0, 6, 50), 'graph', L(0, 0, 6, 32)],
    ['markdown height goes to 80', L(0, 0, 6, 90), 'markdown', L(0, 0, 6, 80)],
    ['wider than 24 is 24', L(0, 0, 30, 4), 'alertStatus', L(0, 0, 24, 4)],
  ];
  for (const [name, l, type, want] of cases) test(name, () => assert.deepEqual(clampLayout(l, type), want));
});

describe('pushDown', () => {
  test('a widget dropped on another pushes it below itself; others stay', () => {
    const out = pushDown([L(0, 0, 6, 6), L(0, 3, 6, 6), L(12, 0, 6, 6)], 1);
    assert.deepEqual(out, [L(0, 9, 6, 6), L(0, 3, 6, 6), L(12, 0, 6, 6)]);
    assertNoOverlap(out);
  });
  test('the push cascades down a column', () => {
    const out = pushDown([L(0, 0, 6, 4), L(0, 4, 6, 4), L(0, 8, 6, 4), L(0, 0, 6, 2)], 3);
    assert.deepEqual(out, [L(0, 2, 6, 4), L(0, 6, 6, 4), L(0, 10, 6, 4), L(0, 0, 6, 2)]);
    assertNoOverlap(out);
  });
  test('a wide widget pushes everything it covers below the lowest it hits', () => {
    const out = pushDown([L(0, 0, 24, 3), L(0, 1, 6, 6), L(12, 1, 6, 2)], 0);
    assertNoOverlap(out);
    assert.equal(out[1]?.y, 3);
    assert.equal(out[2]?.y, 3);
  });
  test('nothing in the way changes nothing', () => {
    const layouts = [L(0, 0, 6, 6), L(6, 0, 6, 6)];
    assert.deepEqual(pushDown(layouts, 0), layouts);
  });
});

describe('moveWidget and resizeWidget', () => {
  const types: WidgetType[] = ['graph', 'value', 'markdown'];
  const start = [L(0, 0, 8, 6), L(8, 0, 4, 4), L(0, 6, 6, 4)];
  test('moving right by 2 cells', () => {
    assert.deepEqual(moveWidget(start, types, 1, 2, 0)[1], L(10, 0, 4, 4));
  });
  test('moving onto another widget pushes it down', () => {
    const out = moveWidget(start, types, 2, 0, -3);
    assert.deepEqual(out[2], L(0, 3, 6, 4));
    assert.deepEqual(out[0], L(0, 7, 8, 6));
    assertNoOverlap(out);
  });
  test('moving past the right edge stops at column 24', () => {
    assert.deepEqual(moveWidget(start, types, 1, 50, 0)[1], L(20, 0, 4, 4));
  });
  test('moving above the top stops at row 0', () => {
    assert.deepEqual(moveWidget(start, types, 2, 0, -20)[2]?.y, 0);
  });
  test('growing wider pushes the neighbour it covers down', () => {
    const out = resizeWidget(start, types, 0, 2, 0);
    assert.deepEqual(out[0], L(0, 0, 10, 6));
    assert.deepEqual(out[1], L(8, 6, 4, 4));
    assertNoOverlap(out);
  });
  test('a resize never passes column 24 nor the type maximum, and never goes below 1×1', () => {
    assert.deepEqual(resizeWidget(start, types, 1, 30, 0)[1], L(8, 0, 16, 4));
    assert.deepEqual(resizeWidget(start, types, 0, 0, 100)[0]?.height, 32);
    assert.deepEqual(resizeWidget(start, types, 2, -10, -10)[2], L(0, 6, 1, 1));
  });
});

describe('cellDelta', () => {
  const cases: Array<[number, number, number, number, { dx: number; dy: number }]> = [
    [0, 0, 50, 40, { dx: 0, dy: 0 }],
    [24, 19, 50, 40, { dx: 0, dy: 0 }],
    [26, 21, 50, 40, { dx: 1, dy: 1 }],
    [-74, -61, 50, 40, { dx: -1, dy: -2 }],
    [-10, -10, 50, 40, { dx: 0, dy: 0 }],
    [300, 0, 0, 40, { dx: 0, dy: 0 }],
  ];
  for (const [dx, dy, w, h, want] of cases)
    test(`${dx},${dy} px on ${w}×${h} cells`, () => assert.deepEqual(cellDelta(dx, dy, w, h), want));
});

describe('placeNew', () => {
  test('an empty grid starts at the top left', () =>
    assert.deepEqual(placeNew([], { width: 8, height: 6 }), L(0, 0, 8, 6)));
  test('the first gap wide enough on the top rows', () => {
    assert.deepEqual(placeNew([L(0, 0, 8, 6), L(12, 0, 12, 6)], { width: 4, height: 4 }), L(8, 0, 4, 4));
  });
  test('below everything when no gap fits', () => {
    assert.deepEqual(placeNew([L(0, 0, 24, 6)], { width: 8, height: 6 }), L(0, 6, 8, 6));
  });
});

describe('phoneOrder and gridRows', () => {
  test('reading order: by row, then by column', () => {
    assert.deepEqual(phoneOrder([L(12, 6, 6, 6), L(0, 6, 6, 6), L(6, 0, 6, 6), L(0, 0, 6, 6)]), [3, 2, 1, 0]);
  });
  test('rows used', () => {
    assert.equal(gridRows([]), 0);
    assert.equal(gridRows([L(0, 0, 6, 6), L(0, 10, 6, 4)]), 14);
  });
});
