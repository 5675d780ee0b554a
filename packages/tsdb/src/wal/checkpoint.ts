// Writing a checkpoint: the kept records of older files, atomically (docs/format/wal.md, "Checkpoint").
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LimitError, UnavailableError } from '@saba/model';
import { fsyncDir, writeAll } from './file-io.ts';
import {
  checkpointName,
  decodeHeader,
  encodeHeader,
  FILE_HEADER_BYTES,
  FILE_KIND,
  type FileKind,
  frameBytes,
  MAX_RECORD_BYTES,
  RecordCursor,
  segmentName,
  writeFrame,
} from './format.ts';

/** One file whose records go into a checkpoint, read up to `limit` bytes. */
interface CheckpointSource {
  readonly path: string;
  readonly kind: FileKind;
  readonly limit: number;
}

// Kept records are copied into 1 MiB chunks before writing: large enough that write calls cost
// little next to the copy, small enough to stay out of the way of appends sharing the disk.
const CHUNK_BYTES = 1024 * 1024;

/**
 * Replaces the old checkpoint and the segments below `upTo` (all sealed) by `checkpoint.<upTo>`
 * holding what `keep` returns for their records; see docs/format/wal.md, "Checkpoint".
 */
export async function rewriteHistory(
  dir: string,
  old: { n: number; bytes: number } | null,
  segments: readonly { n: number; length: number }[],
  upTo: number,
  keep: (payload: Uint8Array) => Uint8Array | null,
): Promise<{ kept: number; dropped: number; bytes: number }> {
  const sources: CheckpointSource[] = segments.map((s) => ({
    path: join(dir, segmentName(s.n)),
    kind: FILE_KIND.segment,
    limit: s.length,
  }));
  if (old !== null) {
    sources.unshift({ path: join(dir, checkpointName(old.n)), kind: FILE_KIND.checkpoint, limit: old.bytes });
  }
  const r = await writeCheckpoint(dir, upTo, sources, keep);
  // Now covered by the new checkpoint; a crash midway leaves files that replay removes.
  for (const s of segments) await rm(join(dir, segmentName(s.n)), { force: true });
  if (old !== null && old.n !== upTo) await rm(join(dir, checkpointName(old.n)), { force: true });
  await fsyncDir(dir);
  return r;
}

/**
 * Writes `checkpoint.<upTo>` from `sources` in order, keeping what `keep` returns, via a temp
 * file that is synced and renamed (then the directory synced). Returns the counts and file size.
 * On failure the temp file is removed and nothing else changed.
 */
async function writeCheckpoint(
  dir: string,
  upTo: number,
  sources: readonly CheckpointSource[],
  keep: (payload: Uint8Array) => Uint8Array | null,
): Promise<{ kept: number; dropped: number; bytes: number }> {
  const final = join(dir, checkpointName(upTo));
  const tmp = `${final}.tmp`;
  const fh = await open(tmp, 'w');
  let kept = 0;
  let dropped = 0;
  let pos = 0;
  try {
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    const flush = async () => {
      await writeAll(fh, chunk.subarray(0, used), pos);
      pos += used;
      used = 0;
    };
    chunk.set(encodeHeader(FILE_KIND.checkpoint, 0), 0);
    used = FILE_HEADER_BYTES;
    for (const src of sources) {
      const buf = await readFile(src.path);
      const h = decodeHeader(buf);
      if (typeof h === 'string' || h.kind !== src.kind) {
        throw new UnavailableError(`checkpoint: ${src.path}: ${typeof h === 'string' ? h : 'wrong file kind'}`);
      }
      const cur = new RecordCursor(buf, FILE_HEADER_BYTES, Math.min(src.limit, buf.length));
      for (let p = cur.next(); p !== null; p = cur.next()) {
        const out = keep(p);
        if (out === null) {
          dropped++;
          continue;
        }
        if (out.length > MAX_RECORD_BYTES) {
          throw new LimitError(`checkpoint: kept record of ${out.length} bytes over the ${MAX_RECORD_BYTES} limit`);
        }
        kept++;
        const need = frameBytes(out.length);
        if (used + need > chunk.length) await flush();
        if (need > chunk.length) chunk = Buffer.allocUnsafe(need);
        used = writeFrame(chunk, used, out);
      }
      if (cur.error !== null || cur.offset !== src.limit) {
        throw new UnavailableError(
          `checkpoint: ${src.path} at offset ${cur.offset}: ${cur.error ?? 'file shorter than logged'}`,
        );
      }
    }
    await flush();
    await fh.datasync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, final);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await fsyncDir(dir);
  return { kept, dropped, bytes: pos };
}
