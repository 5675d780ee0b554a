import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesRef } from '@saba/model';
import { RefCache } from './ref-cache.ts';

test('refs are kept per owner and counted once per name', () => {
  const c = new RefCache(100);
  const a = c.refsOf('a');
  c.set(a, 'x', seriesRef(1));
  c.set(a, 'x', seriesRef(2));
  c.set(c.refsOf('b'), 'x', seriesRef(3));
  assert.equal(c.size, 2);
  assert.equal(c.refsOf('a').get('x'), 2);
  assert.equal(c.refsOf('b').get('x'), 3);
  c.forget('a');
  c.forget('missing');
  assert.equal(c.size, 1);
  assert.equal(c.refsOf('a').size, 0);
});

test('past its bound the cache drops the least recently used owners down to 90 %', () => {
  const c = new RefCache(10);
  for (const owner of ['a', 'b', 'c', 'd']) {
    const refs = c.refsOf(owner);
    for (let i = 0; i < 3; i++) c.set(refs, `m${i}`, seriesRef(i));
  }
  c.refsOf('a'); // a is now the most recently used; b is the oldest
  assert.equal(c.size, 12);
  c.trim();
  // 12 > 10: drop b (9 left, <= 9 = 90 % of 10), keep c, d and a.
  assert.equal(c.size, 9);
  assert.equal(c.refsOf('b').size, 0);
  for (const owner of ['a', 'c', 'd']) assert.equal(c.refsOf(owner).size, 3, owner);
});

test('trim does nothing within the bound', () => {
  const c = new RefCache(3);
  const refs = c.refsOf('a');
  for (let i = 0; i < 3; i++) c.set(refs, `m${i}`, seriesRef(i));
  c.trim();
  assert.equal(c.size, 3);
});
