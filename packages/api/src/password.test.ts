import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import { checkNewPassword, decoyHash, hashPassword, verifyPassword } from './password.ts';

test('a hash names scrypt and its parameters, has a 16-byte salt, and verifies only its password', async () => {
  const stored = await hashPassword('correct horse battery staple');
  const parts = stored.split('$');
  assert.deepEqual(parts.slice(0, 4), ['scrypt', '65536', '8', '1']);
  assert.equal(Buffer.from(parts[4] as string, 'base64url').length, 16, 'salt');
  assert.equal(Buffer.from(parts[5] as string, 'base64url').length, 32, 'derived key');
  assert.ok(!stored.includes('correct horse'), 'no clear text in the hash');
  assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  assert.equal(await verifyPassword('correct horse battery stapl', stored), false);
  assert.equal(await verifyPassword('Correct horse battery staple', stored), false);
  assert.equal(await verifyPassword('', stored), false);
});

test('the same password hashes differently each time (a random salt), and each hash verifies', async () => {
  const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('same password', a), true);
  assert.equal(await verifyPassword('same password', b), true);
});

test('a hash made with other parameters still verifies: they are read from the stored string', async () => {
  // What an older or newer Saba might have stored: N = 2^14, r = 8, p = 2, a 64-byte key.
  const salt = randomBytes(16);
  const key = scryptSync('older hash', salt, 64, { N: 1 << 14, r: 8, p: 2 });
  const stored = `scrypt$16384$8$2$${salt.toString('base64url')}$${key.toString('base64url')}`;
  assert.equal(await verifyPassword('older hash', stored), true);
  assert.equal(await verifyPassword('other', stored), false);
});

test('a password typed in another Unicode normalization form verifies (NFC on both sides)', async () => {
  const composed = 'caf\u00e9-password';
  const decomposed = 'cafe\u0301-password';
  assert.notEqual(composed, decomposed);
  assert.equal(await verifyPassword(decomposed, await hashPassword(composed)), true);
});

test('a malformed or unacceptable stored hash verifies nothing', async () => {
  const cases = [
    '',
    'plain-text-password',
    'bcrypt$10$abc$def',
    'scrypt$65536$8$1$c2FsdA',
    'scrypt$65536$8$1$c2FsdA$',
    // N not a power of two, and N far over the memory cap: scrypt refuses both.
    'scrypt$1000$8$1$c2FsdA$a2V5',
    'scrypt$1073741824$8$1$c2FsdA$a2V5',
  ];
  for (const stored of cases) assert.equal(await verifyPassword('anything', stored), false, stored);
});

test('the decoy hash is made once and matches no guess', async () => {
  const d = await decoyHash();
  assert.equal(await decoyHash(), d);
  assert.match(d, /^scrypt\$65536\$8\$1\$/);
  assert.equal(await verifyPassword('', d), false);
  assert.equal(await verifyPassword('password', d), false);
});

test('a new password needs 8 to 1024 characters', () => {
  const cases: Array<[string, boolean]> = [
    ['', false],
    ['1234567', false],
    ['12345678', true],
    ['a long passphrase with spaces', true],
    ['x'.repeat(1024), true],
    ['x'.repeat(1025), false],
  ];
  for (const [password, ok] of cases) {
    if (ok) assert.doesNotThrow(() => checkNewPassword(password), `${password.length} characters`);
    else assert.throws(() => checkNewPassword(password), BadDataError, `${password.length} characters`);
  }
});
