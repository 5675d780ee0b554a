// The secrets of a browser session (docs/decisions/0010-web-sign-in.md): the cookie's token, of
// which the catalog keeps only the SHA-256, and the CSRF token that requests echo in a header.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: 256 bits, beyond guessing even at a billion tries a second. */
const TOKEN_BYTES = 32;

/** A new session token for the cookie: 43 base64url characters. */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A new CSRF token, as long and as random as the session token. */
export function newCsrfToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The SHA-256 hex of a session token: what the catalog stores, so a leaked table signs no one in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether the header's value is the session's CSRF token, compared in time independent of where they differ. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  // Hashing first makes the lengths equal, as timingSafeEqual needs, without leaking the length.
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
