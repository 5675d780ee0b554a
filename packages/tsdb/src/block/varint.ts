/** Writes `v` (an integer in [0, 2^53)) as an unsigned LEB128 varint at `p`; returns the next offset. */
export function putUvarint(out: Uint8Array, p: number, v: number): number {
  // Division, not shifts: times and offsets exceed the 32 bits bitwise operators keep.
  while (v >= 128) {
    out[p++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[p++] = v;
  return p;
}
