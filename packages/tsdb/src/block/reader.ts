import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SabaError } from '@saba/model';
import type { Resolution, RollupResolution, RollupSamples, Samples } from '@saba/storage';
import { decodeChunk, decodeRollupChunk } from '../chunkenc/index.ts';
import { crc32cUpdate } from '../wal/crc32c.ts';
import { FORMAT_VERSION, INDEX_FILE, INDEX_HEADER_BYTES, INDEX_MAGIC, partFile } from './files.ts';
import { type BlockMeta, PARTS, readMeta } from './meta.ts';
import { checkedChunk, parseDirectory, type RegionDirectory } from './region.ts';
import { concatRollups, concatSamples } from './slice.ts';
import { type EncodedChunk, regionBase } from './writer.ts';

// The first read of a region: enough for the directory of ~300 chunks and, for a 1-day block,
// usually the whole region (1,440 samples at 1/min encode to ~1–3 KB), so one syscall.
const FIRST_READ = 4096;
// Offsets-table CRC is checked at open in pieces of this size, so memory stays flat.
const CHECK_PIECE = 1 << 20;

/** Where the index's offsets table lies and how its rows are laid out. */
export interface IndexLayout {
  readonly tableStart: number;
  readonly rowBytes: number;
  /** Byte offset of each part's column within a row, and its width. */
  readonly colOffset: readonly number[];
  readonly widths: readonly number[];
}

/**
 * Reads one block synchronously (readSync at offsets). Keeps in memory only the sorted refs
 * (4 bytes a series) and one fd per part file, opened on first use.
 */
export class BlockReader {
  private readonly fds: (number | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly rowBuf: Buffer;
  private closed = false;

  private constructor(
    readonly dir: string,
    readonly meta: BlockMeta,
    private readonly refList: Uint32Array,
    private readonly indexFd: number,
    /** The index layout, for scans. */
    readonly layout: IndexLayout,
  ) {
    this.rowBuf = Buffer.alloc(2 * layout.rowBytes);
  }

  /** Opens a block directory, checking the index's CRCs. */
  static open(dir: string): BlockReader {
    const meta = readMeta(dir);
    if (os.endianness() !== 'LE') throw new SabaError('internal', 'block: refs are read as little-endian words');
    const fd = fs.openSync(path.join(dir, INDEX_FILE), 'r');
    try {
      const h = Buffer.alloc(INDEX_HEADER_BYTES);
      readExactly(fd, h, 0, dir);
      if (h.toString('latin1', 0, 4) !== INDEX_MAGIC || h[4] !== FORMAT_VERSION) {
        throw new SabaError('internal', `block ${dir}: not a version ${FORMAT_VERSION} index`);
      }
      const n = h.readUInt32LE(5);
      const widths = [h[9], h[10], h[11], h[12]] as number[];
      const refs = new Uint32Array(n);
      const refBytes = new Uint8Array(refs.buffer);
      readExactly(fd, refBytes, INDEX_HEADER_BYTES, dir);
      const crcBuf = Buffer.alloc(4);
      readExactly(fd, crcBuf, INDEX_HEADER_BYTES + 4 * n, dir);
      if (crc32cUpdate(crc32cUpdate(0, h), refBytes) !== crcBuf.readUInt32LE(0)) {
        throw new SabaError('internal', `block ${dir}: index refs fail their CRC`);
      }
      const colOffset: number[] = [];
      let rowBytes = 0;
      for (const w of widths) {
        colOffset.push(rowBytes);
        rowBytes += w;
      }
      const tableStart = INDEX_HEADER_BYTES + 4 * n + 4;
      checkTable(fd, tableStart, (n + 1) * rowBytes, dir);
      return new BlockReader(dir, meta, refs, fd, { tableStart, rowBytes, colOffset, widths });
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** Sorted refs present in this block. */
  refs(): Uint32Array {
    return this.refList;
  }

  /** Raw samples of `ref` within [mint, maxt] (inclusive), decoded; null if absent or raw dropped. */
  readRaw(ref: number, mint: number, maxt: number): Samples | null {
    const chunks = this.readChunks(ref, 'raw', mint, maxt);
    if (chunks === null) return null;
    return concatSamples(
      chunks.map((c) => decodeChunk(c.bytes)),
      mint,
      maxt,
    );
  }

  /** Rollup buckets of `ref` at `res` whose start lies in [mint, maxt]; null if absent or dropped. */
  readRollup(ref: number, res: RollupResolution, mint: number, maxt: number): RollupSamples | null {
    const chunks = this.readChunks(ref, res, mint, maxt);
    if (chunks === null) return null;
    return concatRollups(
      chunks.map((c) => decodeRollupChunk(c.bytes)),
      mint,
      maxt,
    );
  }

  /**
   * The CRC-checked chunks of `ref` in `part` whose range meets [mint, maxt]; an empty list if
   * the series has no data in that part, null if the series is absent or the part dropped.
   */
  readChunks(ref: number, part: Resolution, mint: number, maxt: number): EncodedChunk[] | null {
    const k = PARTS.indexOf(part);
    if (this.closed) throw new SabaError('unavailable', `block ${this.dir} is closed`);
    if (!this.meta.parts[part]) return null;
    const i = this.indexOf(ref);
    if (i < 0) return null;
    const [start, end] = this.region(i, k);
    if (start === end) return [];
    const fd = this.partFd(k);
    const base = regionBase(part, this.meta.minT);
    let buf = readAt(fd, start, Math.min(end - start, FIRST_READ), this.dir);
    let dir = parseDirectory(buf, base);
    if (dir === null) {
      buf = readAt(fd, start, end - start, this.dir);
      dir = parseDirectory(buf, base);
      if (dir === null) throw new SabaError('internal', `block ${this.dir}: truncated chunk directory`);
    }
    return this.pick(fd, start, buf, dir, mint, maxt);
  }

  /** Releases the fds. Reads afterwards throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.indexFd);
    for (const fd of this.fds) if (fd !== undefined) fs.closeSync(fd);
  }

  /** The fd of the index file, for scans. */
  get indexFile(): number {
    return this.indexFd;
  }

  /** The fd of part `k` (0 raw, 1 5m, 2 1h, 3 1d), opened on first use. */
  partFd(k: number): number {
    let fd = this.fds[k];
    if (fd === undefined) {
      fd = fs.openSync(path.join(this.dir, partFile(PARTS[k] as Resolution)), 'r');
      this.fds[k] = fd;
    }
    return fd;
  }

  private indexOf(ref: number): number {
    const refs = this.refList;
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((refs[mid] as number) < ref) lo = mid + 1;
      else hi = mid;
    }
    return lo < refs.length && refs[lo] === ref ? lo : -1;
  }

  // Series i's region in part k: two adjacent rows of the offsets table, one readSync.
  private region(i: number, k: number): [number, number] {
    const { tableStart, rowBytes, colOffset, widths } = this.layout;
    const b = this.rowBuf;
    const got = fs.readSync(this.indexFd, b, 0, 2 * rowBytes, tableStart + i * rowBytes);
    if (got !== 2 * rowBytes) throw new SabaError('internal', `block ${this.dir}: short index read`);
    const w = widths[k] as number;
    const o = colOffset[k] as number;
    return [b.readUIntLE(o, w), b.readUIntLE(rowBytes + o, w)];
  }

  private pick(
    fd: number,
    start: number,
    buf: Uint8Array,
    dir: RegionDirectory,
    mint: number,
    maxt: number,
  ): EncodedChunk[] {
    let a = 0;
    while (a < dir.count && (dir.maxTs[a] as number) < mint) a++;
    let b = a;
    while (b < dir.count && (dir.minTs[b] as number) <= maxt) b++;
    if (a === b) return [];
    let from = dir.dataStart;
    for (let i = 0; i < a; i++) from += dir.lens[i] as number;
    let to = from;
    for (let i = a; i < b; i++) to += dir.lens[i] as number;
    // The chunks needed often lie in the first read already; otherwise one more read.
    const data = to <= buf.length ? buf.subarray(from, to) : readAt(fd, start + from, to - from, this.dir);
    const out: EncodedChunk[] = [];
    let p = 0;
    for (let i = a; i < b; i++) {
      const len = dir.lens[i] as number;
      out.push(checkedChunk(dir, i, data.subarray(p, p + len), this.dir));
      p += len;
    }
    return out;
  }
}

/** Reads `len` bytes at `pos` into a new buffer; throws on a short read (a truncated file). */
export function readAt(fd: number, pos: number, len: number, where: string): Uint8Array {
  const buf = Buffer.allocUnsafe(len);
  readExactly(fd, buf, pos, where);
  return buf;
}

function readExactly(fd: number, buf: Uint8Array, pos: number, where: string): void {
  let off = 0;
  while (off < buf.length) {
    const got = fs.readSync(fd, buf, off, buf.length - off, pos + off);
    if (got === 0) throw new SabaError('internal', `block ${where}: file shorter than its index says`);
    off += got;
  }
}

function checkTable(fd: number, start: number, len: number, where: string): void {
  const piece = Buffer.allocUnsafe(Math.min(len + 4, CHECK_PIECE));
  let crc = 0;
  for (let off = 0; off < len; off += piece.length) {
    const n = Math.min(piece.length, len - off);
    const view = piece.subarray(0, n);
    readExactly(fd, view, start + off, where);
    crc = crc32cUpdate(crc, view);
  }
  const want = Buffer.alloc(4);
  readExactly(fd, want, start + len, where);
  if (crc !== want.readUInt32LE(0)) throw new SabaError('internal', `block ${where}: index offsets fail their CRC`);
}
