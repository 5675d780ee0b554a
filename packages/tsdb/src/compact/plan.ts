import type { BlockMeta } from '../block/index.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The aligned range of each compaction level: 0 = 2 h (cut from the head), 1 = 1 day, 2 = 7 days, 3 = 28 days. */
export const LEVEL_RANGE_MS: readonly number[] = [2 * HOUR, DAY, 7 * DAY, 28 * DAY];

// A 7- or 28-day window holding more blocks than this is left to the smaller levels first, so a
// compaction never opens hundreds of inputs (28 days of 2 h blocks would be 336). In steady state
// a 28-day window holds 3 weekly + 6 daily + 12 two-hour blocks = 21, well under it.
const MAX_GROUP_BLOCKS = 40;

/** One compaction: the blocks inside the aligned window [minT, maxT) of `level`, to merge into one block. */
export interface CompactionPlan {
  level: number;
  minT: number;
  maxT: number;
  blocks: BlockMeta[];
}

/**
 * Chooses the next group to compact, or null: the blocks lying inside one aligned window of a
 * level, once the whole window is older than `safeBefore`. Larger windows go first so history is
 * rewritten as few times as possible; among equals the oldest. A group needs two blocks or more
 * (a lone block is already as compact as it gets). Blocks that store no raw part are never
 * compacted; a block lacking only rollup parts is (see below).
 */
export function planCompaction(metas: readonly BlockMeta[], opts: { safeBefore: number }): CompactionPlan | null {
  // Raw is the one part every other can be made from: compactBlocks recomputes a rollup an
  // input lacks (never written, or dropped) from that input's raw samples, so such blocks merge
  // exactly. A block without raw (dropped by retention, past 460 d by default) could give the
  // output neither its raw nor a recomputed rollup, so it is final; by then it is a 28-day block
  // alone in its window anyway (a window is compacted ~1 d + 1 h after it ends).
  const eligible = metas.filter((m) => m.parts.raw);
  for (let level = LEVEL_RANGE_MS.length - 1; level >= 1; level--) {
    const width = LEVEL_RANGE_MS[level] as number;
    const windows = new Map<number, BlockMeta[]>();
    for (const m of eligible) {
      const start = Math.floor(m.minT / width) * width;
      if (m.maxT > start + width || start + width > opts.safeBefore) continue;
      const group = windows.get(start);
      if (group === undefined) windows.set(start, [m]);
      else group.push(m);
    }
    const starts = [...windows.keys()].sort((a, b) => a - b);
    for (const start of starts) {
      const blocks = windows.get(start) as BlockMeta[];
      if (blocks.length < 2) continue;
      if (level > 1 && blocks.length > MAX_GROUP_BLOCKS) continue;
      blocks.sort((a, b) => a.minT - b.minT || a.seq - b.seq);
      return { level, minT: start, maxT: start + width, blocks };
    }
  }
  return null;
}
