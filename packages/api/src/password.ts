// Password hashing for web sign-in (docs/decisions/0010-web-sign-in.md). The stored string names
// its algorithm and parameters, so they can be raised later while old hashes keep verifying:
//   scrypt$<N>$<r>$<p>$<salt, base64url>$<derived key, base64url>
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { BadDataError } from '@saba/model';

/**
 * N = 2^16, r = 8, p = 1: 64 MiB and ~130 ms per hash on the 2-core test machine. Slow enough to
 * make each guess of a stolen hash cost that, cheap enough for a sign-in; scrypt runs on libuv's
 * 4 threads, so concurrent sign-ins hold at most 256 MiB.
 */
const PARAMS = { N: 1 << 16, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Above the default 32 MiB, which N = 2^16 needs; also caps what a stored hash may ask for. */
const MAX_MEMORY = 256 * 1024 * 1024;

/** The shortest password Saba accepts when one is set (sign-in checks whatever was stored). */
export const MIN_PASSWORD_LENGTH = 8;
/** The longest: every byte is hashed, and nobody types more. */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** BadDataError unless `password` may be set as a password (length only: long passphrases beat rules). */
export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new BadDataError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new BadDataError(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`);
}

/** The self-describing scrypt hash of `password` with a new random salt: what the catalog stores. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p, KEY_BYTES);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * Whether `password` matches `stored` (a hashPassword string, with whatever parameters it names).
 * False for a malformed hash; the comparison takes the same time wherever the keys differ.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_PATTERN.exec(stored);
  if (m === null || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(m[5] as string, 'base64url');
  if (expected.length === 0) return false;
  let actual: Buffer;
  try {
    actual = await derive(
      password,
      Buffer.from(m[4] as string, 'base64url'),
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      expected.length,
    );
  } catch {
    // Parameters scrypt refuses (N not a power of two, over the memory cap): not a hash of ours.
    return false;
  }
  return timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/**
 * A hash of no one's password, made once. Sign-in verifies against it when the email is unknown,
 * so an unknown email takes as long as a wrong password and timing tells nothing.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}
