import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Postings } from './postings.ts';

function postingsOf(refs: number[]): Postings {
  const p = new Postings();
  for (const r of refs) p.add(r);
  return p;
}

describe('Postings', () => {
  it('appends increasing refs without a compaction', () => {
    const p = postingsOf([1, 2, 3, 10, 11, 100]);
    assert.equal(p.dirty, false);
    assert.deepEqual([...p.view()], [1, 2, 3, 10, 11, 100]);
  });

  it('holds a single ref inline and grows from it', () => {
    const p = postingsOf([42]);
    assert.deepEqual([...p.view()], [42]);
    p.add(43);
    assert.deepEqual([...p.view()], [42, 43]);
  });

  it('sorts out-of-order adds at compaction', () => {
    const p = postingsOf([5, 3, 9, 1]);
    assert.equal(p.dirty, true);
    p.compact(() => true);
    assert.deepEqual([...p.view()], [1, 3, 5, 9]);
  });

  it('drops dead refs and duplicates at compaction', () => {
    const p = postingsOf([1, 2, 3, 4, 2]);
    p.compact((r) => r !== 3);
    assert.deepEqual([...p.view()], [1, 2, 4]);
  });

  it('compacts by itself once half the refs are dead', () => {
    const p = postingsOf([1, 2, 3, 4]);
    const dead = new Set([1, 2]);
    p.markDead((r) => !dead.has(r));
    assert.equal(p.dirty, true);
    p.markDead((r) => !dead.has(r));
    assert.equal(p.dirty, false);
    assert.deepEqual([...p.view()], [3, 4]);
  });

  it('keeps working after shrinking to one and to none', () => {
    const p = postingsOf([1, 2, 3]);
    p.compact((r) => r === 2);
    assert.deepEqual([...p.view()], [2]);
    p.compact(() => false);
    assert.deepEqual([...p.view()], []);
    p.add(7);
    p.add(8);
    assert.deepEqual([...p.view()], [7, 8]);
  });

  it('copies its refs into a larger array', () => {
    const out = new Uint32Array(5);
    postingsOf([4]).copyTo(out, 0);
    postingsOf([1, 2, 3]).copyTo(out, 1);
    assert.deepEqual([...out], [4, 1, 2, 3, 0]);
  });
});
