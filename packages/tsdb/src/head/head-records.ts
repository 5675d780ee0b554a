import type { Label, Labels, OrgId, SeriesRef } from '@saba/model';

/** Record types, the first byte of every payload in the WAL and the series log (docs/format/wal.md). */
export const RECORD = { samples: 1, series: 2, deleted: 3 } as const;

/** A batch of samples as logged: parallel arrays of series refs, timestamps (ms) and values. */
export interface SampleBatch {
  readonly length: number;
  readonly refs: Uint32Array;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

/** One series' identity as logged in the series log. */
export interface SeriesRecord {
  readonly ref: SeriesRef;
  readonly org: OrgId;
  readonly labels: Labels;
}

// Samples record: [u8 type][3 pad][u32 n][u32 ref × n][pad to 8][f64 t × n][f64 v × n], little endian.
// Fixed-width arrays, 20 bytes a sample: encoding and replay are plain typed-array copies, which
// measured faster in JS than varint packing; the WAL lives only ~3 h, so its size matters little.

/** Encodes a sample batch (the first `n` entries). */
export function encodeSamples(refs: Uint32Array, ts: Float64Array, vs: Float64Array, n: number): Uint8Array {
  const refsEnd = 8 + 4 * n;
  const tsOff = align8(refsEnd);
  const buf = new ArrayBuffer(tsOff + 16 * n);
  const head = new DataView(buf);
  head.setUint8(0, RECORD.samples);
  head.setUint32(4, n, true);
  new Uint32Array(buf, 8, n).set(refs.subarray(0, n));
  new Float64Array(buf, tsOff, n).set(ts.subarray(0, n));
  new Float64Array(buf, tsOff + 8 * n, n).set(vs.subarray(0, n));
  return new Uint8Array(buf);
}

/** Decodes a samples record (copies when the payload is not 8-byte aligned). */
export function decodeSamples(payload: Uint8Array): SampleBatch {
  // A copy when misaligned (Buffer's own slice() would return a view, still misaligned).
  const p = payload.byteOffset % 8 === 0 ? payload : new Uint8Array(payload);
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const n = view.getUint32(4, true);
  const tsOff = align8(8 + 4 * n);
  if (p.byteLength !== tsOff + 16 * n) throw new RangeError(`samples record of ${p.byteLength} bytes for ${n} samples`);
  return {
    length: n,
    refs: new Uint32Array(p.buffer, p.byteOffset + 8, n),
    ts: new Float64Array(p.buffer, p.byteOffset + tsOff, n),
    vs: new Float64Array(p.buffer, p.byteOffset + tsOff + 8 * n, n),
  };
}

// Series record: [u8 type][u32 ref][str org][uvarint count][str name, str value]...
// where str = [uvarint byte length][UTF-8 bytes].

/** Encodes one series record. */
export function encodeSeries(s: SeriesRecord): Uint8Array {
  const parts = [s.org, ...s.labels.flatMap((l) => [l.name, l.value])].map((x) => textEncoder.encode(x));
  let size = 5 + varintSize(s.labels.length);
  for (const p of parts) size += varintSize(p.length) + p.length;
  const out = new Uint8Array(size);
  out[0] = RECORD.series;
  new DataView(out.buffer).setUint32(1, s.ref, true);
  let off = 5;
  off = putBytes(out, off, parts[0] as Uint8Array);
  off = putVarint(out, off, s.labels.length);
  for (let i = 1; i < parts.length; i++) off = putBytes(out, off, parts[i] as Uint8Array);
  return out;
}

/** Decodes a series record. */
export function decodeSeries(payload: Uint8Array): SeriesRecord {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const ref = view.getUint32(1, true) as SeriesRef;
  const r = { off: 5 };
  const org = getString(payload, r) as OrgId;
  const count = getVarint(payload, r);
  const labels: Label[] = [];
  for (let i = 0; i < count; i++) {
    const name = getString(payload, r);
    labels.push({ name, value: getString(payload, r) });
  }
  return { ref, org, labels };
}

// Deleted record: [u8 type][3 pad][u32 n][u32 ref × n].

/** Encodes the deletion of series. */
export function encodeDeleted(refs: readonly number[]): Uint8Array {
  const out = new Uint8Array(8 + 4 * refs.length);
  const view = new DataView(out.buffer);
  out[0] = RECORD.deleted;
  view.setUint32(4, refs.length, true);
  for (let i = 0; i < refs.length; i++) view.setUint32(8 + 4 * i, refs[i] as number, true);
  return out;
}

/** Decodes a deletion record. */
export function decodeDeleted(payload: Uint8Array): number[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = view.getUint32(4, true);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(view.getUint32(8 + 4 * i, true));
  return out;
}

/** The type byte of a payload. */
export function recordType(payload: Uint8Array): number {
  return payload[0] ?? 0;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

function align8(n: number): number {
  return (n + 7) & ~7;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function putVarint(out: Uint8Array, off: number, n: number): number {
  while (n >= 0x80) {
    out[off++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[off++] = n;
  return off;
}

function putBytes(out: Uint8Array, off: number, bytes: Uint8Array): number {
  off = putVarint(out, off, bytes.length);
  out.set(bytes, off);
  return off + bytes.length;
}

function getVarint(buf: Uint8Array, r: { off: number }): number {
  let n = 0;
  let mul = 1;
  for (;;) {
    const b = buf[r.off++];
    if (b === undefined) throw new RangeError('truncated varint');
    n += (b & 0x7f) * mul;
    if (b < 0x80) return n;
    mul *= 128;
  }
}

function getString(buf: Uint8Array, r: { off: number }): string {
  const len = getVarint(buf, r);
  if (r.off + len > buf.length) throw new RangeError('truncated string');
  const s = textDecoder.decode(buf.subarray(r.off, r.off + len));
  r.off += len;
  return s;
}
