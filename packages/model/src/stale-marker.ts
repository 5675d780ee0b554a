// Prometheus's staleness marker: a NaN with one particular bit pattern, stored as a sample to say
// "this series has no value from here on". OTLP's no_recorded_value flag is stored as it.

const STALE_BITS = 0x7ff0000000000002n;

/** The staleness marker as a float64 (a NaN; compare with isStaleMarker, never with ===). */
export const STALE_NAN: number = new Float64Array(new BigUint64Array([STALE_BITS]).buffer)[0] as number;

// A typed array, never an array literal: V8 canonicalises NaNs stored in plain double arrays.
const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);

/** Whether `v` is the staleness marker rather than an ordinary NaN. */
export function isStaleMarker(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  scratch[0] = v;
  return scratchBits[0] === STALE_BITS;
}
