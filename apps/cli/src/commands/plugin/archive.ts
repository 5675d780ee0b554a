// Reading a plugin archive into its file entries: .tar.gz / .tgz (gzip through node:zlib, then tar)
// and .zip (stored and deflate entries). Only regular files are returned; a path that is absolute
// or climbs out with `..` makes the whole archive refused before anything is installed.
import { gunzipSync } from 'node:zlib';
import { ArchiveError, type ArchiveFile, checkEntryPath } from './archive-entry.ts';
import { readTar } from './tar-reader.ts';
import { readZip } from './zip-reader.ts';

/** The archive kind a file name says, or undefined when it is neither. */
export function archiveKind(name: string): 'zip' | 'tar.gz' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  return undefined;
}

/** The kind the bytes say (zip's `PK\3\4`, gzip's 1f 8b), for a URL whose name tells nothing. */
export function sniffKind(data: Buffer): 'zip' | 'tar.gz' | undefined {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'tar.gz';
  return undefined;
}

/** The regular files of an archive of `kind`, every path checked first. */
export function readArchive(kind: 'zip' | 'tar.gz', data: Buffer): ArchiveFile[] {
  let files: ArchiveFile[];
  if (kind === 'zip') {
    files = readZip(data);
  } else {
    let tar: Buffer;
    try {
      tar = gunzipSync(data);
    } catch (e) {
      throw new ArchiveError(`not a gzip file: ${(e as Error).message}`);
    }
    files = readTar(tar);
  }
  return files.map((f) => ({ ...f, path: checkEntryPath(f.path) }));
}
