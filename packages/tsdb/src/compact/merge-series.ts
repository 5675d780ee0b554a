import { type Resolution, ROLLUP_STEP_MS, type Samples } from '@saba/storage';
import {
  chunkWindow,
  type EncodedChunk,
  encodeRawChunks,
  encodeRollupChunks,
  encodeSeries,
  PARTS,
  type PartFlags,
  type SeriesChunks,
} from '../block/index.ts';
import { chunkInfo, decodeChunk, decodeRollupChunk } from '../chunkenc/index.ts';
import { concatSamples, mergeRollups, mergeSamples, rollupSamples } from '../rollup/index.ts';

/**
 * One input block's chunks of a series: which input, its seq, the parts the input stores (a
 * rollup it lacks is computed from its raw chunks), and the chunks (in time order).
 */
export interface SourceChunks {
  readonly source: number;
  readonly seq: number;
  readonly stored: Readonly<PartFlags>;
  readonly chunks: SeriesChunks;
}

/** A merged series: its chunks for the output block and its raw sample count. */
export interface MergedSeries {
  readonly chunks: SeriesChunks;
  readonly samples: number;
}

/**
 * Merges a series from inputs that do not overlap in time (given oldest first), window by
 * window, for the parts flagged in `out`: a chunk window fed by one input is copied byte for
 * byte; one fed by several is decoded and re-encoded (raw concatenated and re-cut, rollups
 * merged: count+, sum+, min, max, last). A rollup an input does not store is first computed from
 * that input's raw samples, which yields the very chunks the input would have stored.
 */
export function mergeDisjoint(
  items: readonly SourceChunks[],
  maxChunkSamples: number,
  out: Readonly<PartFlags>,
): MergedSeries {
  const result: Record<Resolution, EncodedChunk[]> = { raw: [], '5m': [], '1h': [], '1d': [] };
  const raw = new Map<SourceChunks, Samples>();
  for (const part of PARTS) {
    if (!out[part]) continue;
    const lists = items.map((it) => {
      if (part === 'raw' || it.stored[part]) return it.chunks[part];
      let s = raw.get(it);
      if (s === undefined) {
        s = concatRaw(it.chunks.raw);
        raw.set(it, s);
      }
      return encodeRollupChunks(rollupSamples(s, ROLLUP_STEP_MS[part]), part);
    });
    for (const group of windowGroups(items, lists, part)) {
      if (group.sources === 1) {
        for (const c of group.chunks) result[part].push(c);
      } else if (part === 'raw') {
        for (const c of encodeRawChunks(concatRaw(group.chunks), maxChunkSamples)) result.raw.push(c);
      } else {
        const merged = mergeRollups(group.chunks.map((c) => decodeRollupChunk(c.bytes)));
        for (const c of encodeRollupChunks(merged, part)) result[part].push(c);
      }
    }
  }
  // Counted from the inputs, not the output, which may store no raw; disjoint inputs share no sample.
  let samples = 0;
  for (const it of items) for (const c of it.chunks.raw) samples += chunkInfo(c.bytes).count;
  return { chunks: result, samples };
}

/**
 * Merges a series from inputs that overlap in time: raw samples merged with the higher seq
 * winning an equal timestamp, re-cut, and the rollups flagged in `out` recomputed from the result
 * (stored rollups of overlapping blocks would count a re-sent value twice).
 */
export function mergeOverlapping(
  items: readonly SourceChunks[],
  maxChunkSamples: number,
  out: Readonly<PartFlags>,
): MergedSeries {
  const merged = mergeSamples(items.map((it) => ({ s: concatRaw(it.chunks.raw), priority: it.seq })));
  return { chunks: encodeSeries(merged, maxChunkSamples, out), samples: merged.length };
}

interface WindowGroup {
  chunks: EncodedChunk[];
  sources: number;
}

// Consecutive chunks of `part` sharing a chunk window, with how many inputs fed each window;
// lists[i] holds the chunks of items[i].
function windowGroups(
  items: readonly SourceChunks[],
  lists: readonly (readonly EncodedChunk[])[],
  part: Resolution,
): WindowGroup[] {
  const groups: WindowGroup[] = [];
  let window = Number.NaN;
  let lastSource = -1;
  let g: WindowGroup | null = null;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as SourceChunks;
    for (const c of lists[i] as readonly EncodedChunk[]) {
      const w = chunkWindow(part, c.minT);
      if (g === null || w !== window) {
        g = { chunks: [], sources: 0 };
        groups.push(g);
        window = w;
        lastSource = -1;
      }
      if (it.source !== lastSource) {
        g.sources++;
        lastSource = it.source;
      }
      g.chunks.push(c);
    }
  }
  return groups;
}

function concatRaw(chunks: readonly EncodedChunk[]): Samples {
  return concatSamples(chunks.map((c) => decodeChunk(c.bytes)));
}
