// JSON numbers read straight from request bytes, giving the same double JSON.parse gives.
// Most numbers an agent posts are whole seconds, counters and short decimals: their decimal
// significand fits in 53 bits and their exponent in [-22, 22], so one multiply or divide of two
// exact doubles is the correctly rounded value (Clinger's fast path) and no string is made. The
// rest (17-digit shortest-round-trip floats, huge exponents) are handed to Number() on the slice:
// 20 % of the values of ingest.bench.ts's bodies, and ~16 % of the scan's time.

/** Where a scan ended: a holder reused across calls, so that a scan returns two values without allocating. */
export interface ScanEnd {
  /** The index just past what was read, or -1 when the bytes did not hold what was asked for. */
  end: number;
}

// 10^0 .. 10^22: every one is exact in a double (10^23 is not).
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_53 = 2 ** 53;

const ZERO = 0x30;
const NINE = 0x39;

/**
 * Reads the JSON number (RFC 8259 §6 grammar) starting at `b[i]` and returns its value,
 * bit-identical to JSON.parse's (negative zero included); sets `at.end` past it, or to -1 when
 * no well-formed number starts at `i`.
 */
export function scanNumber(b: Buffer, i: number, at: ScanEnd): number {
  const start = i;
  let c = b[i];
  const negative = c === 0x2d;
  if (negative) c = b[++i];
  let sig = 0;
  // Significant digits so far, counted from the first non-zero one: leading zeros add nothing to sig.
  let digits = 0;
  if (c === ZERO) {
    c = b[++i];
    // JSON has no leading zeros: "01" is not a number.
    if (c !== undefined && c >= ZERO && c <= NINE) return fail(at);
  } else if (c !== undefined && c > ZERO && c <= NINE) {
    do {
      sig = sig * 10 + (c - ZERO);
      digits++;
      c = b[++i];
    } while (c !== undefined && c >= ZERO && c <= NINE);
  } else {
    return fail(at);
  }
  let exponent = 0;
  if (c === 0x2e) {
    c = b[++i];
    if (c === undefined || c < ZERO || c > NINE) return fail(at);
    do {
      if (sig !== 0 || c !== ZERO) digits++;
      sig = sig * 10 + (c - ZERO);
      exponent--;
      c = b[++i];
    } while (c !== undefined && c >= ZERO && c <= NINE);
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++i];
    const negativeExponent = c === 0x2d;
    if (negativeExponent || c === 0x2b) c = b[++i];
    if (c === undefined || c < ZERO || c > NINE) return fail(at);
    // A huge exponent grows e to Infinity, which leaves the number to Number() below.
    let e = 0;
    do {
      e = e * 10 + (c - ZERO);
      c = b[++i];
    } while (c !== undefined && c >= ZERO && c <= NINE);
    exponent += negativeExponent ? -e : e;
  }
  at.end = i;
  // Up to 15 digits sig is below 10^15 and exact. A 16th digit is added to an exact multiple of
  // ten below 10^16, so the sum is exact when it is below 2^53; when the true sum is 2^53 + 1 it
  // rounds down to 2^53, which the strict comparison leaves to Number() as well.
  if (digits <= 16 && sig < TWO_53 && exponent >= -22 && exponent <= 22) {
    const v = exponent >= 0 ? sig * (POW10[exponent] as number) : sig / (POW10[-exponent] as number);
    return negative ? -v : v;
  }
  return Number(b.toString('latin1', start, i));
}

function fail(at: ScanEnd): number {
  at.end = -1;
  return Number.NaN;
}
