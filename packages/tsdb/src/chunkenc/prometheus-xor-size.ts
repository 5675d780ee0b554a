import { patternWords } from './values-float-delta.ts';
import { xorBits } from './values-xor.ts';

/** Bytes of a varint (signed: zigzag first) or uvarint of v, as Go's encoding/binary writes it. */
function varintBytes(v: number): number {
  let b = 1;
  for (let x = v; x >= 128; x = Math.floor(x / 128)) b++;
  return b;
}

/** Prometheus's bitRange: does x fit in an n-bit delta-of-delta bucket. */
function bitRange(x: number, n: number): boolean {
  return -(2 ** (n - 1) - 1) <= x && x <= 2 ** (n - 1);
}

/**
 * Size in bytes of Prometheus's XOR chunk data (tsdb/chunkenc/xor.go) for ts/vs[0..n): a 2-byte
 * sample count, then t0 as a varint and v0 in 64 bits, the first delta as a uvarint, then per
 * sample a delta-of-delta in buckets ('0', '10'+14, '110'+17, '1110'+20, '1111'+64 bits) and
 * the Gorilla XOR value. Used by the benchmark to compare with Prometheus on the same data.
 */
export function prometheusXorChunkBytes(ts: Float64Array, vs: Float64Array, n: number): number {
  let bits = 8 * varintBytes(2 * ts[0]!);
  if (n > 1) bits += 8 * varintBytes(ts[1]! - ts[0]!);
  for (let i = 2; i < n; i++) {
    const dod = ts[i]! - ts[i - 1]! - (ts[i - 1]! - ts[i - 2]!);
    if (dod === 0) bits += 1;
    else if (bitRange(dod, 14)) bits += 16;
    else if (bitRange(dod, 17)) bits += 20;
    else if (bitRange(dod, 20)) bits += 24;
    else bits += 68;
  }
  bits += xorBits(patternWords(vs, n), n);
  return 2 + Math.ceil(bits / 8);
}

/**
 * Bytes Prometheus adds around each chunk in a block's chunk file: a uvarint length, an encoding
 * byte and a CRC32 (6 bytes for chunks of 128..16,383 bytes).
 */
export function prometheusChunkFraming(dataBytes: number): number {
  return varintBytes(dataBytes) + 1 + 4;
}
