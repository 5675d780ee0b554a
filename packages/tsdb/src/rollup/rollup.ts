import type { RollupSamples, Samples } from '@saba/storage';
import { allocRollupChunk } from '../chunkenc/index.ts';

/** The start of the bucket of width `stepMs` holding `t` (buckets align to epoch multiples). */
export function bucketStart(t: number, stepMs: number): number {
  return Math.floor(t / stepMs) * stepMs;
}

/** An empty rollup. */
export const EMPTY_ROLLUP: RollupSamples = allocRollupChunk(0);

/** Aggregates sorted raw samples into buckets of `stepMs` (aligned to epoch multiples). */
export function rollupSamples(s: Samples, stepMs: number): RollupSamples {
  const n = s.length;
  const ts = s.ts;
  const vs = s.vs;
  // Two passes: counting buckets first sizes the arrays exactly (a 28-day block at 5 min has
  // 8,064 buckets per series; growing arrays would copy them ~13 times).
  let buckets = 0;
  let prev = Number.NaN;
  for (let i = 0; i < n; i++) {
    const b = bucketStart(ts[i] as number, stepMs);
    if (b !== prev) {
      buckets++;
      prev = b;
    }
  }
  const r = allocRollupChunk(buckets);
  let j = -1;
  prev = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = vs[i] as number;
    const b = bucketStart(ts[i] as number, stepMs);
    if (b !== prev) {
      j++;
      prev = b;
      r.ts[j] = b;
      r.count[j] = 1;
      r.sum[j] = v;
      r.min[j] = v;
      r.max[j] = v;
      r.last[j] = v;
      continue;
    }
    r.count[j] = (r.count[j] as number) + 1;
    r.sum[j] = (r.sum[j] as number) + v;
    if (v < (r.min[j] as number)) r.min[j] = v;
    if (v > (r.max[j] as number)) r.max[j] = v;
    r.last[j] = v;
  }
  return r;
}

/**
 * Merges rollup parts from non-overlapping sources, ordered oldest to newest, into one sorted
 * sequence, combining buckets that appear in several (count+, sum+, min, max, last of the newest).
 */
export function mergeRollups(parts: readonly RollupSamples[]): RollupSamples {
  const live = parts.filter((p) => p.length > 0);
  if (live.length === 0) return EMPTY_ROLLUP;
  if (live.length === 1) return live[0] as RollupSamples;
  // Sources that do not overlap in time give bucket starts that never decrease when the parts
  // are concatenated in order: equal starts (a bucket split across two blocks) sit side by side.
  // Anything else is sorted by (start, part) first, which keeps "last of the newest" right.
  let total = 0;
  let sorted = true;
  let prevT = Number.NEGATIVE_INFINITY;
  for (const p of live) {
    total += p.length;
    if ((p.ts[0] as number) < prevT) sorted = false;
    for (let i = 1; i < p.length && sorted; i++) if ((p.ts[i] as number) < (p.ts[i - 1] as number)) sorted = false;
    prevT = p.ts[p.length - 1] as number;
  }
  const order = sorted ? null : sortedOrder(live, total);
  const out = allocRollupChunk(total);
  let j = -1;
  let k = 0;
  for (let pi = 0; pi < live.length; pi++) {
    const p = live[pi] as RollupSamples;
    for (let i = 0; i < p.length; i++, k++) {
      let src = p;
      let si = i;
      if (order !== null) {
        const code = order[k] as number;
        src = live[Math.floor(code / 2 ** 26)] as RollupSamples;
        si = code % 2 ** 26;
      }
      const t = src.ts[si] as number;
      if (j >= 0 && out.ts[j] === t) {
        out.count[j] = (out.count[j] as number) + (src.count[si] as number);
        out.sum[j] = (out.sum[j] as number) + (src.sum[si] as number);
        if ((src.min[si] as number) < (out.min[j] as number)) out.min[j] = src.min[si] as number;
        if ((src.max[si] as number) > (out.max[j] as number)) out.max[j] = src.max[si] as number;
        out.last[j] = src.last[si] as number;
        continue;
      }
      j++;
      out.ts[j] = t;
      out.count[j] = src.count[si] as number;
      out.sum[j] = src.sum[si] as number;
      out.min[j] = src.min[si] as number;
      out.max[j] = src.max[si] as number;
      out.last[j] = src.last[si] as number;
    }
  }
  return { ...out, length: j + 1 };
}

// Codes (part index · 2^26 + bucket index), sorted by bucket start then part: a stable order
// in which the newest part's bucket comes last. 2^26 buckets a part is 600 years at 5 min.
function sortedOrder(parts: readonly RollupSamples[], total: number): Float64Array {
  const codes = new Float64Array(total);
  let k = 0;
  for (let pi = 0; pi < parts.length; pi++) {
    const p = parts[pi] as RollupSamples;
    for (let i = 0; i < p.length; i++) codes[k++] = pi * 2 ** 26 + i;
  }
  const tsOf = (c: number): number => (parts[Math.floor(c / 2 ** 26)] as RollupSamples).ts[c % 2 ** 26] as number;
  return codes.sort((a, b) => tsOf(a) - tsOf(b) || a - b);
}
