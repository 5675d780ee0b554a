// Byte layout of WAL files (docs/format/wal.md): the 24-byte file header, record frames, names.
import { crc32c, crc32cUpdate } from './crc32c.ts';

/** Bytes of the header at the start of every segment and checkpoint. */
export const FILE_HEADER_BYTES = 24;
/** Bytes before each payload: u32 length, u32 CRC-32C of length and payload. */
export const RECORD_HEADER_BYTES = 8;
/** Largest payload, and largest total of one append call. 256 MiB: 4x the 64 MiB the head needs at most. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** The format version written in every file header. */
export const FORMAT_VERSION = 1;
/** Header kind byte of each file type. */
export const FILE_KIND = { segment: 0, checkpoint: 1 } as const;
/** A header kind byte. */
export type FileKind = (typeof FILE_KIND)[keyof typeof FILE_KIND];

const MAGIC = [0x53, 0x57, 0x41, 0x4c]; // "SWAL"

/** A decoded file header. */
export interface FileHeader {
  readonly kind: FileKind;
  readonly prevEnd: number;
}

/** Encodes a file header. */
export function encodeHeader(kind: FileKind, prevEnd: number): Buffer {
  const b = Buffer.alloc(FILE_HEADER_BYTES);
  b.set(MAGIC, 0);
  b[4] = FORMAT_VERSION;
  b[5] = kind;
  b.writeBigUInt64LE(BigInt(prevEnd), 8);
  b.writeUInt32LE(crc32c(b, 0, 20), 20);
  return b;
}

/** Decodes a file header; a string says why it is not valid. */
export function decodeHeader(bytes: Uint8Array): FileHeader | string {
  if (bytes.length < FILE_HEADER_BYTES) return `torn file header: ${bytes.length} of ${FILE_HEADER_BYTES} bytes`;
  const v = new DataView(bytes.buffer, bytes.byteOffset, FILE_HEADER_BYTES);
  if (v.getUint32(20, true) !== crc32c(bytes, 0, 20)) return 'file header checksum mismatch';
  if (MAGIC.some((m, i) => bytes[i] !== m)) return 'bad magic';
  if (bytes[4] !== FORMAT_VERSION) return `unknown format version ${bytes[4]}`;
  const kind = bytes[5];
  if (kind !== FILE_KIND.segment && kind !== FILE_KIND.checkpoint) return `unknown file kind ${kind}`;
  return { kind, prevEnd: Number(v.getBigUint64(8, true)) };
}

/** Bytes a record of `payloadLength` takes on disk. */
export function frameBytes(payloadLength: number): number {
  return RECORD_HEADER_BYTES + payloadLength;
}

/** Copies `payload` framed into `dst` at `off`; returns the offset after it. The CRC is taken over the copy. */
export function writeFrame(dst: Buffer, off: number, payload: Uint8Array): number {
  const start = off + RECORD_HEADER_BYTES;
  const end = start + payload.length;
  dst.writeUInt32LE(payload.length, off);
  dst.set(payload, start);
  dst.writeUInt32LE(crc32cUpdate(crc32c(dst, off, off + 4), dst, start, end), off + 4);
  return end;
}

/**
 * Reads frames from bytes[start, limit) one at a time. `next()` returns a payload view or null at
 * the end; then `error` says why it stopped early (null for a clean end at `limit`) and `offset`
 * is the end of the last good record.
 */
export class RecordCursor {
  /** End of the last good record read so far. */
  offset: number;
  /** Why reading stopped before `limit`, or null. */
  error: string | null = null;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #limit: number;

  constructor(bytes: Uint8Array, start: number, limit: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = start;
    this.#limit = limit;
  }

  /** The next payload, or null at the end or at a bad record. */
  next(): Uint8Array | null {
    const o = this.offset;
    const left = this.#limit - o;
    if (left <= 0 || this.error !== null) return null;
    if (left < RECORD_HEADER_BYTES) return this.#fail(`torn record header: ${left} of ${RECORD_HEADER_BYTES} bytes`);
    const len = this.#view.getUint32(o, true);
    if (len > MAX_RECORD_BYTES) return this.#fail(`record length ${len} over the ${MAX_RECORD_BYTES} limit`);
    const start = o + RECORD_HEADER_BYTES;
    const end = start + len;
    if (end > this.#limit) return this.#fail(`torn record: ${left - RECORD_HEADER_BYTES} of ${len} payload bytes`);
    const want = this.#view.getUint32(o + 4, true);
    if (crc32cUpdate(crc32c(this.#bytes, o, o + 4), this.#bytes, start, end) !== want) {
      return this.#fail('record checksum mismatch');
    }
    this.offset = end;
    return this.#bytes.subarray(start, end);
  }

  #fail(reason: string): null {
    this.error = reason;
    return null;
  }
}

/** File name of segment `n`. */
export function segmentName(n: number): string {
  return String(n).padStart(8, '0');
}

/** File name of the checkpoint covering the segments below `n`. */
export function checkpointName(n: number): string {
  return `checkpoint.${segmentName(n)}`;
}

/** What a directory entry is, by name; null for names the WAL does not own. */
export type WalFileName =
  | { readonly type: 'segment'; readonly n: number }
  | { readonly type: 'checkpoint'; readonly n: number }
  | { readonly type: 'temp' };

/** Classifies a directory entry name. */
export function parseFileName(name: string): WalFileName | null {
  if (/^\d{8,}$/.test(name)) return { type: 'segment', n: Number(name) };
  const m = /^checkpoint\.(\d{8,})$/.exec(name);
  if (m) return { type: 'checkpoint', n: Number(m[1]) };
  if (/^checkpoint\.\d{8,}\.tmp$/.test(name)) return { type: 'temp' };
  return null;
}
