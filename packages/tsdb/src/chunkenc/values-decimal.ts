import { BadDataError } from '@saba/model';
import type { BitReader } from './bit-reader.ts';
import { type BitWriter, gammaBits, svlBits } from './bit-writer.ts';
import { POW10 } from './header.ts';
import { type ColumnPlan, planColumn, writeColumn } from './int-column.ts';
import { readColumn } from './int-column-read.ts';

/** Largest decimal exponent k tried: m / 10^15 still leaves room for 3 integer digits under 2^52. */
const MAX_K = 15;
/** Integers (and their differences) must stay below 2^52 so zigzag stays a safe integer. */
const LIMIT = 2 ** 52;
/** Order 3 is not a difference order: the values as runs of equal integers. */
const RUNS = 3;

/** The decimal scheme's choices for one chunk, and their size in bits (scheme id excluded). */
export interface DecimalPlan {
  k: number;
  /** 0 raw, 1 delta, 2 delta-of-delta, 3 runs. */
  order: number;
  column: ColumnPlan | null;
  bits: number;
}

let ms = new Float64Array(256);
let xs = new Float64Array(256);

/**
 * Finds the k for which every value is exactly m / 10^k (as float64 division) with an integer
 * |m| < 2^52, and fills the module's m array; -1 if there is none. -0, NaN and ±Inf never are.
 */
function scale(vs: Float64Array, n: number): number {
  if (ms.length < n) {
    ms = new Float64Array(n * 2);
    xs = new Float64Array(n * 2);
  }
  let k = 0;
  let p = 1;
  for (let i = 0; i < n; i++) {
    const v = vs[i]!;
    let m = Math.round(v * p);
    if (m / p !== v) {
      do {
        if (++k > MAX_K || Number.isNaN(v)) return -1;
        p = POW10[k]!;
        m = Math.round(v * p);
      } while (m / p !== v);
      // Earlier values stay exact at a larger k (m·10^j / 10^(k+j) is the same real, rounded
      // the same), but Math.round(v·10^k) can miss that m near 2^52, so each is checked again.
      for (let j = 0; j < i; j++) {
        const mj = Math.round(vs[j]! * p);
        if (mj / p !== vs[j] || !(Math.abs(mj) < LIMIT)) return -1;
        ms[j] = mj;
      }
    }
    if (!(Math.abs(m) < LIMIT) || (v === 0 && 1 / v < 0)) return -1;
    ms[i] = m;
  }
  return k;
}

/** Fills xs with the order-th differences of ms (n - order of them). */
function differences(n: number, order: number): void {
  if (order === 0) xs.set(ms.subarray(0, n));
  else if (order === 1) for (let i = 1; i < n; i++) xs[i - 1] = ms[i]! - ms[i - 1]!;
  else for (let i = 2; i < n; i++) xs[i - 2] = ms[i]! - 2 * ms[i - 1]! + ms[i - 2]!;
}

/** Size in bits of the runs form of ms[0..n), k and order included. */
function runsBits(n: number): number {
  let bits = 6 + svlBits(ms[0]!);
  let len = 1;
  for (let i = 1; i < n; i++) {
    if (ms[i] === ms[i - 1]) len++;
    else {
      bits += gammaBits(len - 1) + svlBits(ms[i]! - ms[i - 1]!);
      len = 1;
    }
  }
  return bits + gammaBits(len - 1);
}

/** Estimated bits a value of a column with this range and mean magnitude; see planDecimal. */
function estimate(lo: number, hi: number, mean: number): number {
  if (!(-lo < LIMIT && hi < LIMIT)) return Number.POSITIVE_INFINITY;
  return Math.min(Math.log2(hi - lo + 1), mean > 0 ? Math.log2(2 * mean + 1) + 1 : 0);
}

/**
 * Plans the decimal scheme, or returns null when the values are not all decimals. One pass over
 * the integers gathers what picks the difference order (see estimate) and counts the changes;
 * the runs form is sized when fewer than half the values change, and only the chosen order's
 * column is planned in full.
 */
export function planDecimal(vs: Float64Array, n: number): DecimalPlan | null {
  const k = scale(vs, n);
  if (k < 0) return null;
  let lo = ms[0]!;
  let hi = lo;
  let lo1 = Number.POSITIVE_INFINITY;
  let hi1 = Number.NEGATIVE_INFINITY;
  let lo2 = lo1;
  let hi2 = hi1;
  let sum1 = 0;
  let sum2 = 0;
  let changes = 0;
  for (let i = 1; i < n; i++) {
    const m = ms[i]!;
    const d = m - ms[i - 1]!;
    if (m < lo) lo = m;
    else if (m > hi) hi = m;
    if (d !== 0) changes++;
    // Order 1 is the usual pick: its differences go to xs now, saving a pass later.
    xs[i - 1] = d;
    if (d < lo1) lo1 = d;
    if (d > hi1) hi1 = d;
    sum1 += Math.abs(d);
    if (i >= 2) {
      const d2 = d - (ms[i - 1]! - ms[i - 2]!);
      if (d2 < lo2) lo2 = d2;
      if (d2 > hi2) hi2 = d2;
      sum2 += Math.abs(d2);
    }
  }
  // Runs cost at least 8 bits a change: worth sizing only when changes are rare.
  const runs = changes * 8 < n * 4 ? runsBits(n) : Number.POSITIVE_INFINITY;
  let best: DecimalPlan = { k, order: RUNS, column: null, bits: runs };
  if (n === 1) return best;
  // Estimated bits a value for each order: log2 of its range for the offset transform (a
  // counter's increments are spread evenly over a narrow range), log2 of twice its mean
  // magnitude plus about 1 for zigzag and Rice (a gauge's steps, a steady counter's second
  // differences near 0). Only the cheapest order is planned in full.
  const est0 = Math.log2(hi - lo + 1);
  const est1 = estimate(lo1, hi1, sum1 / (n - 1));
  const est2 = n > 2 ? estimate(lo2, hi2, sum2 / (n - 2)) : Number.POSITIVE_INFINITY;
  let order = 1;
  if (est2 < est1 && est2 < est0) order = 2;
  else if (est0 < est1) order = 0;
  if (order !== 1) differences(n, order);
  const column = planColumn(xs, n - order);
  let bits = 6 + column.bits;
  if (order >= 1) bits += svlBits(ms[0]!);
  if (order === 2) bits += svlBits(ms[1]! - ms[0]!);
  if (bits < best.bits) best = { k, order, column, bits };
  return best;
}

/** Writes the decimal body (after the scheme id) of the values last planned by planDecimal. */
export function writeDecimal(w: BitWriter, n: number, plan: DecimalPlan): void {
  w.write(plan.k | (plan.order << 4), 6);
  if (plan.column === null) {
    w.svl(ms[0]!);
    let len = 1;
    for (let i = 1; i < n; i++) {
      if (ms[i] === ms[i - 1]) len++;
      else {
        w.gamma(len - 1);
        w.svl(ms[i]! - ms[i - 1]!);
        len = 1;
      }
    }
    w.gamma(len - 1);
    return;
  }
  if (plan.order >= 1) w.svl(ms[0]!);
  if (plan.order === 2) w.svl(ms[1]! - ms[0]!);
  writeColumn(w, xs, n - plan.order, plan.column);
}

/** Reads a decimal body into vs[0..n). */
export function readDecimal(r: BitReader, vs: Float64Array, n: number): void {
  const h = r.read(6);
  const k = h & 15;
  const order = h >>> 4;
  const p = POW10[k]!;
  if (order === RUNS) {
    let m = r.svl();
    let i = 0;
    for (;;) {
      const end = i + r.gamma() + 1;
      if (end > n) throw new BadDataError('chunk: value run too long');
      const v = m / p;
      for (; i < end; i++) vs[i] = v;
      if (i === n) return;
      m += r.svl();
    }
  }
  if (xs.length < n) {
    ms = new Float64Array(n * 2);
    xs = new Float64Array(n * 2);
  }
  if (order === 0) {
    readColumn(r, xs, n);
    for (let i = 0; i < n; i++) vs[i] = xs[i]! / p;
    return;
  }
  let m = r.svl();
  vs[0] = m / p;
  if (order === 1) {
    readColumn(r, xs, n - 1);
    for (let i = 1; i < n; i++) {
      m += xs[i - 1]!;
      vs[i] = m / p;
    }
    return;
  }
  let d = r.svl();
  m += d;
  vs[1] = m / p;
  readColumn(r, xs, n - 2);
  for (let i = 2; i < n; i++) {
    d += xs[i - 2]!;
    m += d;
    vs[i] = m / p;
  }
}
