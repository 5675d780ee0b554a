import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { clearedSessionCookie, readCookie, sessionCookie } from './http/cookie.ts';
import { csrfMatches, hashSessionToken, newCsrfToken, newSessionToken } from './session-token.ts';

test('session and CSRF tokens are 32 random bytes in base64url, never repeated', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    for (const t of [newSessionToken(), newCsrfToken()]) {
      assert.match(t, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
      assert.ok(!seen.has(t));
      seen.add(t);
    }
  }
});

test('what is stored of a session token is its SHA-256 hex', () => {
  const token = newSessionToken();
  const stored = hashSessionToken(token);
  assert.equal(stored, createHash('sha256').update(token).digest('hex'));
  assert.match(stored, /^[0-9a-f]{64}$/);
  assert.ok(!stored.includes(token));
  assert.notEqual(hashSessionToken(newSessionToken()), stored);
});

test('csrfMatches: only the exact token', () => {
  const token = newCsrfToken();
  const cases: Array<[string, string | undefined, boolean]> = [
    [token, token, true],
    [token, undefined, false],
    [token, '', false],
    [token, token.slice(0, -1), false],
    [token, `${token}x`, false],
    [token, token.toUpperCase(), token === token.toUpperCase()],
    [token, newCsrfToken(), false],
    ['', '', false],
  ];
  for (const [expected, given, want] of cases) assert.equal(csrfMatches(expected, given), want, `${given}`);
});

test('readCookie finds the named cookie among others', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['saba_session=abc', 'abc'],
    ['theme=dark; saba_session=abc-_1; lang=ja', 'abc-_1'],
    ['theme=dark;saba_session=abc', 'abc'],
    ['saba_session="quoted"', 'quoted'],
    ['saba_session=', undefined],
    ['saba_sessionx=abc; xsaba_session=def', undefined],
    ['saba_session', undefined],
    ['a=b=c; saba_session=x=y', 'x=y'],
  ];
  for (const [header, want] of cases) assert.equal(readCookie(header, 'saba_session'), want, `${header}`);
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/ with a Max-Age; Secure only when asked', () => {
  assert.equal(
    sessionCookie('tok', 1_209_600, false),
    'saba_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=1209600',
  );
  assert.equal(
    sessionCookie('tok', 60, true),
    'saba_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure',
  );
  assert.equal(clearedSessionCookie(false), 'saba_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
});
