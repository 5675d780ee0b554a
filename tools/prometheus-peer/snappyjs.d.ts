// snappyjs 0.7 ships no types; these are the two functions of its index.js used here.
declare module 'snappyjs' {
  /** Snappy block-format compression (not the framed stream format). */
  export function compress(uncompressed: Uint8Array): Uint8Array;
  /** Snappy block-format decompression; throws past `maxLength` bytes. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
}
