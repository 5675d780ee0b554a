import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { postOffsetSeconds, sha1 } from './post-offset.ts';

test('sha1 matches node:crypto on lengths around the 64-byte block edges', () => {
  for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
    const data = Buffer.alloc(n, n % 251);
    assert.equal(Buffer.from(sha1(data)).toString('hex'), createHash('sha1').update(data).digest('hex'), `length ${n}`);
  }
});

test('the post offset is the last digest byte mod 60', () => {
  for (const id of ['2cSZzK3XfmG', 'abc', '']) {
    const last = createHash('sha1').update(id).digest()[19] as number;
    assert.equal(postOffsetSeconds(id), last % 60);
  }
});
