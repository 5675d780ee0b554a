import fs from 'node:fs';
import { SabaError } from '@saba/model';
import type { Resolution } from '@saba/storage';
import { PARTS, type PartFlags } from './meta.ts';
import type { BlockReader } from './reader.ts';
import { checkedChunk, parseDirectory } from './region.ts';
import { type EncodedChunk, regionBase, type SeriesChunks } from './writer.ts';

// Read-ahead per file while scanning: 256 KiB × 5 files × up to 40 inputs of a compaction
// is ~50 MB, and turns a syscall per series into one per 256 KiB.
const WINDOW = 256 * 1024;

/** A forward-only read window over one file: reads at increasing positions cost one syscall a window. */
class SeqWindow {
  private buf = Buffer.allocUnsafe(WINDOW);
  private start = 0;
  private len = 0;

  constructor(
    private readonly fd: number,
    private readonly where: string,
  ) {}

  /** Bytes [pos, pos+n); valid until the next read. */
  read(pos: number, n: number): Uint8Array {
    if (pos >= this.start && pos + n <= this.start + this.len)
      return this.buf.subarray(pos - this.start, pos - this.start + n);
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, 2 * this.buf.length));
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, this.buf, got, this.buf.length - got, pos + got);
      if (r === 0) throw new SabaError('internal', `block ${this.where}: file shorter than its index says`);
      got += r;
    }
    this.start = pos;
    this.len = got;
    return this.buf.subarray(0, n);
  }
}

/** One series as a scan yields it; chunk bytes stay valid only until the scan moves on. */
export interface ScannedSeries {
  readonly ref: number;
  readonly chunks: SeriesChunks;
}

/**
 * Walks every series of a block in ref order with sequential reads, for compaction. Yields the
 * chunks of the parts in `want` (default all) that the block stores; other parts come empty.
 */
export class BlockScan {
  private i = 0;
  private readonly index: SeqWindow;
  private readonly parts: (SeqWindow | null)[];
  private cur: ScannedSeries | null = null;

  constructor(
    private readonly reader: BlockReader,
    want?: Readonly<PartFlags>,
  ) {
    this.index = new SeqWindow(reader.indexFile, reader.dir);
    // Parts not wanted are not read: a compaction whose output stores no 5m skips ~half the
    // input bytes (5m is 2.16 of 4.65 bytes/sample).
    this.parts = PARTS.map((p, k) =>
      reader.meta.parts[p] && (want === undefined || want[p]) ? new SeqWindow(reader.partFd(k), reader.dir) : null,
    );
    this.load();
  }

  /** The series under the cursor, or null past the end. */
  current(): ScannedSeries | null {
    return this.cur;
  }

  /** Moves to the next series. */
  next(): void {
    this.i++;
    this.load();
  }

  private load(): void {
    const refs = this.reader.refs();
    if (this.i >= refs.length) {
      this.cur = null;
      return;
    }
    const { tableStart, rowBytes, colOffset, widths } = this.reader.layout;
    const rows = Buffer.from(this.index.read(tableStart + this.i * rowBytes, 2 * rowBytes));
    const chunks: Record<Resolution, EncodedChunk[]> = { raw: [], '5m': [], '1h': [], '1d': [] };
    for (let k = 0; k < PARTS.length; k++) {
      const win = this.parts[k];
      if (win === null || win === undefined) continue;
      const w = widths[k] as number;
      const start = rows.readUIntLE(colOffset[k] as number, w);
      const end = rows.readUIntLE(rowBytes + (colOffset[k] as number), w);
      if (start === end) continue;
      const part = PARTS[k] as Resolution;
      const region = win.read(start, end - start);
      const dir = parseDirectory(region, regionBase(part, this.reader.meta.minT));
      if (dir === null) throw new SabaError('internal', `block ${this.reader.dir}: truncated chunk directory`);
      let p = dir.dataStart;
      for (let c = 0; c < dir.count; c++) {
        const len = dir.lens[c] as number;
        chunks[part].push(checkedChunk(dir, c, region.subarray(p, p + len), this.reader.dir));
        p += len;
      }
    }
    this.cur = { ref: refs[this.i] as number, chunks };
  }
}
