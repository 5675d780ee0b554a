import fs from 'node:fs';
import path from 'node:path';
import { BadDataError } from '@saba/model';
import { type Resolution, ROLLUP_STEP_MS } from '@saba/storage';
import { crc32c } from '../wal/crc32c.ts';
import {
  FORMAT_VERSION,
  INDEX_FILE,
  INDEX_HEADER_BYTES,
  INDEX_MAGIC,
  offsetWidth,
  PART_HEADER_BYTES,
  PART_MAGIC,
  partFile,
} from './files.ts';
import { fsyncDir } from './fsync.ts';
import { type BlockMeta, META_FILE, PARTS, type PartFlags, partFlags, writeFileSynced } from './meta.ts';
import { newUlid } from './ulid.ts';
import { putUvarint } from './varint.ts';

/** One encoded chunk with its time range (first and last sample or bucket start, inclusive) and CRC-32C. */
export interface EncodedChunk {
  readonly minT: number;
  readonly maxT: number;
  readonly bytes: Uint8Array;
  readonly crc: number;
}

/** One series' chunks for every part, each list in time order. */
export type SeriesChunks = Readonly<Record<Resolution, readonly EncodedChunk[]>>;

/**
 * The time a series' first chunk in `part` is stored relative to: the block's minT for raw
 * samples, the start of the bucket holding minT for a rollup (a 2 h block's day bucket starts
 * before the block does).
 */
export function regionBase(part: Resolution, blockMinT: number): number {
  if (part === 'raw') return blockMinT;
  const step = ROLLUP_STEP_MS[part];
  return Math.floor(blockMinT / step) * step;
}

/** What a block is: its range, write order, compaction level, and the parts it stores (default: all four). */
export interface BlockSpec {
  minT: number;
  maxT: number;
  seq: number;
  level: number;
  overlapping?: boolean;
  parts?: readonly Resolution[];
}

// 1 MiB write buffers: a 28-day block's raw file is hundreds of MB, written in ~1 syscall a MiB.
const WRITE_BUF = 1 << 20;

class PartWriter {
  private readonly buf = new Uint8Array(WRITE_BUF);
  private len = 0;
  private closed = false;
  /** Bytes written so far, header included. */
  pos = 0;

  constructor(
    private readonly fd: number,
    kind: number,
  ) {
    const h = new Uint8Array(PART_HEADER_BYTES);
    h.set(Buffer.from(PART_MAGIC, 'latin1'), 0);
    h[4] = FORMAT_VERSION;
    h[5] = kind;
    this.write(h);
  }

  write(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) fs.writeSync(this.fd, bytes);
    else {
      this.buf.set(bytes, this.len);
      this.len += bytes.length;
    }
    this.pos += bytes.length;
  }

  flush(): void {
    let off = 0;
    while (off < this.len) off += fs.writeSync(this.fd, this.buf, off, this.len - off);
    this.len = 0;
  }

  finish(): void {
    try {
      this.flush();
      fs.fsyncSync(this.fd);
    } finally {
      this.close();
    }
  }

  /** Closes the file without writing what is buffered (abort); closing twice is a no-op. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/**
 * Streams series into a new block: part files are written as series arrive, the index at the
 * end. Nothing is visible under `parentDir` until finish() renames the temp directory.
 */
export class BlockWriter {
  private readonly id = newUlid();
  private readonly tmpDir: string;
  // One writer per part in PARTS order; null for a part the block does not store (no file).
  private readonly parts: (PartWriter | null)[] = [];
  private readonly stored: PartFlags;
  private refs = new Uint32Array(1024);
  // Region starts per part, one row per series (+1 row of file ends at finish).
  private offsets = new Float64Array(1024 * 4);
  private n = 0;
  private samples = 0;
  private chunks = 0;
  private dirBuf = new Uint8Array(4096);
  private done = false;

  private constructor(
    private readonly parentDir: string,
    private readonly spec: BlockSpec,
  ) {
    if (!(spec.minT < spec.maxT)) throw new BadDataError(`block: empty range [${spec.minT}, ${spec.maxT})`);
    this.stored = partFlags(spec.parts);
    this.tmpDir = path.join(parentDir, `${this.id}.tmp`);
    fs.mkdirSync(this.tmpDir, { recursive: true });
    // A part not stored gets no file at all, as a dropped one: listBlocks and the reader already
    // go by meta.parts, and an empty file would still cost an inode and an fd per block.
    PARTS.forEach((p, kind) => {
      this.parts.push(
        this.stored[p] ? new PartWriter(fs.openSync(path.join(this.tmpDir, partFile(p)), 'w'), kind) : null,
      );
    });
  }

  /** Starts a block under `parentDir` (which is created if missing). */
  static create(parentDir: string, spec: BlockSpec): BlockWriter {
    return new BlockWriter(parentDir, spec);
  }

  /**
   * Adds a series; refs must ascend. `samples` is its raw sample count (for stats). Chunks of
   * parts the block does not store are ignored; a series with no chunk in a stored part is skipped.
   */
  add(ref: number, chunks: SeriesChunks, samples: number): void {
    if (!Number.isInteger(ref) || ref <= 0 || ref > 0xffffffff) throw new BadDataError(`block: bad ref ${ref}`);
    if (this.n > 0 && ref <= (this.refs[this.n - 1] as number)) {
      throw new BadDataError(`block: ref ${ref} after ${this.refs[this.n - 1]}: refs must ascend`);
    }
    if (PARTS.every((p) => !this.stored[p] || chunks[p].length === 0)) return;
    if (this.n + 1 >= this.refs.length) this.grow();
    this.refs[this.n] = ref;
    for (let k = 0; k < PARTS.length; k++) {
      const part = this.parts[k];
      // An unstored part's column stays 0 (its offsets are never read: readers check meta.parts).
      if (part === null || part === undefined) continue;
      this.offsets[this.n * 4 + k] = part.pos;
      this.writeRegion(part, chunks[PARTS[k] as Resolution], regionBase(PARTS[k] as Resolution, this.spec.minT));
    }
    this.n++;
    this.samples += samples;
    if (this.stored.raw) this.chunks += chunks.raw.length;
  }

  /** Writes the index and meta, fsyncs, and renames the block into place; returns its meta. */
  finish(): BlockMeta {
    if (this.done) throw new Error('block writer already finished');
    try {
      const meta = this.writeOut();
      this.done = true;
      return meta;
    } catch (err) {
      // A failed write (a full disk) must not leave open files or the temp directory behind.
      this.abort();
      throw err;
    }
  }

  private writeOut(): BlockMeta {
    for (let k = 0; k < PARTS.length; k++) {
      const part = this.parts[k];
      if (part === null || part === undefined) continue;
      this.offsets[this.n * 4 + k] = part.pos;
      part.finish();
    }
    const indexBytes = this.writeIndex();
    let bytes = indexBytes;
    for (const p of this.parts) bytes += p?.pos ?? 0;
    const meta: BlockMeta = {
      version: 1,
      id: this.id,
      minT: this.spec.minT,
      maxT: this.spec.maxT,
      seq: this.spec.seq,
      level: this.spec.level,
      ...(this.spec.overlapping === true ? { overlapping: true } : {}),
      stats: { series: this.n, samples: this.samples, chunks: this.chunks, bytes },
      parts: { ...this.stored },
    };
    writeFileSynced(path.join(this.tmpDir, META_FILE), JSON.stringify(meta, null, 2));
    fsyncDir(this.tmpDir);
    fs.renameSync(this.tmpDir, path.join(this.parentDir, this.id));
    fsyncDir(this.parentDir);
    return meta;
  }

  /** Abandons the block: closes and removes the temp directory. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    // Close without flushing: on a full disk a flush would throw before the close, and the
    // deleted files, still open, would keep their space.
    for (const p of this.parts) p?.close();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  private writeRegion(part: PartWriter, chunks: readonly EncodedChunk[], base: number): void {
    if (chunks.length === 0) return;
    // A directory entry is at most 3 varints of ≤ 8 bytes and a 4-byte CRC.
    const need = 8 + chunks.length * 28;
    if (this.dirBuf.length < need) this.dirBuf = new Uint8Array(need * 2);
    const d = this.dirBuf;
    let p = putUvarint(d, 0, chunks.length);
    let prev = base;
    let first = true;
    for (const c of chunks) {
      if (c.minT < prev || (!first && c.minT === prev) || c.maxT < c.minT || c.maxT >= this.spec.maxT) {
        throw new BadDataError(`block: chunk [${c.minT}, ${c.maxT}] out of order or outside the block`);
      }
      p = putUvarint(d, p, c.bytes.length);
      p = putUvarint(d, p, c.minT - prev);
      p = putUvarint(d, p, c.maxT - c.minT);
      d[p++] = c.crc & 0xff;
      d[p++] = (c.crc >>> 8) & 0xff;
      d[p++] = (c.crc >>> 16) & 0xff;
      d[p++] = (c.crc >>> 24) & 0xff;
      prev = c.maxT;
      first = false;
    }
    part.write(d.subarray(0, p));
    for (const c of chunks) part.write(c.bytes);
  }

  private writeIndex(): number {
    const n = this.n;
    const widths = PARTS.map((_, k) => offsetWidth(this.offsets[n * 4 + k] as number));
    const rowBytes = widths.reduce((a, b) => a + b, 0);
    const headEnd = INDEX_HEADER_BYTES + 4 * n;
    const total = headEnd + 4 + (n + 1) * rowBytes + 4;
    const buf = Buffer.alloc(total);
    buf.write(INDEX_MAGIC, 0, 'latin1');
    buf[4] = FORMAT_VERSION;
    buf.writeUInt32LE(n, 5);
    widths.forEach((w, k) => {
      buf[9 + k] = w;
    });
    for (let i = 0; i < n; i++) buf.writeUInt32LE(this.refs[i] as number, INDEX_HEADER_BYTES + 4 * i);
    buf.writeUInt32LE(crc32c(buf, 0, headEnd), headEnd);
    const tableStart = headEnd + 4;
    let p = tableStart;
    for (let i = 0; i <= n; i++) {
      for (let k = 0; k < 4; k++) {
        buf.writeUIntLE(this.offsets[i * 4 + k] as number, p, widths[k] as number);
        p += widths[k] as number;
      }
    }
    buf.writeUInt32LE(crc32c(buf, tableStart, p), p);
    writeFileSynced(path.join(this.tmpDir, INDEX_FILE), buf);
    return total;
  }

  private grow(): void {
    const refs = new Uint32Array(this.refs.length * 2);
    refs.set(this.refs);
    this.refs = refs;
    const offsets = new Float64Array(this.offsets.length * 2);
    offsets.set(this.offsets);
    this.offsets = offsets;
  }
}
