import { BadDataError } from '@saba/model';
import type { Resolution } from '@saba/storage';
import {
  type BlockMeta,
  type BlockReader,
  BlockScan,
  BlockWriter,
  DEFAULT_MAX_CHUNK_SAMPLES,
  type PartFlags,
  partFlags,
  type SeriesChunks,
} from '../block/index.ts';
import { mergeDisjoint, mergeOverlapping, type SourceChunks } from './merge-series.ts';
import type { CompactionPlan } from './plan.ts';

/**
 * Options of a compaction: which series are deleted, the raw chunk size cap (1,440 by default),
 * and the parts the output block stores (default all four).
 */
export interface CompactOptions {
  isDeleted?: (ref: number) => boolean;
  maxChunkSamples?: number;
  parts?: readonly Resolution[];
}

/**
 * Executes a plan: writes the merged block covering the plan's window (seq = max seq of the
 * inputs, level = the plan's, parts = `opts.parts`), returns its meta; the caller swaps readers
 * and deletes inputs. `isDeleted(ref)` drops deleted series. Series whose input blocks do not
 * overlap are copied chunk by chunk; the others are merged from raw, the higher seq winning
 * (docs/format/block.md). Every input must store raw: a rollup part the output stores but an
 * input lacks is computed from that input's raw samples.
 */
export function compactBlocks(
  parentDir: string,
  plan: CompactionPlan,
  readers: readonly BlockReader[],
  opts: CompactOptions,
): BlockMeta {
  const inputs = plan.blocks.map((m) => {
    const r = readers.find((x) => x.meta.id === m.id);
    if (r === undefined) throw new BadDataError(`compact: no reader for block ${m.id}`);
    // Raw is what every part of the output can be made from; without it the output's raw
    // would have a hole and a missing rollup could not be recomputed (planCompaction skips such blocks).
    if (!r.meta.parts.raw) throw new BadDataError(`compact: block ${m.id} stores no raw part`);
    if (r.meta.minT < plan.minT || r.meta.maxT > plan.maxT) {
      throw new BadDataError(`compact: block ${m.id} lies outside [${plan.minT}, ${plan.maxT})`);
    }
    return r;
  });
  inputs.sort((a, b) => a.meta.minT - b.meta.minT || a.meta.seq - b.meta.seq);
  const k = inputs.length;
  const overlap: boolean[] = new Array(k * k).fill(false);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const x = (inputs[a] as BlockReader).meta;
      const y = (inputs[b] as BlockReader).meta;
      overlap[a * k + b] = a !== b && x.minT < y.maxT && y.minT < x.maxT;
    }
  }
  const maxChunk = opts.maxChunkSamples ?? DEFAULT_MAX_CHUNK_SAMPLES;
  const isDeleted = opts.isDeleted ?? (() => false);
  const out = partFlags(opts.parts);
  // Raw is always read: it counts the samples, feeds the overlapping merge and missing rollups.
  const read: PartFlags = { ...out, raw: true };
  const writer = BlockWriter.create(parentDir, {
    minT: plan.minT,
    maxT: plan.maxT,
    seq: Math.max(...inputs.map((r) => r.meta.seq)),
    level: plan.level,
    ...(opts.parts === undefined ? {} : { parts: opts.parts }),
  });
  try {
    const scans = inputs.map((r) => new BlockScan(r, read));
    const sources: number[] = [];
    for (;;) {
      let ref = Number.POSITIVE_INFINITY;
      for (const s of scans) {
        const cur = s.current();
        if (cur !== null && cur.ref < ref) ref = cur.ref;
      }
      if (ref === Number.POSITIVE_INFINITY) break;
      sources.length = 0;
      for (let j = 0; j < k; j++) if ((scans[j] as BlockScan).current()?.ref === ref) sources.push(j);
      if (!isDeleted(ref)) {
        const items: SourceChunks[] = sources.map((j) => ({
          source: j,
          seq: (inputs[j] as BlockReader).meta.seq,
          stored: (inputs[j] as BlockReader).meta.parts,
          chunks: ((scans[j] as BlockScan).current() as { chunks: SeriesChunks }).chunks,
        }));
        const merged = anyOverlap(sources, overlap, k)
          ? mergeOverlapping(items, maxChunk, out)
          : mergeDisjoint(items, maxChunk, out);
        writer.add(ref, merged.chunks, merged.samples);
      }
      for (const j of sources) (scans[j] as BlockScan).next();
    }
    return writer.finish();
  } catch (err) {
    writer.abort();
    throw err;
  }
}

function anyOverlap(sources: readonly number[], overlap: readonly boolean[], k: number): boolean {
  for (const a of sources) for (const b of sources) if (overlap[a * k + b]) return true;
  return false;
}
