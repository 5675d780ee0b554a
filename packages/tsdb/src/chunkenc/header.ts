import { BadDataError } from '@saba/model';

/** Format byte of a raw-sample chunk, version 1. */
export const FORMAT_RAW = 0x01;
/** Format byte of a rollup chunk, version 1. */
export const FORMAT_ROLLUP = 0x02;
/**
 * Most samples a chunk may hold, 2^20 - 1 (a day at one a second fits): bounds what a corrupt
 * count makes a decoder allocate to 16 MB.
 */
export const MAX_CHUNK_SAMPLES = 0xfffff;

/** 10^k for k = 0..22, exact in float64 (literals, not Math.pow, so no rounding doubt). */
export const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** The byte header of a chunk. */
export interface ChunkHeader {
  format: number;
  /** Timestamp unit exponent: deltas are multiples of 10^unit ms. */
  unit: number;
  count: number;
  minT: number;
  maxT: number;
  /** Offset of the bit stream. */
  streamStart: number;
}

/** Writes the header into `out` (at least 27 bytes); returns its length. */
export function writeHeader(
  out: Uint8Array,
  format: number,
  unit: number,
  count: number,
  minT: number,
  maxT: number,
): number {
  out[0] = format;
  out[1] = unit;
  let p = putUvarint(out, 2, count);
  p = putUvarint(out, p, minT);
  return putUvarint(out, p, (maxT - minT) / POW10[unit]!);
}

/** Parses the header of a chunk of the given format; throws BadDataError if it is not one. */
export function readHeader(buf: Uint8Array, format: number): ChunkHeader {
  if (buf.length < 5 || buf[0] !== format) {
    throw new BadDataError(`chunk: format 0x${(buf[0] ?? 0).toString(16)}, want 0x${format.toString(16)}`);
  }
  const unit = buf[1]!;
  if (unit > 9) throw new BadDataError(`chunk: bad timestamp unit ${unit}`);
  const r = { p: 2 };
  const count = getUvarint(buf, r);
  const minT = getUvarint(buf, r);
  const span = getUvarint(buf, r);
  if (count < 1 || count > MAX_CHUNK_SAMPLES) throw new BadDataError(`chunk: bad sample count ${count}`);
  return { format, unit, count, minT, maxT: minT + span * POW10[unit]!, streamStart: r.p };
}

function putUvarint(out: Uint8Array, p: number, v: number): number {
  // Float arithmetic only while v needs more than 31 bits; shifts after that.
  while (v > 0x7fffffff) {
    out[p++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  while (v >= 128) {
    out[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  out[p++] = v;
  return p;
}

function getUvarint(buf: Uint8Array, r: { p: number }): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    const b = buf[r.p++];
    if (b === undefined) throw new BadDataError('chunk: truncated header');
    v += (b & 127) * mul;
    if (b < 128) return v;
    mul *= 128;
  }
  throw new BadDataError('chunk: bad uvarint in header');
}
