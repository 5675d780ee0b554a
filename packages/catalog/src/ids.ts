import { createHash, randomBytes } from 'node:crypto';

/** Mackerel's id alphabet: base58, without 0, O, I and l. */
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** 58 × 4: bytes at or above it are dropped so every character is equally likely. */
const UNBIASED_LIMIT = 232;

/** A new random id of 11 base58 characters (~64 bits), the shape of Mackerel's host and monitor ids. */
export function newId(): string {
  let id = '';
  while (id.length < 11) {
    for (const byte of randomBytes(16)) {
      if (byte < UNBIASED_LIMIT && id.length < 11) id += BASE58[byte % 58];
    }
  }
  return id;
}

/** 58^7 ms is about 70 years: the time prefix of ordered ids outlasts the data. */
const TIME_CHARS = 7;
let lastMs = 0;

/**
 * A new id of 11 base58 characters that sorts after every id made before it in this process:
 * 7 characters of milliseconds since the epoch (one more than the last when the clock has not
 * moved), then 4 random ones. Alerts and their logs list newest first by id within a second, so
 * their order must be the order they were made, not the luck of a random id.
 */
export function newOrderedId(nowMs: number = Date.now()): string {
  lastMs = Math.max(nowMs, lastMs + 1);
  let n = lastMs;
  let prefix = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    prefix = BASE58[n % 58] + prefix;
    n = Math.floor(n / 58);
  }
  return prefix + newId().slice(0, 11 - TIME_CHARS);
}

/** A new API key: 44 base64url characters (33 random bytes, so no padding), like Mackerel's keys. */
export function newApiKey(): string {
  return randomBytes(33).toString('base64url');
}

/** The SHA-256 hex of a key's text: what the catalog stores instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
