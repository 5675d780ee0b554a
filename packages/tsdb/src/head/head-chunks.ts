import { chunkInfo, decodeChunk, encodeChunk } from '../chunkenc/index.ts';

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
   * Removes samples older than `before`: whole chunks are dropped, a chunk that straddles
   * `before` is re-encoded with its newer part.
   */
  dropBefore(before: number): void {
    const kept: Uint8Array[] = [];
    this.forEach((chunk) => {
      const info = chunkInfo(chunk);
      if (info.maxT < before) return;
      if (info.minT >= before) {
        kept.push(chunk.slice());
        return;
      }
      const d = decodeChunk(chunk);
      let i = 0;
      while (i < d.length && (d.ts[i] as number) < before) i++;
      const n = d.length - i;
      kept.push(encodeChunk(d.ts.subarray(i), d.vs.subarray(i), n));
    });
    this.arena = EMPTY;
    this.used = 0;
    for (const c of kept) {
      this.reserve(2 + c.length);
      this.arena[this.used] = c.length & 0xff;
      this.arena[this.used + 1] = c.length >>> 8;
      this.arena.set(c, this.used + 2);
      this.used += 2 + c.length;
    }
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
