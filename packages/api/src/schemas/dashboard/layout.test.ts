import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError } from '@saba/model';
import { checkOverlaps, type Layout, MAX_SIZE, parseLayout, type SizedType } from './layout.ts';

const WHERE = 'widgets[0] (title "w"): ';

function refuses(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BadDataError, String(e));
    assert.match(e.message, pattern);
    return true;
  });
}

const TYPES = Object.keys(MAX_SIZE) as SizedType[];

describe('parseLayout', () => {
  for (const type of TYPES) {
    const max = MAX_SIZE[type];
    describe(type, () => {
      const good: [string, Layout][] = [
        ['the largest size', { x: 0, y: 0, width: max.width, height: max.height }],
        ['one cell', { x: 23, y: 0, width: 1, height: 1 }],
        // The Terraform provider's documented examples: 3 wide, under Mackerel's editor minimum of 4 (6 for graphs).
        ['under the editor minimum, as the Terraform examples send', { x: 3, y: 15, width: 3, height: 4 }],
        ['ending exactly at column 24', { x: 18, y: 100, width: 6, height: 6 }],
      ];
      for (const [name, layout] of good) {
        test(`accepts ${name}`, () => assert.deepEqual(parseLayout({ ...layout }, type, WHERE), layout));
      }

      const bad: [string, unknown, RegExp][] = [
        ['too wide', { x: 0, y: 0, width: max.width + 1, height: 6 }, /"layout.width" must be between 1 and 24/],
        [
          'too tall',
          { x: 0, y: 0, width: 6, height: max.height + 1 },
          new RegExp(`"layout.height" must be between 1 and ${max.height}, got ${max.height + 1}`),
        ],
        ['zero wide', { x: 0, y: 0, width: 0, height: 6 }, /"layout.width" must be between 1 and/],
        ['zero tall', { x: 0, y: 0, width: 6, height: 0 }, /"layout.height" must be between 1 and/],
        ['negative x', { x: -1, y: 0, width: 6, height: 6 }, /"layout.x" must be between 0 and 23/],
        ['negative y', { x: 0, y: -1, width: 6, height: 6 }, /"layout.y" must be between 0/],
        ['x past the grid', { x: 24, y: 0, width: 1, height: 6 }, /"layout.x" must be between 0 and 23/],
        [
          'overflowing column 24',
          { x: 20, y: 0, width: 6, height: 6 },
          /"layout" reaches past column 24: x 20 \+ width 6 is 26/,
        ],
        ['a fraction', { x: 0.5, y: 0, width: 6, height: 6 }, /"layout.x" must be a whole number, got 0.5/],
        ['a string', { x: 0, y: '1', width: 6, height: 6 }, /"layout.y" must be a whole number, got "1"/],
        ['a missing field', { x: 0, y: 0, width: 6 }, /"layout.height" must be a whole number, got null/],
        ['null', null, /"layout" is required/],
        ['an array', [0, 0, 6, 6], /"layout" must be an object/],
      ];
      for (const [name, layout, pattern] of bad) {
        test(`refuses ${name}`, () => refuses(() => parseLayout(layout, type, WHERE), pattern));
      }
    });
  }

  test('errors name the widget', () =>
    refuses(() => parseLayout({ x: 0, y: 0, width: 0, height: 6 }, 'graph', WHERE), /^widgets\[0\] \(title "w"\): /));
});

describe('checkOverlaps', () => {
  const at = (x: number, y: number, width: number, height: number, label: string) => ({
    layout: { x, y, width, height },
    label,
  });

  const apart: [string, ReturnType<typeof at>[]][] = [
    ['side by side, touching', [at(0, 0, 6, 6, 'a'), at(6, 0, 6, 6, 'b')]],
    ['stacked, touching', [at(0, 0, 6, 6, 'a'), at(0, 6, 6, 6, 'b')]],
    ['a full row above a tiled row', [at(0, 0, 24, 3, 'a'), at(0, 3, 12, 6, 'b'), at(12, 3, 12, 6, 'c')]],
    ['given bottom first', [at(0, 10, 6, 6, 'a'), at(0, 0, 6, 6, 'b'), at(6, 0, 6, 20, 'c')]],
    ['none', []],
  ];
  for (const [name, widgets] of apart) {
    test(`accepts ${name}`, () => checkOverlaps(widgets));
  }

  const overlapping: [string, ReturnType<typeof at>[], RegExp][] = [
    ['the same place', [at(0, 0, 6, 6, 'a'), at(0, 0, 6, 6, 'b')], /^a overlaps b on the grid$/],
    ['one cell shared at a corner', [at(0, 0, 6, 6, 'a'), at(5, 5, 6, 6, 'b')], /^a overlaps b/],
    ['one inside another', [at(0, 0, 24, 32, 'a'), at(4, 4, 4, 4, 'b')], /^a overlaps b/],
    // Sorted by row inside, but named in request order.
    ['the later one higher up', [at(0, 10, 6, 6, 'a'), at(0, 0, 6, 11, 'b')], /^a overlaps b/],
    [
      'two apart, the third over both',
      [at(0, 0, 6, 6, 'a'), at(12, 0, 6, 6, 'b'), at(4, 2, 10, 2, 'c')],
      /^a overlaps c/,
    ],
  ];
  for (const [name, widgets, pattern] of overlapping) {
    test(`refuses ${name}`, () => refuses(() => checkOverlaps(widgets), pattern));
  }

  test('ten thousand tiled widgets pass, and one overlap among them is found', () => {
    const widgets = Array.from({ length: 10_000 }, (_, i) => at((i % 4) * 6, Math.floor(i / 4) * 6, 6, 6, `w${i}`));
    checkOverlaps(widgets);
    refuses(() => checkOverlaps([...widgets, at(20, 14_994, 4, 4, 'late')]), /^w9999 overlaps late/);
  });
});
