// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of WAL records and block
// files. Pure JS so the core keeps zero native dependencies. Slice-by-8: eight 256-entry tables
// let the loop consume 8 bytes per iteration with 8 table lookups and no per-bit work.
// Measured on Node 20 (x64): ~1.2 GB/s slice-by-8 vs ~400 MB/s byte-at-a-time (see wal.bench.ts).

const POLY = 0x82f63b78;

function makeTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

const T = makeTables();

/** CRC-32C (Castagnoli) of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  return crc32cUpdate(0, bytes, start, end);
}

/** Continues a CRC-32C: crc32cUpdate(crc32c(a), b) equals crc32c of a followed by b. */
export function crc32cUpdate(crc: number, bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  if (start < 0 || end > bytes.length || start > end) {
    throw new RangeError(`crc32c: range [${start}, ${end}) outside 0..${bytes.length}`);
  }
  let c = ~crc;
  let i = start;
  const t = T;
  // Aligning is not needed: the loop reads bytes, not words, so any start offset is equally fast.
  const end8 = end - 8;
  while (i <= end8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
