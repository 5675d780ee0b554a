// A small tar reader (POSIX ustar and GNU): 512-byte headers, octal size and mode, the ustar prefix,
// GNU long names (`L`) and pax `path` records (`x`). Only regular files come back; directories,
// links and devices are skipped (a plugin is a regular file). Layout: POSIX.1-1988 ustar, pax in
// POSIX.1-2001.
import { ArchiveError, type ArchiveFile, checkEntryPath } from './archive-entry.ts';

const BLOCK = 512;

function field(h: Buffer, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(h: Buffer, offset: number, length: number): number {
  // GNU writes sizes over 8 GiB in base-256 (high bit set): no plugin is that big.
  if ((h[offset] as number) & 0x80) throw new ArchiveError('tar entry too large');
  const text = field(h, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`bad number in tar header: ${JSON.stringify(text)}`);
  return Number.parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
  return sum === octal(h, 148, 8);
}

/** pax extended header records: `<len> <key>=<value>\n`. */
function paxPath(data: Buffer): string | undefined {
  let rest = data.toString('utf8');
  while (rest.length > 0) {
    const sp = rest.indexOf(' ');
    const len = Number.parseInt(rest.slice(0, sp), 10);
    if (sp <= 0 || !Number.isFinite(len) || len <= 0) return undefined;
    const record = Buffer.from(rest).subarray(0, len).toString('utf8');
    const kv = record.slice(record.indexOf(' ') + 1, -1);
    const eq = kv.indexOf('=');
    if (kv.slice(0, eq) === 'path') return kv.slice(eq + 1);
    rest = Buffer.from(rest).subarray(len).toString('utf8');
  }
  return undefined;
}

/** The regular files of an uncompressed tar; every entry's path is checked, files or not. */
export function readTar(tar: Buffer): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    if (!checksumOk(h)) throw new ArchiveError(`bad tar header checksum at byte ${offset}`);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] as number);
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) throw new ArchiveError('truncated tar archive');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const magic = field(h, 257, 6);
    const prefix = magic.startsWith('ustar') ? field(h, 345, 155) : '';
    const name = longName ?? (prefix !== '' ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    checkEntryPath(name);
    if (type === '0' || type === '\0' || type === '7') {
      files.push({ path: name, mode: octal(h, 100, 8) & 0o7777, data: Buffer.from(data) });
    }
  }
  return files;
}
