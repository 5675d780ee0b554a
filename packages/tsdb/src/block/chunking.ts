import type { Resolution, RollupResolution, RollupSamples, Samples } from '@saba/storage';
import { encodeChunk, encodeRollupChunk } from '../chunkenc/index.ts';
import { crc32c } from '../wal/crc32c.ts';
import type { EncodedChunk } from './writer.ts';

const DAY = 86_400_000;

/** The aligned window no chunk of a part crosses (docs/format/block.md, "How chunks are cut"). */
export const CHUNK_WINDOW_MS: Readonly<Record<Resolution, number>> = {
  raw: DAY,
  '5m': DAY,
  '1h': 7 * DAY,
  '1d': 28 * DAY,
};

/** Samples per raw chunk by default: a day at one sample a minute (the Mackerel agent's interval). */
export const DEFAULT_MAX_CHUNK_SAMPLES = 1440;

/** The start of the chunk window of `part` holding `t`. */
export function chunkWindow(part: Resolution, t: number): number {
  const w = CHUNK_WINDOW_MS[part];
  return Math.floor(t / w) * w;
}

/** Wraps encoded bytes with their range and CRC. */
export function encoded(bytes: Uint8Array, minT: number, maxT: number): EncodedChunk {
  return { minT, maxT, bytes, crc: crc32c(bytes) };
}

/** Encodes sorted samples into raw chunks of at most `maxSamples` that never cross a UTC day. */
export function encodeRawChunks(s: Samples, maxSamples = DEFAULT_MAX_CHUNK_SAMPLES): EncodedChunk[] {
  const out: EncodedChunk[] = [];
  let i = 0;
  while (i < s.length) {
    const end = chunkWindow('raw', s.ts[i] as number) + DAY;
    let j = i + 1;
    const cap = Math.min(s.length, i + maxSamples);
    while (j < cap && (s.ts[j] as number) < end) j++;
    const bytes = encodeChunk(s.ts.subarray(i, j), s.vs.subarray(i, j), j - i);
    out.push(encoded(bytes, s.ts[i] as number, s.ts[j - 1] as number));
    i = j;
  }
  return out;
}

/** Encodes sorted rollup buckets into chunks, one per chunk window of `res`. */
export function encodeRollupChunks(r: RollupSamples, res: RollupResolution): EncodedChunk[] {
  const out: EncodedChunk[] = [];
  let i = 0;
  while (i < r.length) {
    const end = chunkWindow(res, r.ts[i] as number) + CHUNK_WINDOW_MS[res];
    let j = i + 1;
    while (j < r.length && (r.ts[j] as number) < end) j++;
    const bytes = encodeRollupChunk({
      length: j - i,
      ts: r.ts.subarray(i, j),
      count: r.count.subarray(i, j),
      sum: r.sum.subarray(i, j),
      min: r.min.subarray(i, j),
      max: r.max.subarray(i, j),
      last: r.last.subarray(i, j),
    });
    out.push(encoded(bytes, r.ts[i] as number, r.ts[j - 1] as number));
    i = j;
  }
  return out;
}
