import { SabaError } from '@saba/model';
import { crc32c } from '../wal/crc32c.ts';
import type { EncodedChunk } from './writer.ts';

/** A series region's chunk directory, parsed: per chunk its byte length, time range and CRC. */
export interface RegionDirectory {
  count: number;
  /** Offset of the first chunk's bytes from the region start. */
  dataStart: number;
  lens: number[];
  minTs: number[];
  maxTs: number[];
  crcs: number[];
}

/**
 * Parses the directory at the start of a region (docs/format/block.md). Returns null when `buf`
 * (a prefix of the region) ends inside the directory, so the caller reads more and retries.
 */
export function parseDirectory(buf: Uint8Array, base: number): RegionDirectory | null {
  const c = { p: 0 };
  const count = uvarintOrNull(buf, c);
  if (count === null) return null;
  const dir: RegionDirectory = { count, dataStart: 0, lens: [], minTs: [], maxTs: [], crcs: [] };
  let prev = base;
  for (let i = 0; i < count; i++) {
    const len = uvarintOrNull(buf, c);
    const dMin = len === null ? null : uvarintOrNull(buf, c);
    const span = dMin === null ? null : uvarintOrNull(buf, c);
    if (len === null || dMin === null || span === null || c.p + 4 > buf.length) return null;
    const crc =
      ((buf[c.p] as number) | ((buf[c.p + 1] as number) << 8) | ((buf[c.p + 2] as number) << 16)) +
      (buf[c.p + 3] as number) * 2 ** 24;
    c.p += 4;
    const minT = prev + dMin;
    dir.lens.push(len);
    dir.minTs.push(minT);
    dir.maxTs.push(minT + span);
    dir.crcs.push(crc);
    prev = minT + span;
  }
  dir.dataStart = c.p;
  return dir;
}

/** Chunk `i` of a directory as an EncodedChunk over `bytes`, after checking its CRC. */
export function checkedChunk(dir: RegionDirectory, i: number, bytes: Uint8Array, where: string): EncodedChunk {
  const crc = dir.crcs[i] as number;
  if (crc32c(bytes) !== crc) throw new SabaError('internal', `${where}: chunk ${i} fails its CRC`);
  return { minT: dir.minTs[i] as number, maxT: dir.maxTs[i] as number, bytes, crc };
}

function uvarintOrNull(buf: Uint8Array, c: { p: number }): number | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    const b = buf[c.p++];
    if (b === undefined) return null;
    v += (b & 127) * mul;
    if (b < 128) return v;
    mul *= 128;
  }
  throw new SabaError('internal', 'block: varint too long');
}
