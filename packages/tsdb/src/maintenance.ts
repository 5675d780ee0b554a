import { join } from 'node:path';
import type { Samples } from '@saba/storage';
import {
  type BlockMeta,
  BlockReader,
  BlockWriter,
  DEFAULT_MAX_CHUNK_SAMPLES,
  encodeSeries,
  partFlags,
  removeBlockDir,
} from './block/index.ts';
import type { CompactJob } from './compact/compact-worker.ts';
import { planCompaction } from './compact/index.ts';
import { type DbState, sortBlocks } from './db-state.ts';
import { BLOCK_RANGE_MS, HEAD_GRACE_MS } from './options.ts';
import { dropBlockParts, planRetention } from './retention/index.ts';
import { runInWorker } from './worker.ts';

/** Series handled between two yields to the event loop during a cut (~20 ms of work each). */
const CUT_SLICE = 500;

/**
 * Cuts every whole 2 h window that ended over an hour ago out of the head into blocks, one
 * block per window; late samples for windows cut before go into extra blocks that overlap those
 * and win over them. Series are taken and encoded a slice at a time, yielding in between: a
 * cut of 100k series is ~12 M samples, seconds of work that must not stall requests. Taken
 * samples stay readable (`persisting`) until their blocks are open; if writing fails they go
 * back into the head, and the WAL keeps them, so nothing acknowledged is lost. The WAL is left
 * as it is: the head snapshot taken after a cut (snapshot.ts) is what lets it be trimmed.
 */
export async function cutHead(st: DbState): Promise<number> {
  const hi = alignDown(st.opts.clock() - HEAD_GRACE_MS, BLOCK_RANGE_MS);
  // Only when a new window has ended: late samples for windows already cut wait in the head
  // until then, so an agent re-sending hours of data makes one extra block per window, not
  // one block a minute.
  if (hi <= st.headLowerBound) return 0;
  if (st.head.minT() >= hi) {
    st.headLowerBound = hi;
    return 0;
  }
  const persisting = new Map<number, Samples>();
  st.persisting = persisting;
  const writers = new Map<number, BlockWriter>();
  const parts = partFlags(st.opts.blockParts);
  try {
    const refs = st.head.refs();
    for (let i = 0; i < refs.length; i += CUT_SLICE) {
      for (let j = i; j < Math.min(i + CUT_SLICE, refs.length); j++) {
        const ref = refs[j] as number;
        const samples = st.head.extractBefore(ref, hi);
        if (samples.length === 0) continue;
        persisting.set(ref, samples);
        for (const [window, part] of splitByWindow(samples)) {
          let w = writers.get(window);
          if (w === undefined) {
            const overlapping = window < st.headLowerBound;
            w = BlockWriter.create(st.blocksDir, {
              minT: window,
              maxT: window + BLOCK_RANGE_MS,
              seq: st.nextSeq++,
              level: 0,
              parts: st.opts.blockParts,
              ...(overlapping ? { overlapping } : {}),
            });
            writers.set(window, w);
          }
          w.add(ref, encodeSeries(part, DEFAULT_MAX_CHUNK_SAMPLES, parts), part.length);
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const opened: BlockReader[] = [];
    for (const w of [...writers.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w)) {
      opened.push(BlockReader.open(join(st.blocksDir, w.finish().id)));
    }
    st.blocks.push(...opened);
    sortBlocks(st.blocks);
  } catch (err) {
    for (const w of writers.values()) w.abort();
    for (const [ref, samples] of persisting) st.head.putBack(ref, samples);
    throw err;
  } finally {
    st.persisting = null;
  }
  st.head.recomputeMinT();
  st.headLowerBound = hi;
  st.opts.log(`head cut below ${new Date(hi).toISOString()}: ${writers.size} block(s), ${persisting.size} series`);
  return writers.size;
}

/**
 * Compacts block groups whose ranges can no longer receive late data, one at a time in a
 * worker thread (a day of 100k series is ~144 M samples to re-chunk: about a minute of CPU
 * that must not stall the event loop); returns how many ran.
 */
export async function compact(st: DbState, maxRuns = 4): Promise<number> {
  const safeBefore = st.opts.clock() - st.opts.oooWindowMs - HEAD_GRACE_MS;
  let runs = 0;
  for (; runs < maxRuns && !st.stopping; runs++) {
    const plan = planCompaction(
      st.blocks.map((b) => b.meta),
      { safeBefore },
    );
    if (plan === null) break;
    const ids = new Set(plan.blocks.map((m) => m.id));
    const inputs = st.blocks.filter((b) => ids.has(b.meta.id));
    const job = runInWorker<BlockMeta>(new URL('./compact/compact-worker.ts', import.meta.url), {
      parentDir: st.blocksDir,
      plan,
      dirs: inputs.map((b) => b.dir),
      deleted: [...st.deleted],
      parts: st.opts.blockParts,
    } satisfies CompactJob);
    st.job = job;
    let meta: BlockMeta;
    try {
      meta = await job.result;
    } finally {
      st.job = null;
    }
    // Only maintenance changes the block list and it runs one step at a time, so the inputs
    // are still there; the swap is synchronous, so no read sees both or neither.
    st.blocks = st.blocks.filter((b) => !ids.has(b.meta.id));
    st.blocks.push(BlockReader.open(join(st.blocksDir, meta.id)));
    sortBlocks(st.blocks);
    for (const b of inputs) removeBlock(b);
    st.opts.log(`compacted ${inputs.length} block(s) into ${meta.id} (level ${meta.level})`);
  }
  return runs;
}

/** Drops resolutions past their retention and deletes blocks past every retention. */
export function applyRetention(st: DbState): void {
  const plan = planRetention(
    st.blocks.map((b) => b.meta),
    st.opts.clock(),
    st.opts.retention,
  );
  const doomed = new Set(plan.deleteBlocks);
  for (const b of st.blocks.filter((x) => doomed.has(x.meta.id))) removeBlock(b);
  st.blocks = st.blocks.filter((b) => !doomed.has(b.meta.id));
  for (const { id, parts } of plan.dropParts) {
    const i = st.blocks.findIndex((b) => b.meta.id === id);
    const b = st.blocks[i];
    if (b === undefined) continue;
    b.close();
    dropBlockParts(b.dir, parts);
    st.blocks[i] = BlockReader.open(b.dir);
    st.opts.log(`retention dropped ${parts.join(', ')} of block ${id}`);
  }
  if (doomed.size > 0) st.opts.log(`retention deleted ${doomed.size} block(s)`);
}

/** Closes a block and deletes its directory crash-safely (renamed away first, then removed). */
export function removeBlock(b: BlockReader): void {
  b.close();
  removeBlockDir(b.dir);
}

/** Splits one series' samples by 2 h window, windows ascending. */
function splitByWindow(samples: Samples): [number, Samples][] {
  const out: [number, Samples][] = [];
  let i = 0;
  while (i < samples.length) {
    const w = alignDown(samples.ts[i] as number, BLOCK_RANGE_MS);
    let j = i + 1;
    while (j < samples.length && (samples.ts[j] as number) < w + BLOCK_RANGE_MS) j++;
    out.push([w, { length: j - i, ts: samples.ts.subarray(i, j), vs: samples.vs.subarray(i, j) }]);
    i = j;
  }
  return out;
}

/** Rounds down to a multiple of `step` (epoch-aligned; works for negative times too). */
export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}
