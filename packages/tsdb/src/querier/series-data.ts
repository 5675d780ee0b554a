import type { RollupResolution, RollupSamples, Samples } from '@saba/storage';
import { ROLLUP_STEP_MS } from '@saba/storage';
import type { BlockReader } from '../block/index.ts';
import { mergeRollups, mergeSamples, rollupSamples } from '../rollup/index.ts';
import { lowerBound } from '../search.ts';
import { HEAD_PRIORITY, PERSISTING_PRIORITY, type ReadView } from './read-view.ts';

/** Raw samples of `ref` within [mint, maxt], merged over blocks, the persisting snapshot and the head. */
export function readSamples(
  view: ReadView,
  blocks: readonly BlockReader[],
  ref: number,
  mint: number,
  maxt: number,
): Samples {
  const parts: { s: Samples; priority: number }[] = [];
  for (const b of blocks) {
    if (b.meta.maxT <= mint || b.meta.minT > maxt) continue;
    const s = b.readRaw(ref, mint, maxt);
    if (s !== null && s.length > 0) parts.push({ s, priority: b.meta.seq });
  }
  const persisting = view.persisting?.get(ref);
  if (persisting !== undefined) {
    const s = slice(persisting, mint, maxt);
    if (s.length > 0) parts.push({ s, priority: PERSISTING_PRIORITY });
  }
  const head = view.head.get(ref);
  if (head !== undefined) {
    const s = head.read(mint, maxt);
    if (s.length > 0) parts.push({ s, priority: HEAD_PRIORITY });
  }
  if (parts.length === 1) return (parts[0] as { s: Samples }).s;
  return mergeSamples(parts);
}

/**
 * Rollup buckets of `ref` at `res` starting within [mint, maxt]. Blocks that overlap nothing
 * else give their stored rollups; the recent region where blocks overlap each other or the
 * head (late data, at most the out-of-order window) is rolled up from merged raw samples, so a
 * re-sent value is never counted twice.
 */
export function readRollup(
  view: ReadView,
  blocks: readonly BlockReader[],
  ref: number,
  res: RollupResolution,
  mint: number,
  maxt: number,
): RollupSamples {
  const step = ROLLUP_STEP_MS[res];
  const rawFrom = rawRegionStart(view, blocks);
  const parts: RollupSamples[] = [];
  for (const b of blocks) {
    if (b.meta.minT >= rawFrom || b.meta.maxT <= mint || b.meta.minT > maxt + step) continue;
    const r = blockRollup(b, ref, res, mint, maxt);
    if (r !== null && r.length > 0) parts.push(r);
  }
  if (rawFrom <= maxt + step - 1) {
    // Buckets starting in [mint, maxt] cover samples up to maxt + step - 1.
    const from = Math.max(rawFrom, mint);
    const raw = readSamples(
      view,
      blocks.filter((b) => b.meta.maxT > rawFrom),
      ref,
      from,
      maxt + step - 1,
    );
    if (raw.length > 0) parts.push(rollupSamples(raw, step));
  }
  const merged = parts.length === 1 ? (parts[0] as RollupSamples) : mergeRollups(parts);
  return sliceRollup(merged, mint, maxt);
}

/**
 * A block's rollup buckets starting within [mint, maxt]: stored ones, or, for a resolution the
 * block does not store (5 m while raw is kept as long, docs/decisions/0002), rolled up from raw.
 */
function blockRollup(
  b: BlockReader,
  ref: number,
  res: RollupResolution,
  mint: number,
  maxt: number,
): RollupSamples | null {
  if (b.meta.parts[res]) return b.readRollup(ref, res, mint, maxt);
  if (!b.meta.parts.raw) return null;
  const step = ROLLUP_STEP_MS[res];
  const raw = b.readRaw(ref, mint, maxt + step - 1);
  return raw === null || raw.length === 0 ? null : sliceRollup(rollupSamples(raw, step), mint, maxt);
}

/**
 * The start of the region read raw for rollups: the oldest of the head, the persisting samples
 * and any two blocks whose ranges overlap, moved back over any block that straddles it.
 * Blocks are sorted by minT and few (about 17 for 460 days), so the pairwise scan is cheap.
 */
function rawRegionStart(view: ReadView, blocks: readonly BlockReader[]): number {
  let from = view.head.minT();
  if (view.persisting !== null)
    for (const s of view.persisting.values()) if (s.length > 0) from = Math.min(from, s.ts[0] as number);
  for (let i = 0; i < blocks.length; i++) {
    const a = (blocks[i] as BlockReader).meta;
    for (let j = i + 1; j < blocks.length && (blocks[j] as BlockReader).meta.minT < a.maxT; j++) {
      from = Math.min(from, a.minT);
    }
  }
  let moved = true;
  while (moved) {
    moved = false;
    for (const b of blocks) {
      if (b.meta.minT < from && b.meta.maxT > from) {
        from = b.meta.minT;
        moved = true;
      }
    }
  }
  return from;
}

function slice(s: Samples, mint: number, maxt: number): Samples {
  const [from, to] = rangeOf(s.ts, s.length, mint, maxt);
  if (from === 0 && to === s.length) return s;
  return { length: to - from, ts: s.ts.subarray(from, to), vs: s.vs.subarray(from, to) };
}

function sliceRollup(r: RollupSamples, mint: number, maxt: number): RollupSamples {
  const [from, to] = rangeOf(r.ts, r.length, mint, maxt);
  if (from === 0 && to === r.length) return r;
  return {
    length: to - from,
    ts: r.ts.subarray(from, to),
    count: r.count.subarray(from, to),
    sum: r.sum.subarray(from, to),
    min: r.min.subarray(from, to),
    max: r.max.subarray(from, to),
    last: r.last.subarray(from, to),
  };
}

/** Index range [from, to) of the whole-millisecond timestamps within [mint, maxt]. */
function rangeOf(ts: Float64Array, length: number, mint: number, maxt: number): [number, number] {
  const from = lowerBound(ts, mint, 0, length);
  return [from, lowerBound(ts, Math.floor(maxt) + 1, from, length)];
}
