import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import fc from 'fast-check';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { chunkInfo, type DecodedChunk, decodeChunk, encodeChunk } from './chunk.ts';

/** Bit patterns of vs[0..n), as hex strings: compares NaN payloads and -0 exactly. */
function bits(vs: Float64Array, n: number): string[] {
  const u = new Uint32Array(vs.buffer, vs.byteOffset, n * 2);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(u[2 * i + 1]!.toString(16) + ':' + u[2 * i]!.toString(16));
  return out;
}

function fromBits(words: readonly (readonly [number, number])[]): Float64Array {
  const vs = new Float64Array(words.length);
  const u = new Uint32Array(vs.buffer);
  words.forEach(([hi, lo], i) => {
    u[2 * i] = lo;
    u[2 * i + 1] = hi;
  });
  return vs;
}

function roundTrip(ts: Float64Array, vs: Float64Array, n = ts.length): Uint8Array {
  const buf = encodeChunk(ts, vs, n);
  const d = decodeChunk(buf);
  assert.equal(d.length, n);
  assert.deepEqual(Array.from(d.ts.subarray(0, n)), Array.from(ts.subarray(0, n)));
  assert.deepEqual(bits(d.vs, n), bits(vs, n));
  assert.deepEqual(chunkInfo(buf), { count: n, minT: ts[0], maxT: ts[n - 1] });
  return buf;
}

function regular(n: number, start = 1_700_000_000_000, step = 60_000): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => start + i * step);
}

const STALE_NAN = fromBits([[0x7ff00000, 2]])[0]!;

test('edge cases round-trip bit-exactly', () => {
  const cases: { name: string; ts: Float64Array; vs: Float64Array }[] = [
    { name: 'one sample', ts: Float64Array.of(5), vs: Float64Array.of(1.5) },
    { name: 'one sample at t=0, -0', ts: Float64Array.of(0), vs: Float64Array.of(-0) },
    { name: 'two samples', ts: Float64Array.of(1000, 61_000), vs: Float64Array.of(3, 4) },
    { name: 'huge deltas', ts: Float64Array.of(0, 1, 2 ** 53 - 2, 2 ** 53 - 1), vs: Float64Array.of(1, 2, 3, 4) },
    { name: 'timestamps ±1 ms', ts: Float64Array.of(0, 999, 2001, 3000, 3999), vs: new Float64Array(5) },
    { name: '2^53-range integers', ts: regular(4), vs: Float64Array.of(2 ** 53 - 1, 2 ** 53 - 2, 2 ** 53, -(2 ** 53)) },
    { name: 'integers near 2^52', ts: regular(3), vs: Float64Array.of(2 ** 52 - 1, -(2 ** 52) + 1, 2 ** 52 - 1) },
    { name: '0.1 + 0.2', ts: regular(3), vs: Float64Array.of(0.1 + 0.2, 0.3, 0.1) },
    {
      name: 'tiny and subnormal',
      ts: regular(4),
      vs: Float64Array.of(1e-300, 5e-324, -5e-324, 2.2250738585072014e-308),
    },
    { name: 'infinities and -0', ts: regular(5), vs: Float64Array.of(Infinity, -Infinity, -0, 0, 1.25) },
    { name: 'stale markers', ts: regular(4), vs: Float64Array.of(12.34, STALE_NAN, 12.35, STALE_NAN) },
    { name: 'all stale', ts: regular(3), vs: Float64Array.of(STALE_NAN, STALE_NAN, STALE_NAN) },
    {
      name: 'NaN payloads',
      ts: regular(3),
      vs: fromBits([
        [0x7ff80000, 0],
        [0xfff00000, 1],
        [0x7fffffff, 0xffffffff],
      ]),
    },
    { name: 'sign flips', ts: regular(4), vs: Float64Array.of(1e300, -1e300, Math.PI, -Math.PI) },
    { name: 'decimals k=15', ts: regular(3), vs: Float64Array.of(1.234567890123456, 0.000000000000001, 2) },
    { name: 'k rises past 2^52 for an earlier value', ts: regular(2), vs: Float64Array.of(780289742801329, -0.1) },
    { name: 'first delta late', ts: Float64Array.of(0, 61_000, 120_000, 180_000, 240_000), vs: new Float64Array(5) },
    {
      name: 'mean predictor over NaN and Inf',
      ts: regular(20),
      vs: Float64Array.from({ length: 20 }, (_, i) =>
        i === 9 ? Number.NaN : i === 12 ? -Infinity : Math.E * (1 + i / 1e3),
      ),
    },
    { name: 'alternating decimals', ts: regular(6), vs: Float64Array.of(0, 99.99, 0, 99.99, 0, 99.99) },
  ];
  for (const c of cases) {
    try {
      roundTrip(c.ts, c.vs);
    } catch (e) {
      assert.fail(`${c.name}: ${e}`);
    }
  }
});

test('65,535 samples round-trip', () => {
  const n = 65_535;
  const vs = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 100) * 10_000) / 100);
  roundTrip(regular(n, 0, 1000), vs);
});

test('encodes only the first n samples', () => {
  const ts = regular(10);
  const vs = Float64Array.from({ length: 10 }, (_, i) => i);
  const buf = roundTrip(ts, vs, 4);
  assert.equal(chunkInfo(buf).maxT, ts[3]);
});

test('arbitrary bit patterns and increasing timestamps round-trip', () => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const value = fc.oneof(
    fc.tuple(u32, u32),
    fc.constantFrom<[number, number]>([0x7ff00000, 2], [0x80000000, 0], [0x7ff00000, 0], [0, 1]),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.array(fc.tuple(fc.oneof(fc.constant(60_000), fc.integer({ min: 1, max: 2 ** 32 })), value), {
        minLength: 1,
        maxLength: 300,
      }),
      (t0, samples) => {
        let t = t0;
        const ts = Float64Array.from(samples, ([d]) => (t += d));
        roundTrip(ts, fromBits(samples.map(([, v]) => v)));
      },
    ),
    { numRuns: 300 },
  );
});

test('arbitrary decimals, integers and runs round-trip', () => {
  const decimals = fc.tuple(
    fc.integer({ min: 0, max: 15 }),
    fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.maxSafeNat()), {
      minLength: 1,
      maxLength: 200,
    }),
  );
  fc.assert(
    fc.property(decimals, fc.boolean(), ([k, ms], runs) => {
      let m = 0;
      const vs = Float64Array.from(ms, (x, i) => {
        if (!runs || i % 17 === 0) m = x;
        return m / 10 ** k;
      });
      roundTrip(regular(vs.length, 0, 15_000), vs);
    }),
    { numRuns: 300 },
  );
});

test('arbitrary doubles round-trip', () => {
  fc.assert(
    fc.property(fc.float64Array({ minLength: 1, maxLength: 200 }), (vs) => {
      roundTrip(regular(vs.length), vs);
    }),
    { numRuns: 200 },
  );
});

test('the data mix round-trips at 32, 120 and 1,440 samples a chunk', () => {
  for (const s of mixSeries(40)) {
    const { ts, vs } = mixSamples(s, 1_700_000_000_000, 1440);
    for (const size of [32, 120, 1440]) {
      for (let off = 0; off < 1440; off += size) roundTrip(ts.subarray(off, off + size), vs.subarray(off, off + size));
    }
  }
});

test('decodeChunk reuses the arrays of out when they are big enough', () => {
  const out: DecodedChunk = { length: 0, ts: new Float64Array(8), vs: new Float64Array(8) };
  const { ts, vs } = out;
  assert.equal(decodeChunk(encodeChunk(regular(3), Float64Array.of(1, 2, 3), 3), out), out);
  assert.equal(out.ts, ts);
  assert.equal(out.vs, vs);
  assert.equal(out.length, 3);
  decodeChunk(encodeChunk(regular(20), new Float64Array(20), 20), out);
  assert.equal(out.length, 20);
  assert.ok(out.ts.length >= 20 && out.vs.length >= 20);
});

test('bad input is refused with BadDataError', () => {
  const bad: [string, () => unknown][] = [
    ['no samples', () => encodeChunk(new Float64Array(1), new Float64Array(1), 0)],
    ['n beyond the arrays', () => encodeChunk(regular(2), new Float64Array(2), 3)],
    ['equal timestamps', () => encodeChunk(Float64Array.of(5, 5), new Float64Array(2), 2)],
    ['decreasing timestamps', () => encodeChunk(Float64Array.of(5, 4), new Float64Array(2), 2)],
    ['fractional timestamp', () => encodeChunk(Float64Array.of(5, 5.5), new Float64Array(2), 2)],
    ['negative timestamp', () => encodeChunk(Float64Array.of(-1), new Float64Array(1), 1)],
    ['timestamp at 2^53', () => encodeChunk(Float64Array.of(0, 2 ** 53), new Float64Array(2), 2)],
    ['empty buffer', () => decodeChunk(new Uint8Array(0))],
    ['unknown format', () => decodeChunk(Uint8Array.of(9, 0, 1, 0, 0, 0))],
    ['truncated', () => decodeChunk(encodeChunk(regular(50), regular(50), 50).subarray(0, 12))],
  ];
  for (const [name, f] of bad) assert.throws(f, BadDataError, name);
});

test('corrupt chunks decode or throw BadDataError, never anything else', () => {
  const { ts, vs } = mixSamples(mixSeries(4)[3]!, 1_700_000_000_000, 120);
  const good = [
    encodeChunk(ts, vs, 120),
    encodeChunk(
      regular(50),
      Float64Array.from({ length: 50 }, (_, i) => i / 4),
      50,
    ),
  ];
  fc.assert(
    fc.property(
      fc.constantFrom(...good),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.nat(),
      (buf, edits, cut) => {
        const bad = buf.slice(0, buf.length - (cut % 4));
        for (const [at, b] of edits) bad[at % bad.length] = b;
        try {
          decodeChunk(bad);
        } catch (e) {
          assert.ok(e instanceof BadDataError, String(e));
        }
      },
    ),
    { numRuns: 500 },
  );
});
