import { BadDataError, SabaError } from '@saba/model';
import { BitReader } from './bit-reader.ts';
import { BitWriter } from './bit-writer.ts';
import { FORMAT_RAW, MAX_CHUNK_SAMPLES, readHeader, writeHeader } from './header.ts';
import { planTimestamps, readTimestamps, writeTimestamps } from './timestamps.ts';
import { planValues, readValues, writeValues } from './values.ts';

/** A decoded chunk: the first `length` entries of ts/vs are valid. */
export interface DecodedChunk {
  length: number;
  ts: Float64Array;
  vs: Float64Array;
}

/** Summary of a chunk read from its header alone. */
export interface ChunkInfo {
  count: number;
  minT: number;
  maxT: number;
}

// Encoding and decoding are synchronous, so one writer, reader and header buffer serve all calls.
const writer = new BitWriter();
const reader = new BitReader();
const header = new Uint8Array(32);

/** Encodes n samples: ts strictly increasing whole milliseconds (>= 0, < 2^53), vs any float64. */
export function encodeChunk(ts: Float64Array, vs: Float64Array, n: number): Uint8Array {
  if (!(n >= 1 && n <= MAX_CHUNK_SAMPLES && n <= ts.length && n <= vs.length)) {
    throw new BadDataError(`chunk: cannot encode ${n} samples`);
  }
  const tp = planTimestamps(ts, n);
  const vp = planValues(vs, n);
  const bits = tp.bits + vp.bits;
  writer.reset(bits);
  writeTimestamps(writer, n, tp);
  writeValues(writer, n, vp);
  if (writer.bitLength !== bits) {
    throw new SabaError('internal', `chunk: wrote ${writer.bitLength} bits, planned ${bits}`);
  }
  const h = writeHeader(header, FORMAT_RAW, tp.unit, n, ts[0]!, ts[n - 1]!);
  return writer.finish(header, h);
}

/** Decodes a chunk; reuses `out`'s arrays when big enough. Values are bit-exact (NaN payloads, -0, ±Inf). */
export function decodeChunk(buf: Uint8Array, out?: DecodedChunk): DecodedChunk {
  const h = readHeader(buf, FORMAT_RAW);
  const n = h.count;
  const res = out ?? { length: 0, ts: new Float64Array(n), vs: new Float64Array(n) };
  if (res.ts.length < n) res.ts = new Float64Array(n);
  if (res.vs.length < n) res.vs = new Float64Array(n);
  reader.reset(buf, h.streamStart);
  readTimestamps(reader, res.ts, n, h.minT, h.maxT, h.unit);
  readValues(reader, res.vs, n);
  reader.end();
  res.length = n;
  return res;
}

/** Reads only the header: sample count, first and last timestamp. Cheap (no full decode). */
export function chunkInfo(buf: Uint8Array): ChunkInfo {
  const h = readHeader(buf, FORMAT_RAW);
  return { count: h.count, minT: h.minT, maxT: h.maxT };
}
