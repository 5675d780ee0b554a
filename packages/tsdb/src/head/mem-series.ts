import type { Labels, OrgId, SeriesRef } from '@saba/model';
import type { Samples } from '@saba/storage';
import { type DecodedChunk, decodeChunk } from '../chunkenc/index.ts';
import { lowerBound } from '../search.ts';
import { HeadChunks } from './head-chunks.ts';
import { OooBuffer } from './ooo-buffer.ts';

/**
 * Samples per head chunk. The open buffer costs 16 bytes a sample uncompressed while a closed
 * chunk costs ~1-2, but smaller chunks pay more header per sample; see docs/benchmarks.md for
 * the head memory this gives at one sample a minute.
 */
export const HEAD_CHUNK_SAMPLES = 16;

/**
 * One series in the head: closed compressed chunks, an open buffer of the newest in-order
 * samples (timestamps in the first half of `buf`, values in the second), and late samples
 * in an out-of-order buffer that wins over the in-order part on an equal timestamp.
 */
export class MemSeries {
  /** True once the series record is durable in the series log (and the series is indexed). */
  logged = false;
  /** The labels, held here only until the series is logged; afterwards the index holds them. */
  pendingLabels: Labels | undefined;
  /** The newest timestamp of the in-order part (-Infinity when none was ever appended). */
  lastT = Number.NEGATIVE_INFINITY;
  private readonly chunks = new HeadChunks();
  private buf: Float64Array | null = null;
  private bufLen = 0;
  private ooo: OooBuffer | null = null;

  constructor(
    readonly ref: SeriesRef,
    readonly org: OrgId,
    labels: Labels,
  ) {
    this.pendingLabels = labels;
  }

  /** Stores a sample; a second write of a timestamp replaces the value. */
  append(t: number, v: number): void {
    if (t > this.lastT) {
      const buf = this.buf ?? this.allocBuf();
      buf[this.bufLen] = t;
      buf[HEAD_CHUNK_SAMPLES + this.bufLen] = v;
      this.bufLen++;
      this.lastT = t;
      if (this.bufLen === HEAD_CHUNK_SAMPLES) this.flushBuf();
      return;
    }
    const buf = this.buf;
    if (buf !== null && this.bufLen > 0 && t >= (buf[0] as number)) {
      this.insertInBuf(buf, t, v);
      return;
    }
    this.ooo ??= new OooBuffer();
    this.ooo.put(t, v);
  }

  /** Samples within [mint, maxt], in time order, late writes winning. */
  read(mint: number, maxt: number): Samples {
    const inOrder = this.readInOrder(mint, maxt);
    const ooo = this.ooo;
    if (ooo === null || ooo.length === 0) return inOrder;
    const [from, to] = ooo.range(mint, maxt);
    if (from === to) return inOrder;
    return mergeOoo(inOrder, ooo, from, to);
  }

  /** True if any sample lies within [mint, maxt]; cheap, may say true for a gap between samples. */
  mayHaveData(mint: number, maxt: number): boolean {
    if (this.ooo !== null && this.ooo.length > 0) {
      const [from, to] = this.ooo.range(mint, maxt);
      if (from < to) return true;
    }
    if (this.chunks.empty && this.bufLen === 0) return false;
    return this.minInOrderT() <= maxt && this.lastT >= mint;
  }

  /** The oldest timestamp held, or +Infinity. */
  minT(): number {
    const oooMin = this.ooo !== null && this.ooo.length > 0 ? (this.ooo.ts[0] as number) : Number.POSITIVE_INFINITY;
    return Math.min(oooMin, this.minInOrderT());
  }

  /** Removes and returns every sample older than `before`. */
  extractBefore(before: number): Samples {
    const out = this.read(Number.NEGATIVE_INFINITY, before - 1);
    if (out.length === 0) return out;
    this.chunks.dropBefore(before);
    const buf = this.buf;
    if (buf !== null && this.bufLen > 0) {
      const n = lowerBound(buf.subarray(0, this.bufLen), before);
      if (n > 0) {
        buf.copyWithin(0, n, this.bufLen);
        buf.copyWithin(HEAD_CHUNK_SAMPLES, HEAD_CHUNK_SAMPLES + n, HEAD_CHUNK_SAMPLES + this.bufLen);
        this.bufLen -= n;
      }
    }
    // An idle series (nothing newer than the cut) gives its 256-byte buffer back.
    if (this.bufLen === 0) this.buf = null;
    if (this.ooo !== null) {
      this.ooo.dropBefore(before);
      if (this.ooo.length === 0) this.ooo = null;
    }
    return out;
  }

  /**
   * Puts back samples taken by extractBefore whose write failed, skipping timestamps written
   * since (those are newer and must win).
   */
  putBack(s: Samples): void {
    if (s.length === 0) return;
    const now = this.read(s.ts[0] as number, s.ts[s.length - 1] as number);
    let j = 0;
    for (let i = 0; i < s.length; i++) {
      const t = s.ts[i] as number;
      while (j < now.length && (now.ts[j] as number) < t) j++;
      if (j < now.length && now.ts[j] === t) continue;
      this.append(t, s.vs[i] as number);
    }
  }

  /** The series' sample state, for a head snapshot (views: encode before the series changes). */
  state(): SeriesState {
    const ooo = this.ooo;
    return {
      lastT: this.lastT,
      chunks: this.chunks.view(),
      bufTs: this.buf === null ? EMPTY_F64 : this.buf.subarray(0, this.bufLen),
      bufVs: this.buf === null ? EMPTY_F64 : this.buf.subarray(HEAD_CHUNK_SAMPLES, HEAD_CHUNK_SAMPLES + this.bufLen),
      oooTs: ooo === null ? EMPTY_F64 : Float64Array.from(ooo.ts),
      oooVs: ooo === null ? EMPTY_F64 : Float64Array.from(ooo.vs),
    };
  }

  /** Restores the sample state saved by a head snapshot. */
  setState(st: SeriesState): void {
    this.lastT = st.lastT;
    this.chunks.load(st.chunks);
    this.bufLen = st.bufTs.length;
    this.buf = null;
    if (this.bufLen > 0) {
      const buf = this.allocBuf();
      buf.set(st.bufTs, 0);
      buf.set(st.bufVs, HEAD_CHUNK_SAMPLES);
    }
    this.ooo = null;
    for (let i = 0; i < st.oooTs.length; i++) {
      this.ooo ??= new OooBuffer();
      this.ooo.put(st.oooTs[i] as number, st.oooVs[i] as number);
    }
  }

  /** Approximate bytes of sample data held (for memory accounting). */
  dataBytes(): number {
    return this.chunks.bytes + (this.buf === null ? 0 : this.buf.byteLength) + (this.ooo?.length ?? 0) * 16;
  }

  private minInOrderT(): number {
    const chunkMin = this.chunks.minT();
    if (chunkMin !== Number.POSITIVE_INFINITY) return chunkMin;
    return this.buf !== null && this.bufLen > 0 ? (this.buf[0] as number) : Number.POSITIVE_INFINITY;
  }

  private allocBuf(): Float64Array {
    this.buf = new Float64Array(2 * HEAD_CHUNK_SAMPLES);
    return this.buf;
  }

  private flushBuf(): void {
    const buf = this.buf as Float64Array;
    this.chunks.push(buf.subarray(0, this.bufLen), buf.subarray(HEAD_CHUNK_SAMPLES), this.bufLen);
    this.bufLen = 0;
  }

  private insertInBuf(buf: Float64Array, t: number, v: number): void {
    const i = lowerBound(buf.subarray(0, this.bufLen), t);
    if (buf[i] === t && i < this.bufLen) {
      buf[HEAD_CHUNK_SAMPLES + i] = v;
      return;
    }
    buf.copyWithin(i + 1, i, this.bufLen);
    buf.copyWithin(HEAD_CHUNK_SAMPLES + i + 1, HEAD_CHUNK_SAMPLES + i, HEAD_CHUNK_SAMPLES + this.bufLen);
    buf[i] = t;
    buf[HEAD_CHUNK_SAMPLES + i] = v;
    this.bufLen++;
    if (this.bufLen === HEAD_CHUNK_SAMPLES) this.flushBuf();
  }

  private readInOrder(mint: number, maxt: number): Samples {
    // Size the result from chunk headers first, then decode each chunk into one scratch
    // buffer: a cut reads ~11 chunks of every series, and allocating per chunk showed up as a
    // fifth of the cut's time in garbage collection.
    const buf = this.buf;
    const bufFrom = buf === null ? 0 : lowerBound(buf, mint, 0, this.bufLen);
    const bufTo = buf === null ? 0 : lowerBound(buf, maxt + 1, bufFrom, this.bufLen);
    const cap = this.chunks.count(mint, maxt) + (bufTo - bufFrom);
    const ts = new Float64Array(cap);
    const vs = new Float64Array(cap);
    let k = 0;
    this.chunks.forEach((chunk) => {
      const d = decodeChunk(chunk, scratch);
      const from = lowerBound(d.ts, mint, 0, d.length);
      const to = lowerBound(d.ts, maxt + 1, from, d.length);
      ts.set(d.ts.subarray(from, to), k);
      vs.set(d.vs.subarray(from, to), k);
      k += to - from;
    });
    if (buf !== null && bufFrom < bufTo) {
      ts.set(buf.subarray(bufFrom, bufTo), k);
      vs.set(buf.subarray(HEAD_CHUNK_SAMPLES + bufFrom, HEAD_CHUNK_SAMPLES + bufTo), k);
      k += bufTo - bufFrom;
    }
    return { length: k, ts, vs };
  }
}

/** One series' samples as a head snapshot holds them. */
export interface SeriesState {
  readonly lastT: number;
  /** Closed chunks in the arena layout of HeadChunks. */
  readonly chunks: Uint8Array;
  readonly bufTs: Float64Array;
  readonly bufVs: Float64Array;
  readonly oooTs: Float64Array;
  readonly oooVs: Float64Array;
}

const EMPTY_F64 = new Float64Array(0);

/** Decode target reused by every read (reads are synchronous, so one is enough). */
const scratch: DecodedChunk = {
  length: 0,
  ts: new Float64Array(HEAD_CHUNK_SAMPLES),
  vs: new Float64Array(HEAD_CHUNK_SAMPLES),
};

function mergeOoo(a: Samples, ooo: OooBuffer, from: number, to: number): Samples {
  const cap = a.length + (to - from);
  const ts = new Float64Array(cap);
  const vs = new Float64Array(cap);
  let i = 0;
  let j = from;
  let k = 0;
  while (i < a.length || j < to) {
    const ta = i < a.length ? (a.ts[i] as number) : Number.POSITIVE_INFINITY;
    const tb = j < to ? (ooo.ts[j] as number) : Number.POSITIVE_INFINITY;
    if (tb <= ta) {
      ts[k] = tb;
      vs[k] = ooo.vs[j] as number;
      j++;
      if (ta === tb) i++;
    } else {
      ts[k] = ta;
      vs[k] = a.vs[i] as number;
      i++;
    }
    k++;
  }
  return { length: k, ts, vs };
}
