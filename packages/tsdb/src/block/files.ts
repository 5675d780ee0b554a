import type { Resolution } from '@saba/storage';

/** Magic of the index file. */
export const INDEX_MAGIC = 'SBIX';
/** Magic of each part file. */
export const PART_MAGIC = 'SBCK';
/** Version byte of the index and part files. */
export const FORMAT_VERSION = 1;
/** The index file's name. */
export const INDEX_FILE = 'index';
/** Bytes of the index header: magic, version, series count, four offset widths. */
export const INDEX_HEADER_BYTES = 13;
/** Bytes of a part file's header: magic, version, kind. */
export const PART_HEADER_BYTES = 6;

/** The file name of each part (the resolution's own name). */
export function partFile(part: Resolution): string {
  return part;
}

/** Bytes needed to hold offsets up to `max` (1..6). */
export function offsetWidth(max: number): number {
  let w = 1;
  while (max >= 2 ** (8 * w)) w++;
  return w;
}
