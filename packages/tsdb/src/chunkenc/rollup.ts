import { BadDataError, SabaError } from '@saba/model';
import { BitReader } from './bit-reader.ts';
import { BitWriter } from './bit-writer.ts';
import type { ChunkInfo } from './chunk.ts';
import { FORMAT_ROLLUP, MAX_CHUNK_SAMPLES, readHeader, writeHeader } from './header.ts';
import { planTimestamps, readTimestamps, writeTimestamps } from './timestamps.ts';
import { planValues, readValues, writeValues } from './values.ts';

/** Rollup chunks: per bucket start time, the count, sum, min, max and last of raw samples in it. */
export interface DecodedRollupChunk {
  length: number;
  ts: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
}

const COLUMNS = ['count', 'sum', 'min', 'max', 'last'] as const;

const writer = new BitWriter();
const reader = new BitReader();
const header = new Uint8Array(32);

/** Encodes the first c.length buckets of a rollup chunk. */
export function encodeRollupChunk(c: DecodedRollupChunk): Uint8Array {
  const n = c.length;
  if (!(n >= 1 && n <= MAX_CHUNK_SAMPLES && COLUMNS.every((k) => c[k].length >= n) && c.ts.length >= n)) {
    throw new BadDataError(`rollup chunk: cannot encode ${n} buckets`);
  }
  const tp = planTimestamps(c.ts, n);
  // Each column is planned and written before the next is planned: plans keep module state.
  // So the stream is written column by column into one writer sized from the timestamp plan
  // plus a bound of 80 bits per value (the XOR scheme's worst case is 77).
  const bound = tp.bits + 5 * (80 * n + 128);
  writer.reset(bound);
  writeTimestamps(writer, n, tp);
  for (const k of COLUMNS) {
    const before = writer.bitLength;
    const vp = planValues(c[k], n);
    writeValues(writer, n, vp);
    if (writer.bitLength - before !== vp.bits) {
      throw new SabaError('internal', `rollup chunk: wrote ${writer.bitLength - before} bits, planned ${vp.bits}`);
    }
  }
  const h = writeHeader(header, FORMAT_ROLLUP, tp.unit, n, c.ts[0]!, c.ts[n - 1]!);
  return writer.finish(header, h);
}

/** Allocates rollup columns for `n` buckets. */
export function allocRollupChunk(n: number): DecodedRollupChunk {
  return {
    length: n,
    ts: new Float64Array(n),
    count: new Float64Array(n),
    sum: new Float64Array(n),
    min: new Float64Array(n),
    max: new Float64Array(n),
    last: new Float64Array(n),
  };
}

/** Decodes a rollup chunk into new arrays. */
export function decodeRollupChunk(buf: Uint8Array): DecodedRollupChunk {
  const h = readHeader(buf, FORMAT_ROLLUP);
  const n = h.count;
  const out = allocRollupChunk(n);
  reader.reset(buf, h.streamStart);
  readTimestamps(reader, out.ts, n, h.minT, h.maxT, h.unit);
  for (const k of COLUMNS) readValues(reader, out[k], n);
  reader.end();
  return out;
}

/** Reads only the header of a rollup chunk: bucket count, first and last bucket start. */
export function rollupChunkInfo(buf: Uint8Array): ChunkInfo {
  const h = readHeader(buf, FORMAT_ROLLUP);
  return { count: h.count, minT: h.minT, maxT: h.maxT };
}
