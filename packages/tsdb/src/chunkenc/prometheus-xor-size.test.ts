import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prometheusChunkFraming, prometheusXorChunkBytes } from './prometheus-xor-size.ts';

test('Prometheus XOR chunk sizes worked out by hand', () => {
  const t0 = 1_700_000_000_000;
  // t0 varint: zigzag 3.4e12 needs 42 bits, 6 bytes; delta 60,000: 3 bytes; v0: 64 bits.
  const cases: { name: string; ts: number[]; vs: number[]; want: number }[] = [
    { name: 'one sample', ts: [t0], vs: [1], want: 2 + 6 + 8 },
    // + 3-byte delta, then 3 after 2: XOR 0x0008000000000000 has 12 leading, 51 trailing zeros:
    // '11' + 5 + 6 + 1 meaningful bit = 14 bits -> 48 + 64 + 24 + 14 = 150 bits = 19 bytes.
    { name: 'two samples', ts: [t0, t0 + 60_000], vs: [2, 3], want: 2 + 19 },
    // 10 regular samples of one value: 48 + 64 + 24 + 9 zero XOR bits + 8 zero dod bits = 153 bits.
    {
      name: 'constant',
      ts: Array.from({ length: 10 }, (_, i) => t0 + i * 60_000),
      vs: Array(10).fill(5),
      want: 2 + 20,
    },
    // A second late: dods +1000, -2000, +1000, 16 bits each instead of 1: 153 + 45 bits.
    {
      name: 'jitter',
      ts: Array.from({ length: 10 }, (_, i) => t0 + i * 60_000 + (i === 5 ? 1000 : 0)),
      vs: Array(10).fill(5),
      want: 2 + 25,
    },
  ];
  for (const c of cases) {
    const got = prometheusXorChunkBytes(Float64Array.from(c.ts), Float64Array.from(c.vs), c.ts.length);
    assert.equal(got, c.want, c.name);
  }
  assert.equal(prometheusChunkFraming(200), 7);
  assert.equal(prometheusChunkFraming(100), 6);
});
