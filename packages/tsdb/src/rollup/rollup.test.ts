import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RollupSamples, Samples } from '@saba/storage';
import fc from 'fast-check';
import { mergeRollups, rollupSamples } from './rollup.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function samples(pairs: readonly (readonly [number, number])[]): Samples {
  return {
    length: pairs.length,
    ts: Float64Array.from(pairs.map((p) => p[0])),
    vs: Float64Array.from(pairs.map((p) => p[1])),
  };
}

function rows(r: RollupSamples): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.length; i++) {
    out.push([r.ts[i], r.count[i], r.sum[i], r.min[i], r.max[i], r.last[i]] as number[]);
  }
  return out;
}

describe('rollupSamples', () => {
  const day = 20_000 * DAY; // 2024-10-04T00:00Z
  const cases: { name: string; pairs: [number, number][]; step: number; want: number[][] }[] = [
    { name: 'empty', pairs: [], step: 5 * MIN, want: [] },
    {
      name: '5m buckets, edges inclusive at start',
      pairs: [
        [day, 1],
        [day + 4 * MIN + 59_999, 3],
        [day + 5 * MIN, 10],
      ],
      step: 5 * MIN,
      want: [
        [day, 2, 4, 1, 3, 3],
        [day + 5 * MIN, 1, 10, 10, 10, 10],
      ],
    },
    {
      name: 'day buckets split at 00:00 UTC',
      pairs: [
        [day - 1, 7],
        [day, 2],
        [day + 23 * HOUR, -5],
      ],
      step: DAY,
      want: [
        [day - DAY, 1, 7, 7, 7, 7],
        [day, 2, -3, -5, 2, -5],
      ],
    },
    {
      name: 'gaps leave no empty buckets',
      pairs: [
        [day, 1],
        [day + 3 * HOUR + 1, 2],
      ],
      step: HOUR,
      want: [
        [day, 1, 1, 1, 1, 1],
        [day + 3 * HOUR, 1, 2, 2, 2, 2],
      ],
    },
    {
      name: 'before the epoch aligns downwards',
      pairs: [[-1, 4]],
      step: HOUR,
      want: [[-HOUR, 1, 4, 4, 4, 4]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(rows(rollupSamples(samples(c.pairs), c.step)), c.want));
  }
});

describe('mergeRollups', () => {
  it('merges a day bucket split across 2 h blocks exactly', () => {
    const a = rollupSamples(
      samples([
        [0, 5],
        [HOUR, 1],
      ]),
      DAY,
    );
    const b = rollupSamples(
      samples([
        [2 * HOUR, 9],
        [3 * HOUR, 4],
      ]),
      DAY,
    );
    assert.deepEqual(rows(mergeRollups([a, b])), [[0, 4, 19, 1, 9, 4]]);
  });

  it('takes last from the newest part even when given out of time order', () => {
    const older = rollupSamples(samples([[10 * MIN, 1]]), HOUR);
    const newer = rollupSamples(
      samples([
        [0, 3],
        [HOUR, 8],
      ]),
      HOUR,
    );
    assert.deepEqual(rows(mergeRollups([older, newer])), [
      [0, 2, 4, 1, 3, 3],
      [HOUR, 1, 8, 8, 8, 8],
    ]);
  });

  it('returns empty for no parts', () => assert.equal(mergeRollups([]).length, 0));

  it('rollup of a concatenation equals the merge of rollups of its pieces', () => {
    const steps = [5 * MIN, HOUR, DAY];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -3 * DAY, max: 3 * DAY }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 200, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 5 }),
        fc.constantFrom(...steps),
        (times, values, cuts, step) => {
          times.sort((x, y) => x - y);
          const all = samples(times.map((t, i) => [t, values[i] as number]));
          const bounds = [0, ...cuts.map((c) => Math.min(c, times.length)).sort((x, y) => x - y), times.length];
          const pieces: RollupSamples[] = [];
          for (let i = 1; i < bounds.length; i++) {
            const from = bounds[i - 1] as number;
            const to = bounds[i] as number;
            pieces.push(
              rollupSamples({ length: to - from, ts: all.ts.subarray(from, to), vs: all.vs.subarray(from, to) }, step),
            );
          }
          // Integer values keep sums exact, so the comparison can be strict.
          assert.deepEqual(rows(mergeRollups(pieces)), rows(rollupSamples(all, step)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
