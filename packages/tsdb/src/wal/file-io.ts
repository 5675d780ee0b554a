// The few file operations the WAL needs, each complete (no short writes) and durable when asked.
import { type FileHandle, open } from 'node:fs/promises';
import { SabaError, UnavailableError } from '@saba/model';

/** Writes all of `buf` at `position`, looping over short writes (libuv reports a partial write before ENOSPC). */
export async function writeAll(fh: FileHandle, buf: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    if (bytesWritten === 0) throw new Error(`short write at offset ${position + done}`);
    done += bytesWritten;
  }
}

/** Writes `bufs` back to back at `position` with as few writev calls as the kernel allows, looping over short writes. */
export async function writevAll(fh: FileHandle, bufs: readonly Uint8Array[], position: number): Promise<void> {
  let rest = bufs;
  let pos = position;
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest, pos);
    if (bytesWritten === 0) throw new Error(`short write at offset ${pos}`);
    pos += bytesWritten;
    let left = bytesWritten;
    let i = 0;
    while (i < rest.length && left >= rest[i]!.length) left -= rest[i++]!.length;
    rest = rest.slice(i);
    if (left > 0) rest = [rest[0]!.subarray(left), ...rest.slice(1)];
  }
}

/** Fsyncs a directory, making creates, renames and unlinks in it durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Truncates a file to `length` and syncs it. */
export async function truncateFile(path: string, length: number): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.truncate(length);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The error an append rejects with for a failed write or sync: 'disk full' for ENOSPC/EDQUOT. */
export function writeError(err: unknown): SabaError {
  if (err instanceof SabaError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new UnavailableError(`disk full: ${msg}`, { cause: err });
  return new UnavailableError(`wal write failed: ${msg}`, { cause: err });
}
