import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import fc from 'fast-check';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { decodeChunk, encodeChunk } from './chunk.ts';
import { type DecodedRollupChunk, decodeRollupChunk, encodeRollupChunk, rollupChunkInfo } from './rollup.ts';

const COLUMNS = ['ts', 'count', 'sum', 'min', 'max', 'last'] as const;

/** Rolls samples up into buckets of `step` ms, as the rollup stage does. */
function rollUp(ts: Float64Array, vs: Float64Array, step: number): DecodedRollupChunk {
  const out: DecodedRollupChunk = {
    length: 0,
    ts: new Float64Array(ts.length),
    count: new Float64Array(ts.length),
    sum: new Float64Array(ts.length),
    min: new Float64Array(ts.length),
    max: new Float64Array(ts.length),
    last: new Float64Array(ts.length),
  };
  let j = -1;
  for (let i = 0; i < ts.length; i++) {
    const b = Math.floor(ts[i]! / step) * step;
    const v = vs[i]!;
    if (j < 0 || out.ts[j] !== b) {
      j++;
      out.ts[j] = b;
      out.count[j] = 1;
      out.sum[j] = v;
      out.min[j] = v;
      out.max[j] = v;
    } else {
      out.count[j]!++;
      out.sum[j]! += v;
      out.min[j] = Math.min(out.min[j]!, v);
      out.max[j] = Math.max(out.max[j]!, v);
    }
    out.last[j] = v;
  }
  out.length = j + 1;
  return out;
}

function assertRoundTrip(c: DecodedRollupChunk): void {
  const buf = encodeRollupChunk(c);
  const d = decodeRollupChunk(buf);
  assert.equal(d.length, c.length);
  for (const k of COLUMNS) {
    const want = new Float64Array(c[k].subarray(0, c.length));
    assert.deepEqual(new Uint32Array(d[k].buffer, d[k].byteOffset, c.length * 2), new Uint32Array(want.buffer), k);
  }
  assert.deepEqual(rollupChunkInfo(buf), { count: c.length, minT: c.ts[0], maxT: c.ts[c.length - 1] });
}

test('rollups of the data mix round-trip at 5 minutes and 1 hour', () => {
  for (const s of mixSeries(24)) {
    const { ts, vs } = mixSamples(s, 1_700_000_000_000, 2880);
    for (const step of [300_000, 3_600_000]) assertRoundTrip(rollUp(ts, vs, step));
  }
});

test('one bucket, and buckets with gaps, round-trip', () => {
  assertRoundTrip(rollUp(Float64Array.of(60_000), Float64Array.of(-0), 300_000));
  const ts = Float64Array.from([0, 1, 2, 50, 51, 400], (m) => m * 60_000);
  assertRoundTrip(rollUp(ts, Float64Array.of(1.5, Number.NaN, Infinity, 2, 3, 4), 300_000));
});

test('arbitrary rollup columns round-trip', () => {
  const column = (n: number) => fc.float64Array({ minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 60 })
        .chain((n) => fc.tuple(fc.constant(n), column(n), column(n), column(n), column(n))),
      ([n, sum, min, max, last]) => {
        const ts = Float64Array.from({ length: n }, (_, i) => 1_700_000_100_000 + i * 300_000);
        const count = Float64Array.from({ length: n }, (_, i) => 1 + (i % 5));
        assertRoundTrip({ length: n, ts, count, sum, min, max, last });
      },
    ),
    { numRuns: 100 },
  );
});

test('raw and rollup chunks are not mistaken for each other', () => {
  const raw = encodeChunk(Float64Array.of(1, 2), Float64Array.of(3, 4), 2);
  const rollup = encodeRollupChunk(rollUp(Float64Array.of(1, 2), Float64Array.of(3, 4), 300_000));
  assert.throws(() => decodeRollupChunk(raw), BadDataError);
  assert.throws(() => rollupChunkInfo(raw), BadDataError);
  assert.throws(() => decodeChunk(rollup), BadDataError);
  const empty = { ...rollUp(Float64Array.of(1), Float64Array.of(1), 1000), length: 0 };
  assert.throws(() => encodeRollupChunk(empty), BadDataError);
});
