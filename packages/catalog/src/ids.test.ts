import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashApiKey, newApiKey, newId, newOrderedId } from './ids.ts';

test('newId gives 11 base58 characters, every one of the 58 in use, without repeats', () => {
  const ids = Array.from({ length: 2_000 }, newId);
  for (const id of ids) assert.match(id, /^[1-9A-HJ-NP-Za-km-z]{11}$/);
  assert.equal(new Set(ids).size, ids.length);
  // 22,000 draws from 58 characters: each is expected ~379 times; none may be missing.
  assert.equal(new Set(ids.join('')).size, 58);
});

test('newApiKey gives 44 base64url characters, different every time', () => {
  const keys = Array.from({ length: 100 }, newApiKey);
  for (const k of keys) assert.match(k, /^[A-Za-z0-9_-]{44}$/);
  assert.equal(new Set(keys).size, keys.length);
});

test('hashApiKey is the SHA-256 hex of the key text', () => {
  assert.equal(hashApiKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hashApiKey(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('ordered ids sort in the order they were made, even within one millisecond, and look like the others', () => {
  const ids = [newOrderedId(1_700_000_000_000), newOrderedId(1_700_000_000_000), newOrderedId(1_600_000_000_000)];
  for (let i = 0; i < 1000; i++) ids.push(newOrderedId());
  for (const id of ids) assert.match(id, /^[1-9A-HJ-NP-Za-km-z]{11}$/);
  const sorted = [...ids].sort();
  assert.deepEqual(sorted, ids, 'byte order is creation order');
});
