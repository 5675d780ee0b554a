import type { RollupSamples, Samples } from '@saba/storage';
import { allocRollupChunk } from '../chunkenc/index.ts';
import { lowerBound } from '../search.ts';

/** The first index in [lo, hi) whose timestamp is > x (timestamps are whole milliseconds). */
function upperBound(a: Float64Array, x: number, lo: number, hi: number): number {
  return lowerBound(a, Math.floor(x) + 1, lo, hi);
}

/** Concatenates decoded chunks (in time order), keeping the samples within [mint, maxt]. */
export function concatSamples(chunks: readonly Samples[], mint: number, maxt: number): Samples {
  if (chunks.length === 1) {
    const c = chunks[0] as Samples;
    const a = lowerBound(c.ts, mint, 0, c.length);
    const b = upperBound(c.ts, maxt, a, c.length);
    return { length: b - a, ts: c.ts.subarray(a, b), vs: c.vs.subarray(a, b) };
  }
  let n = 0;
  for (const c of chunks) n += c.length;
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  let o = 0;
  for (const c of chunks) {
    const a = lowerBound(c.ts, mint, 0, c.length);
    const b = upperBound(c.ts, maxt, a, c.length);
    ts.set(c.ts.subarray(a, b), o);
    vs.set(c.vs.subarray(a, b), o);
    o += b - a;
  }
  return { length: o, ts, vs };
}

/** Concatenates decoded rollup chunks (in time order), keeping buckets starting within [mint, maxt]. */
export function concatRollups(chunks: readonly RollupSamples[], mint: number, maxt: number): RollupSamples {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = allocRollupChunk(n);
  let o = 0;
  for (const c of chunks) {
    const a = lowerBound(c.ts, mint, 0, c.length);
    const b = upperBound(c.ts, maxt, a, c.length);
    out.ts.set(c.ts.subarray(a, b), o);
    out.count.set(c.count.subarray(a, b), o);
    out.sum.set(c.sum.subarray(a, b), o);
    out.min.set(c.min.subarray(a, b), o);
    out.max.set(c.max.subarray(a, b), o);
    out.last.set(c.last.subarray(a, b), o);
    o += b - a;
  }
  out.length = o;
  return out;
}
