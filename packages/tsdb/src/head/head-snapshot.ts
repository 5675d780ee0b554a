import type { SeriesState } from './mem-series.ts';

/** Record types of a head snapshot (docs/format/head-snapshot.md). */
export const SNAPSHOT_RECORD = { series: 16, end: 17 } as const;

// Series record, little endian:
// [u8 type][3 pad][u32 ref][f64 lastT][u32 chunkBytes][u32 bufLen][u32 oooLen][4 pad]
// [f64 bufTs × bufLen][f64 bufVs × bufLen][f64 oooTs × oooLen][f64 oooVs × oooLen][chunk bytes]
// Float arrays first, so they stay 8-byte aligned when the payload is, and decode in place.
const HEADER = 32;

/** Encodes one series' state. */
export function encodeSeriesState(ref: number, st: SeriesState): Uint8Array {
  const nb = st.bufTs.length;
  const no = st.oooTs.length;
  const floats = 16 * (nb + no);
  // Padded to 8 bytes: the WAL then hands every record back 8-byte aligned (docs/format/wal.md).
  const out = new Uint8Array(align8(HEADER + floats + st.chunks.length));
  const view = new DataView(out.buffer);
  out[0] = SNAPSHOT_RECORD.series;
  view.setUint32(4, ref, true);
  view.setFloat64(8, st.lastT, true);
  view.setUint32(16, st.chunks.length, true);
  view.setUint32(20, nb, true);
  view.setUint32(24, no, true);
  const f = new Float64Array(out.buffer, HEADER, 2 * (nb + no));
  f.set(st.bufTs, 0);
  f.set(st.bufVs, nb);
  f.set(st.oooTs, 2 * nb);
  f.set(st.oooVs, 2 * nb + no);
  out.set(st.chunks, HEADER + floats);
  return out;
}

/** Decodes a series state record; the state's arrays may be views into the payload. */
export function decodeSeriesState(payload: Uint8Array): { ref: number; state: SeriesState } {
  // A copy when misaligned (Buffer's own slice() would return a view, still misaligned).
  const p = payload.byteOffset % 8 === 0 ? payload : new Uint8Array(payload);
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const chunkBytes = view.getUint32(16, true);
  const nb = view.getUint32(20, true);
  const no = view.getUint32(24, true);
  const floats = 16 * (nb + no);
  if (p.byteLength !== align8(HEADER + floats + chunkBytes)) {
    throw new RangeError('head snapshot: series record of the wrong size');
  }
  const f = new Float64Array(p.buffer, p.byteOffset + HEADER, 2 * (nb + no));
  return {
    ref: view.getUint32(4, true),
    state: {
      lastT: view.getFloat64(8, true),
      bufTs: f.subarray(0, nb),
      bufVs: f.subarray(nb, 2 * nb),
      oooTs: f.subarray(2 * nb, 2 * nb + no),
      oooVs: f.subarray(2 * nb + no),
      chunks: p.subarray(HEADER + floats, HEADER + floats + chunkBytes),
    },
  };
}

/** Encodes the record that closes a snapshot, counting its series records. */
export function encodeSnapshotEnd(series: number): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = SNAPSHOT_RECORD.end;
  new DataView(out.buffer).setUint32(4, series, true);
  return out;
}

/** The series count of an end record. */
export function decodeSnapshotEnd(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(4, true);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
