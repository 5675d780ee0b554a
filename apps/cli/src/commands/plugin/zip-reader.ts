// A small zip reader: the end-of-central-directory record, the central directory, then each local
// header; stored (0) and deflate (8) entries, CRC-32 checked. Unix permission bits come from the
// high 16 bits of the external attributes when the entry was made on Unix (made-by host 3).
// Layout: PKWARE APPNOTE.TXT §4.3. No zip64, encryption or multi-disk archives (plugins are small).
import { crc32, inflateRawSync } from 'node:zlib';
import { ArchiveError, type ArchiveFile, checkEntryPath } from './archive-entry.ts';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

function findEocd(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the end.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= stop; i--) if (zip.readUInt32LE(i) === EOCD_SIG) return i;
  throw new ArchiveError('not a zip file (no end of central directory)');
}

/** The regular files of a zip archive; every entry's path is checked, files or not. */
export function readZip(zip: Buffer): ArchiveFile[] {
  if (zip.length < 22) throw new ArchiveError('not a zip file (too short)');
  const eocd = findEocd(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const files: ArchiveFile[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL_SIG)
      throw new ArchiveError('broken zip central directory');
    const madeBy = zip.readUInt16LE(p + 4) >> 8;
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const external = zip.readUInt32LE(p + 38);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;
    checkEntryPath(name);
    const unixMode = madeBy === 3 ? external >>> 16 : 0;
    const isDir = name.endsWith('/') || (unixMode & 0o170000) === 0o040000;
    const isSymlink = (unixMode & 0o170000) === 0o120000;
    if (isDir || isSymlink) continue;
    if (flags & 0x1) throw new ArchiveError(`encrypted zip entry: ${name}`);
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIG) {
      throw new ArchiveError(`broken zip local header: ${name}`);
    }
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (raw.length !== compressedSize) throw new ArchiveError(`truncated zip entry: ${name}`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch (e) {
        throw new ArchiveError(`cannot inflate zip entry ${name}: ${(e as Error).message}`);
      }
    } else throw new ArchiveError(`unsupported zip compression method ${method}: ${name}`);
    if (data.length !== size || crc32(data) !== crc) throw new ArchiveError(`zip entry fails its CRC check: ${name}`);
    files.push({ path: name, mode: unixMode & 0o7777, data });
  }
  return files;
}
