import { chunkInfo, decodeChunk, encodeChunk } from '../chunkenc/index.ts';
import { lowerBound } from '../search.ts';

/**
 * A series' closed head chunks, oldest first, concatenated in one growable byte arena as
 * `[u16 length][chunk bytes]`. One arena per series instead of one Uint8Array per chunk:
 * a V8 typed array costs ~150 bytes of overhead, and a 3 h head holds ~11 chunks of 16
 * samples, which would be ~1.6 KB of overhead alone against the 2 KB per-series budget.
 */
export class HeadChunks {
  private arena: Uint8Array = EMPTY;
  private used = 0;

  /** Bytes held (for memory accounting). */
  get bytes(): number {
    return this.arena.byteLength;
  }

  /** True when no chunk is held. */
  get empty(): boolean {
    return this.used === 0;
  }

  /** The chunks as stored (a view; copy it to keep it). */
  view(): Uint8Array {
    return this.arena.subarray(0, this.used);
  }

  /** Replaces the chunks with a copy of `bytes` in the same layout (from a snapshot). */
  load(bytes: Uint8Array): void {
    this.arena = bytes.length === 0 ? EMPTY : bytes.slice();
    this.used = bytes.length;
  }

  /** Encodes n samples as a new newest chunk. */
  push(ts: Float64Array, vs: Float64Array, n: number): void {
    const chunk = encodeChunk(ts, vs, n);
    if (chunk.length > 0xffff) throw new RangeError(`head chunk of ${chunk.length} bytes exceeds 65535`);
    this.reserve(2 + chunk.length);
    this.arena[this.used] = chunk.length & 0xff;
    this.arena[this.used + 1] = chunk.length >>> 8;
    this.arena.set(chunk, this.used + 2);
    this.used += 2 + chunk.length;
  }

  /** Calls `visit` with each chunk (a view into the arena, valid only during the call), oldest first. */
  forEach(visit: (chunk: Uint8Array) => void): void {
    let off = 0;
    while (off < this.used) {
      const len = (this.arena[off] as number) | ((this.arena[off + 1] as number) << 8);
      visit(this.arena.subarray(off + 2, off + 2 + len));
      off += 2 + len;
    }
  }

  /** Timestamp of the oldest sample held, or +Infinity. */
  minT(): number {
    if (this.used === 0) return Number.POSITIVE_INFINITY;
    const len = (this.arena[0] as number) | ((this.arena[1] as number) << 8);
    return chunkInfo(this.arena.subarray(2, 2 + len)).minT;
  }

  /**
   * Removes samples older than `before`. Chunks are in time order, so the older ones form a
   * prefix: it is dropped, and a chunk that straddles `before` is re-encoded with its newer part.
   */
  dropBefore(before: number): void {
    let off = 0;
    let straddler: Uint8Array | null = null;
    while (off < this.used) {
      const len = (this.arena[off] as number) | ((this.arena[off + 1] as number) << 8);
      const chunk = this.arena.subarray(off + 2, off + 2 + len);
      const info = chunkInfo(chunk);
      if (info.maxT >= before) {
        if (info.minT < before) {
          const d = decodeChunk(chunk);
          const i = lowerBound(d.ts, before, 0, d.length);
          straddler = encodeChunk(d.ts.subarray(i), d.vs.subarray(i), d.length - i);
          off += 2 + len;
        }
        break;
      }
      off += 2 + len;
    }
    if (off === 0) return;
    const rest = this.arena.subarray(off, this.used);
    const size = (straddler === null ? 0 : 2 + straddler.length) + rest.length;
    const next = size === 0 ? EMPTY : new Uint8Array(size);
    let at = 0;
    if (straddler !== null) {
      next[0] = straddler.length & 0xff;
      next[1] = straddler.length >>> 8;
      next.set(straddler, 2);
      at = 2 + straddler.length;
    }
    next.set(rest, at);
    this.arena = next;
    this.used = size;
  }

  /** Samples held in chunks that overlap [mint, maxt] (from chunk headers, without decoding). */
  count(mint = Number.NEGATIVE_INFINITY, maxt = Number.POSITIVE_INFINITY): number {
    let n = 0;
    this.forEach((chunk) => {
      const info = chunkInfo(chunk);
      if (info.maxT >= mint && info.minT <= maxt) n += info.count;
    });
    return n;
  }

  private reserve(extra: number): void {
    const need = this.used + extra;
    if (need <= this.arena.length) return;
    // Grow by half again: a 3 h head of one series settles near 300 bytes, so doubling would
    // waste up to ~150 bytes per series on average.
    const next = new Uint8Array(Math.max(need, Math.ceil(this.arena.length * 1.5), 64));
    next.set(this.arena.subarray(0, this.used));
    this.arena = next;
  }
}

const EMPTY = new Uint8Array(0);
