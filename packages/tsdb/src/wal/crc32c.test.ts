import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { crc32c, crc32cUpdate } from './crc32c.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

// Bit-at-a-time reference, the definition the tables are derived from.
function slowCrc32c(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

test('crc32c known vectors', () => {
  const cases: [string, Uint8Array, number][] = [
    ['empty', new Uint8Array(0), 0],
    ['123456789', ascii('123456789'), 0xe3069283],
    ['a', ascii('a'), 0xc1d04330],
    // RFC 3720 (iSCSI) appendix B.4 vectors.
    ['32 zeros', new Uint8Array(32), 0x8a9136aa],
    ['32 x 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['0..31', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    ['31..0', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
    ['4 zeros (an all-zero record header)', new Uint8Array(4), 0x48674bc7],
  ];
  for (const [name, bytes, want] of cases) assert.equal(crc32c(bytes), want, name);
});

test('crc32c matches the bit-at-a-time definition on any range', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (b, x, y) => {
      const start = b.length === 0 ? 0 : x % (b.length + 1);
      const end = start + (b.length === 0 ? 0 : y % (b.length - start + 1));
      assert.equal(crc32c(b, start, end), slowCrc32c(b.subarray(start, end)));
    }),
  );
});

test('crc32cUpdate continues a checksum', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
      const ab = new Uint8Array(a.length + b.length);
      ab.set(a);
      ab.set(b, a.length);
      assert.equal(crc32cUpdate(crc32c(a), b), crc32c(ab));
    }),
  );
});

test('crc32c rejects a range outside the bytes', () => {
  assert.throws(() => crc32c(new Uint8Array(4), 2, 5), RangeError);
  assert.throws(() => crc32c(new Uint8Array(4), 3, 2), RangeError);
});
