// Replay and repair of a WAL directory (docs/format/wal.md, "Replay and repair").
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, truncateFile } from './file-io.ts';
import {
  checkpointName,
  decodeHeader,
  FILE_HEADER_BYTES,
  FILE_KIND,
  type FileHeader,
  type FileKind,
  parseFileName,
  RecordCursor,
  segmentName,
} from './format.ts';

/** What replay read, and the damage it cut off (segment -1 means the checkpoint). */
export interface ReplayReport {
  /** Records handed to the visitor. */
  records: number;
  /** Payload bytes handed to the visitor. */
  bytes: number;
  /** Segment files read (the checkpoint not counted). */
  segments: number;
  /** Where the log was cut, or null when it ended cleanly. */
  corrupt: null | { segment: number; offset: number; reason: string; droppedBytes: number };
}

/** The files on disk after replay, and where the next segment starts. */
export interface WalLayout {
  /** The checkpoint's number and size, if there is one. */
  checkpoint: { n: number; bytes: number } | null;
  /** Segment number -> valid length in bytes, ascending. */
  segments: Map<number, number>;
  /** Number of the next segment to create. */
  next: number;
  /** Valid length of segment `next - 1` (its successor's `prevEnd`), 0 if absent. */
  prevEnd: number;
}

interface FileRead {
  /** End of the last good record (0 when the header is bad). */
  end: number;
  error: string | null;
}

/** Reads, visits and repairs every record in `dir`; see docs/format/wal.md. */
export async function replayDir(
  dir: string,
  visit: (payload: Uint8Array, segment: number) => void,
  log: (msg: string) => void,
): Promise<{ report: ReplayReport; layout: WalLayout }> {
  const { ck, segs } = await tidy(dir, log);
  const report: ReplayReport = { records: 0, bytes: 0, segments: 0, corrupt: null };
  const layout: WalLayout = { checkpoint: null, segments: new Map(), next: 0, prevEnd: 0 };
  const read = (buf: Buffer, limit: number, kind: FileKind, segment: number): FileRead => {
    const h = decodeHeader(buf);
    if (typeof h === 'string') return { end: 0, error: h };
    if (h.kind !== kind) return { end: 0, error: `file kind ${h.kind}, expected ${kind}` };
    const cur = new RecordCursor(buf, FILE_HEADER_BYTES, limit);
    for (let p = cur.next(); p !== null; p = cur.next()) {
      visit(p, segment);
      report.records++;
      report.bytes += p.length;
    }
    return { end: cur.offset, error: cur.error };
  };
  const cut = async (segment: number, path: string, size: number, r: FileRead, later: number[]) => {
    const droppedBytes = size - r.end + (await removeSegments(dir, later));
    if (r.end === 0) {
      await rm(path, { force: true });
      await fsyncDir(dir);
    } else {
      await truncateFile(path, r.end);
    }
    const reason = r.error ?? 'unknown';
    report.corrupt = { segment, offset: r.end, reason, droppedBytes };
    const what = segment < 0 ? 'checkpoint' : `segment ${segment}`;
    log(`wal: ${what} at offset ${r.end}: ${reason}; dropped ${droppedBytes} bytes (${later.length} later segments)`);
  };

  if (ck !== undefined) {
    const path = join(dir, checkpointName(ck));
    const buf = await readFile(path);
    const r = read(buf, buf.length, FILE_KIND.checkpoint, -1);
    layout.next = ck;
    if (r.error !== null) {
      await cut(-1, path, buf.length, r, segs);
      if (r.end > 0) layout.checkpoint = { n: ck, bytes: r.end };
      return { report, layout };
    }
    layout.checkpoint = { n: ck, bytes: buf.length };
  }

  let expected = ck ?? segs[0] ?? 0;
  for (let i = 0; i < segs.length; i++) {
    const n = segs[i]!;
    const later = segs.slice(i + 1);
    if (n !== expected) {
      const droppedBytes = await removeSegments(dir, segs.slice(i));
      report.corrupt = { segment: expected, offset: 0, reason: `segment ${expected} missing`, droppedBytes };
      log(`wal: segment ${expected} missing; dropped ${droppedBytes} bytes in segments ${n} and later`);
      break;
    }
    const path = join(dir, segmentName(n));
    const buf = await readFile(path);
    if (later.length === 0 && buf.length < FILE_HEADER_BYTES) {
      // A crash while creating the segment: no record can have been written to it.
      await rm(path, { force: true });
      await fsyncDir(dir);
      log(`wal: removed segment ${n}, cut off while being created (${buf.length} bytes)`);
      break;
    }
    report.segments++;
    // The successor's prevEnd says where this segment's acknowledged data ends.
    const nextHeader = later[0] === n + 1 ? await readHeader(join(dir, segmentName(n + 1))) : null;
    // A prevEnd below the header size cannot describe an existing segment: not trusted.
    const prevEnd =
      nextHeader === null || typeof nextHeader === 'string' || nextHeader.prevEnd < FILE_HEADER_BYTES
        ? buf.length
        : nextHeader.prevEnd;
    const r = read(buf, Math.min(prevEnd, buf.length), FILE_KIND.segment, n);
    if (r.error === null && prevEnd > buf.length) {
      r.error = `segment is ${buf.length} bytes but segment ${n + 1} recorded ${prevEnd}`;
    }
    if (r.error !== null) {
      await cut(n, path, buf.length, r, later);
      if (r.end > 0) layout.segments.set(n, r.end);
      break;
    }
    if (prevEnd < buf.length) {
      log(`wal: segment ${n}: discarding ${buf.length - prevEnd} bytes after ${prevEnd}, left by a failed write`);
      await truncateFile(path, prevEnd);
    }
    layout.segments.set(n, prevEnd);
    expected = n + 1;
  }

  const last = [...layout.segments.keys()].at(-1);
  if (last !== undefined) {
    layout.next = last + 1;
    layout.prevEnd = layout.segments.get(last)!;
  } else {
    layout.next = ck ?? segs[0] ?? 0;
  }
  return { report, layout };
}

/** Removes leftovers of interrupted checkpoints; returns the checkpoint number and the segments to read. */
async function tidy(dir: string, log: (msg: string) => void): Promise<{ ck: number | undefined; segs: number[] }> {
  const segs: number[] = [];
  const cks: number[] = [];
  const remove: string[] = [];
  for (const name of await readdir(dir)) {
    const f = parseFileName(name);
    if (f === null) continue;
    if (f.type === 'temp') remove.push(name);
    else if (f.type === 'segment') segs.push(f.n);
    else cks.push(f.n);
  }
  const asc = (a: number, b: number) => a - b;
  segs.sort(asc);
  cks.sort(asc);
  const ck = cks.at(-1);
  for (const n of cks.slice(0, -1)) remove.push(checkpointName(n));
  while (ck !== undefined && segs[0] !== undefined && segs[0] < ck) remove.push(segmentName(segs.shift()!));
  for (const name of remove) {
    await rm(join(dir, name), { force: true });
    log(`wal: removed ${name}, left by an interrupted checkpoint`);
  }
  if (remove.length > 0) await fsyncDir(dir);
  return { ck, segs };
}

/** Removes segments, highest first so a crash midway leaves a contiguous log; returns their bytes. */
async function removeSegments(dir: string, ns: readonly number[]): Promise<number> {
  let bytes = 0;
  for (const n of [...ns].reverse()) {
    const path = join(dir, segmentName(n));
    bytes += (await stat(path)).size;
    await rm(path, { force: true });
  }
  if (ns.length > 0) await fsyncDir(dir);
  return bytes;
}

async function readHeader(path: string): Promise<FileHeader | string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(FILE_HEADER_BYTES);
    const { bytesRead } = await fh.read(buf, 0, FILE_HEADER_BYTES, 0);
    return decodeHeader(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
