import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Postings, unionDisjoint } from './postings.ts';
import { intersect, sortDisjoint, subtract } from './set-ops.ts';

const refSet = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 300 })
  .map((a) => Uint32Array.from(a.sort((x, y) => x - y)));

describe('set operations agree with plain sets', () => {
  it('intersect and subtract', () => {
    fc.assert(
      fc.property(refSet, refSet, (a, b) => {
        const inB = new Set(b);
        assert.deepEqual(
          [...intersect(a, b)],
          [...a].filter((x) => inB.has(x)),
        );
        assert.deepEqual(
          [...subtract(a, b)],
          [...a].filter((x) => !inB.has(x)),
        );
      }),
    );
  });

  it('gallops correctly when one side is far longer', () => {
    const big = Uint32Array.from({ length: 100_000 }, (_, i) => i * 3 + 1);
    const small = Uint32Array.of(1, 2, 4, 150_001, 299_998, 400_000);
    assert.deepEqual([...intersect(small, big)], [1, 4, 150_001, 299_998]);
    assert.deepEqual([...intersect(big, small)], [1, 4, 150_001, 299_998]);
    assert.deepEqual([...subtract(small, big)], [2, 400_000]);
  });

  it('sortDisjoint sorts sparse and dense inputs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 2 }), { maxLength: 200 }), (a) => {
        assert.deepEqual(
          [...sortDisjoint(Uint32Array.from(a))],
          [...a].sort((x, y) => x - y),
        );
      }),
    );
    const dense = Uint32Array.from({ length: 10_000 }, (_, i) => 50_000 - i * 2);
    assert.deepEqual(
      [...sortDisjoint(dense.slice())],
      [...dense].sort((x, y) => x - y),
    );
  });

  it('unionDisjoint merges the postings of several values', () => {
    const lists = [[5, 9], [1, 2, 30], [7], [3, 4, 6, 8]].map((refs) => {
      const p = new Postings();
      for (const r of refs) p.add(r);
      return p;
    });
    assert.deepEqual([...unionDisjoint(lists)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 30]);
    assert.deepEqual([...unionDisjoint([])], []);
  });
});
