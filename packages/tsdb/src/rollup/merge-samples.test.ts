import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Samples } from '@saba/storage';
import fc from 'fast-check';
import { mergeSamples } from './merge-samples.ts';

function samples(pairs: readonly (readonly [number, number])[]): Samples {
  return {
    length: pairs.length,
    ts: Float64Array.from(pairs.map((p) => p[0])),
    vs: Float64Array.from(pairs.map((p) => p[1])),
  };
}

function pairs(s: Samples): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < s.length; i++) out.push([s.ts[i] as number, s.vs[i] as number]);
  return out;
}

describe('mergeSamples', () => {
  const cases: { name: string; parts: { p: [number, number][]; priority: number }[]; want: [number, number][] }[] = [
    { name: 'no parts', parts: [], want: [] },
    {
      name: 'disjoint parts concatenate whatever their order',
      parts: [
        { p: [[5, 50]], priority: 1 },
        {
          p: [
            [1, 10],
            [2, 20],
          ],
          priority: 2,
        },
      ],
      want: [
        [1, 10],
        [2, 20],
        [5, 50],
      ],
    },
    {
      name: 'higher priority wins an equal timestamp',
      parts: [
        {
          p: [
            [1, 2],
            [2, 3],
            [3, 4],
          ],
          priority: 9,
        },
        {
          p: [
            [2, -1],
            [4, -2],
          ],
          priority: 1,
        },
        { p: [[3, 100]], priority: 10 },
      ],
      want: [
        [1, 2],
        [2, 3],
        [3, 100],
        [4, -2],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = mergeSamples(c.parts.map((x) => ({ s: samples(x.p), priority: x.priority })));
      assert.deepEqual(pairs(got), c.want);
    });
  }

  it('equals a brute-force last-write-wins map', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }), { maxLength: 6 }),
        (partTimes) => {
          const parts = partTimes.map((times, pi) => ({
            s: samples([...times].sort((a, b) => a - b).map((t) => [t, pi * 1000 + t] as [number, number])),
            priority: pi,
          }));
          const want = new Map<number, number>();
          for (const p of parts) for (const [t, v] of pairs(p.s)) want.set(t, v);
          const got = pairs(mergeSamples([...parts].reverse()));
          assert.deepEqual(
            got,
            [...want.entries()].sort((a, b) => a[0] - b[0]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
