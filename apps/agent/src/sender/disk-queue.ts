// A FIFO of JSON records kept as one file per record under the agent's root, so unsent metrics
// and check reports survive a server outage, an agent restart and kill -9 (the official agent
// keeps them in memory only). Layout: docs/format/agent-buffer.md.
//
// One file per record is the simple choice that fits the load: one metric batch a minute is
// 1,440 files a day at most, each written once (tmp + fsync + rename) and unlinked once posted.
// Only names and sizes stay in memory, so a 24-hour backlog costs kilobytes of RSS, not the
// megabytes of its values.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from '@saba/agent-config/sync-fs';

/** How much the queue keeps; older or excess records are dropped oldest first. */
export interface QueueLimits {
  readonly maxAgeSeconds: number;
  readonly maxBytes: number;
}

/** One queued record: its file (or, when the disk refused it, the record itself) and its time. */
export interface QueueEntry {
  readonly name: string;
  readonly timeSec: number;
  readonly bytes: number;
  /** Set only when writing the file failed (e.g. a full disk): the record lives in memory instead. */
  readonly record?: unknown;
}

const RECENT = 2;
const NAME = /^(\d{10})-(\d{8})\.json$/;

/** A directory of records, oldest first, written durably before anything is sent. */
export class DiskQueue {
  readonly #dir: string;
  readonly #limits: QueueLimits;
  readonly #fsync: boolean;
  readonly #onDrop: (entry: QueueEntry, why: string) => void;
  #entries: QueueEntry[] = [];
  /** The newest records as written, so the usual minute (write, post, remove) reads no file back. */
  readonly #recent = new Map<string, unknown>();
  #seq = 0;
  #bytes = 0;

  private constructor(dir: string, limits: QueueLimits, fsync: boolean, onDrop: (e: QueueEntry, why: string) => void) {
    this.#dir = dir;
    this.#limits = limits;
    this.#fsync = fsync;
    this.#onDrop = onDrop;
  }

  /** Opens (creating) the directory and loads the names of records left by an earlier run. */
  static async open(
    dir: string,
    limits: QueueLimits,
    options: { fsync?: boolean; onDrop?: (entry: QueueEntry, why: string) => void } = {},
  ): Promise<DiskQueue> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const q = new DiskQueue(dir, limits, options.fsync ?? true, options.onDrop ?? (() => {}));
    for (const name of (await readdir(dir)).sort()) {
      const m = NAME.exec(name);
      if (m === null) {
        // A temp file of a write that kill -9 interrupted: its rename never happened, so it was never queued.
        if (name.startsWith('.tmp-')) await rm(join(dir, name), { force: true });
        continue;
      }
      const bytes = (await stat(join(dir, name))).size;
      q.#entries.push({ name, timeSec: Number(m[1]), bytes });
      q.#bytes += bytes;
      q.#seq = Math.max(q.#seq, Number(m[2]) + 1);
    }
    return q;
  }

  /** Records queued, oldest first. */
  get entries(): readonly QueueEntry[] {
    return this.#entries;
  }

  /** Number of records queued. */
  get length(): number {
    return this.#entries.length;
  }

  /** Appends a record stamped `timeSec`; it is on disk (or, if the disk fails, in memory) when this resolves. */
  async push(timeSec: number, record: unknown, nowSec: number): Promise<QueueEntry> {
    const name = `${String(Math.max(0, Math.floor(timeSec))).padStart(10, '0')}-${String(this.#seq++ % 1e8).padStart(8, '0')}.json`;
    const data = JSON.stringify(record);
    let entry: QueueEntry = { name, timeSec, bytes: Buffer.byteLength(data) };
    try {
      await this.#write(name, data);
      this.#recent.set(name, record);
      // Two is enough for the steady state; a backlog is read from disk so that it costs no RSS.
      if (this.#recent.size > RECENT) this.#recent.delete(this.#recent.keys().next().value as string);
    } catch {
      entry = { ...entry, record };
    }
    this.#insert(entry);
    await this.trim(nowSec);
    return entry;
  }

  /** Reads a queued record back. */
  async read(entry: QueueEntry): Promise<unknown> {
    if ('record' in entry) return entry.record;
    if (this.#recent.has(entry.name)) return this.#recent.get(entry.name);
    return JSON.parse(await readFile(join(this.#dir, entry.name), 'utf8'));
  }

  /** Removes records that were delivered (or given up on). */
  async remove(entries: readonly QueueEntry[]): Promise<void> {
    const gone = new Set(entries);
    this.#entries = this.#entries.filter((e) => !gone.has(e));
    for (const e of entries) {
      this.#bytes -= e.bytes;
      this.#recent.delete(e.name);
      if (!('record' in e)) await unlink(join(this.#dir, e.name)).catch(() => {});
    }
  }

  /** Drops records older than the age limit and the oldest beyond the size limit. */
  async trim(nowSec: number): Promise<void> {
    const old = this.#entries.filter((e) => e.timeSec < nowSec - this.#limits.maxAgeSeconds);
    for (const e of old) this.#onDrop(e, `older than ${this.#limits.maxAgeSeconds} s`);
    if (old.length > 0) await this.remove(old);
    while (this.#bytes > this.#limits.maxBytes && this.#entries.length > 1) {
      const e = this.#entries[0] as QueueEntry;
      this.#onDrop(e, `buffer over ${this.#limits.maxBytes} bytes`);
      await this.remove([e]);
    }
  }

  #insert(entry: QueueEntry): void {
    // Names sort by time then sequence; records mostly arrive in time order, so this is an append.
    let i = this.#entries.length;
    while (i > 0 && (this.#entries[i - 1] as QueueEntry).name > entry.name) i--;
    this.#entries.splice(i, 0, entry);
    this.#bytes += entry.bytes;
  }

  async #write(name: string, data: string): Promise<void> {
    const tmp = join(this.#dir, `.tmp-${name}`);
    await writeFile(tmp, data, { mode: 0o600 });
    if (this.#fsync) syncPath(tmp);
    await rename(tmp, join(this.#dir, name));
    if (this.#fsync) syncPath(this.#dir);
  }
}

function syncPath(path: string): void {
  // Synchronous on purpose: a few hundred microseconds once a minute, and no extra promise plumbing.
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
