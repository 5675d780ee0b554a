import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Matches a ULID: 26 Crockford base-32 characters. */
export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new ULID: 48 bits of creation time in ms then 80 random bits, so block ids sort by creation. */
export function newUlid(now = Date.now()): string {
  let out = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  const r = randomBytes(10);
  // 80 random bits as 16 characters of 5 bits, taken from a 10-byte bit stream.
  let acc = 0;
  let bits = 0;
  for (const byte of r) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
