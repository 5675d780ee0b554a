// Snappy block format (not the framed stream format), as remote_write 1.0 bodies are compressed.
import { BadDataError, TooLargeError } from '@saba/model';
import { uncompress } from 'snappyjs';

/**
 * The length a snappy block says it decompresses to: its leading varint (at most 32 bits), read
 * before anything is allocated, so that a 20-byte body claiming 4 GiB is refused unread.
 */
export function snappyDecodedLength(block: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const b = block[i] as number;
    n += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return n;
  }
  throw new BadDataError('snappy: corrupt input (no valid length header)');
}

/** Decompresses a snappy block, refusing one that would exceed `maxBytes` (TooLargeError) or is corrupt (BadDataError). */
export function snappyDecode(block: Uint8Array, maxBytes: number): Uint8Array {
  const length = snappyDecodedLength(block);
  if (length > maxBytes) {
    throw new TooLargeError(
      `the request decompresses to ${length} bytes; at most ${maxBytes} are accepted (lower queue_config.max_samples_per_send)`,
    );
  }
  try {
    return uncompress(block, maxBytes);
  } catch (err) {
    throw new BadDataError(`snappy: corrupt input (${(err as Error).message})`);
  }
}
