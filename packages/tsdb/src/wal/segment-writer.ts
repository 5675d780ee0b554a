// The open end of the log: writes groups at the end of the open segment, syncs per the fsync
// policy, rotates segments, and handles failed writes (docs/format/wal.md, "Writing", "Failed writes").
import { type FileHandle, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeAll, writevAll } from './file-io.ts';
import { encodeHeader, FILE_HEADER_BYTES, FILE_KIND, segmentName } from './format.ts';
import type { WalLayout } from './replay.ts';

/** When appends become durable: 'batch' (default) = group commit, every append resolves after the fsync (fdatasync) that covers it; 'interval' = resolve after write, fsync every `fsyncIntervalMs`; 'never' = resolve after write (tests, benchmarks). */
export type FsyncPolicy = 'batch' | 'interval' | 'never';

interface OpenSegment {
  readonly n: number;
  readonly fh: FileHandle;
  len: number;
}

/** Writes groups of framed records into segment files; one caller at a time. */
export class SegmentWriter {
  /** Segment number -> valid length, for every segment on disk. */
  readonly lengths: Map<number, number>;
  /** Data fsyncs done (group syncs, periodic syncs, syncs at rotation and close). */
  syncs = 0;
  readonly #dir: string;
  readonly #policy: FsyncPolicy;
  readonly #log: (msg: string) => void;
  #active: OpenSegment | null = null;
  // Where the next segment starts when none is open: its number and its predecessor's length.
  #next: number;
  #prevEnd: number;
  #dirty = false;

  constructor(dir: string, policy: FsyncPolicy, log: (msg: string) => void, layout: WalLayout) {
    this.#dir = dir;
    this.#policy = policy;
    this.#log = log;
    this.lengths = new Map(layout.segments);
    this.#next = layout.next;
    this.#prevEnd = layout.prevEnd;
  }

  /** Number of the open segment, or of the one the next write creates; every lower segment is sealed. */
  openSegment(): number {
    return this.#active?.n ?? this.#next;
  }

  /** Bytes in the open segment (0 when none is open: the next write starts one). */
  openLength(): number {
    return this.#active?.len ?? 0;
  }

  /** Writes `bufs` (whole frames, `bytes` in all) at the end of the log, in a new segment if `fresh`; durable on return under 'batch'. On failure nothing of it stays and the segment is sealed. */
  async write(bufs: readonly Uint8Array[], bytes: number, fresh: boolean): Promise<void> {
    if (fresh || this.#active === null) await this.rotate();
    const seg = this.#active!;
    try {
      await writevAll(seg.fh, bufs, seg.len);
      if (this.#policy === 'batch') {
        await seg.fh.datasync();
        this.syncs++;
      } else {
        this.#dirty = true;
      }
    } catch (err) {
      await this.#abandon(seg);
      throw err;
    }
    seg.len += bytes;
    this.lengths.set(seg.n, seg.len);
  }

  /** Seals the open segment (synced unless 'never') and creates the next; returns its number. */
  async rotate(): Promise<number> {
    const old = this.#active;
    if (old !== null) {
      await this.sync();
      this.#seal(old);
      await old.fh.close().catch((err) => this.#log(`wal: closing segment ${old.n}: ${String(err)}`));
    }
    await this.#create();
    return this.openSegment();
  }

  /** Fsyncs the open segment if written since its last sync (not under 'never'). */
  async sync(): Promise<void> {
    if (this.#active === null || !this.#dirty || this.#policy === 'never') return;
    await this.#active.fh.datasync();
    this.syncs++;
    this.#dirty = false;
  }

  /** Syncs (whatever the policy) and closes the open segment. */
  async close(): Promise<void> {
    const seg = this.#active;
    if (seg === null) return;
    this.#active = null;
    try {
      if (this.#dirty) {
        await seg.fh.datasync();
        this.syncs++;
      }
    } finally {
      await seg.fh.close();
    }
  }

  #seal(seg: OpenSegment): void {
    this.#active = null;
    this.#next = seg.n + 1;
    this.#prevEnd = seg.len;
    this.#dirty = false;
  }

  // After a failed write or sync: cut the rejected bytes off and seal the segment, so the next
  // write starts a new one whose prevEnd marks where acknowledged data ends.
  async #abandon(seg: OpenSegment): Promise<void> {
    this.#seal(seg);
    let truncated = true;
    try {
      await seg.fh.truncate(seg.len);
      await seg.fh.sync();
    } catch (err) {
      truncated = false;
      this.#log(`wal: truncating segment ${seg.n} to ${seg.len} failed: ${String(err)}`);
    }
    await seg.fh.close().catch((err) => this.#log(`wal: closing segment ${seg.n}: ${String(err)}`));
    if (truncated) return;
    try {
      await this.#create();
    } catch (err) {
      this.#log(
        `wal: cannot start segment ${seg.n + 1} either (${String(err)}); rejected records may reappear at replay`,
      );
    }
  }

  // Creates segment #next with its header, durable (unless 'never') before any record goes in.
  async #create(): Promise<void> {
    const n = this.#next;
    const path = join(this.#dir, segmentName(n));
    let fh: FileHandle | null = null;
    try {
      fh = await open(path, 'w');
      await writeAll(fh, encodeHeader(FILE_KIND.segment, this.#prevEnd), 0);
      if (this.#policy !== 'never') {
        await fh.datasync();
        await fsyncDir(this.#dir);
      }
    } catch (err) {
      await fh?.close().catch(() => {});
      await rm(path, { force: true }).catch(() => {});
      throw err;
    }
    this.#active = { n, fh, len: FILE_HEADER_BYTES };
    this.lengths.set(n, FILE_HEADER_BYTES);
  }
}
