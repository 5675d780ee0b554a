import { BadDataError } from '@saba/model';
import type { BitReader } from './bit-reader.ts';
import { type BitWriter, gammaBits } from './bit-writer.ts';
import { POW10 } from './header.ts';
import { riceParameter } from './int-column.ts';

/** How the timestamps of a chunk will be written: unit exponent, base delta, run parameter, size. */
export interface TimestampPlan {
  unit: number;
  /** The base delta D, in units. */
  base: number;
  /** Rice parameter of the run lengths. */
  k: number;
  /** Events in the module's event arrays. */
  events: number;
  bits: number;
}

/** A run's Rice quotient of 32 or more is escaped: 32 zero bits, then gamma(run). */
const ESCAPE = 32;
/** Largest Rice parameter of the runs: runs are shorter than 2^20 samples. */
const MAX_K = 20;

// Positions of the deltas that differ from the first delta, found while checking the timestamps,
// and the events of the section: a run of base deltas, then (but for the last) an exception x
// in units, paired when the next delta is base - x (one sample early or late).
let exceptions = new Int32Array(64);
let evRun = new Int32Array(64);
let evX = new Float64Array(64);
let evPaired = new Uint8Array(64);

function grow(n: number): void {
  if (exceptions.length < n) {
    exceptions = new Int32Array(n * 2);
    evRun = new Int32Array(n * 2);
    evX = new Float64Array(n * 2);
    evPaired = new Uint8Array(n * 2);
  }
}

function runBits(r: number, k: number): number {
  const q = r >>> k;
  return q < ESCAPE ? q + 1 + k : ESCAPE + gammaBits(r);
}

/**
 * Checks the timestamps (whole ms, strictly increasing, in [0, 2^53)) and plans their section:
 * the largest power-of-ten unit dividing every delta, the majority delta as the base, the
 * events, and the Rice parameter that makes their runs smallest.
 */
export function planTimestamps(ts: Float64Array, n: number): TimestampPlan {
  const t0 = ts[0]!;
  if (!Number.isSafeInteger(t0) || t0 < 0) throw new BadDataError(`chunk: bad timestamp ${t0}`);
  if (n === 1) return { unit: 0, base: 0, k: 0, events: 0, bits: 0 };
  if (!Number.isSafeInteger(ts[n - 1]!)) throw new BadDataError(`chunk: bad timestamp ${ts[n - 1]}`);
  grow(n);
  const first = ts[1]! - t0;
  if (!(first > 0) || !Number.isInteger(first)) throw new BadDataError('chunk: timestamps not increasing at 1');
  let unit = 9;
  let p = POW10[unit]!;
  while (first % p !== 0) p = POW10[--unit]!;
  let checked = first;
  let count = 0;
  // Boyer-Moore majority vote: one pass, no memory.
  let cand = 0;
  let votes = 0;
  for (let i = 1; i < n; i++) {
    const d = ts[i]! - ts[i - 1]!;
    if (d !== first) {
      if (!(d > 0) || !Number.isInteger(d)) throw new BadDataError(`chunk: timestamps not increasing at ${i}`);
      // Test divisibility (a float modulo) only when the delta is new.
      if (d !== checked) {
        while (d % p !== 0) p = POW10[--unit]!;
        checked = d;
      }
      exceptions[count++] = i;
    }
    if (votes === 0) {
      cand = d;
      votes = 1;
    } else if (d === cand) votes++;
    else votes--;
  }
  // The first delta is the majority in all but the 4 % of chunks that start with a late or early
  // sample: events come from the exceptions found, or else from a second pass.
  if (cand !== first) {
    count = 0;
    for (let i = 1; i < n; i++) if (ts[i]! - ts[i - 1]! !== cand) exceptions[count++] = i;
  }
  const base = cand / p;
  let events = 0;
  let last = 0;
  let sumRuns = 0;
  let bits = gammaBits(base - 1) + 5;
  for (let j = 0; j < count; j++) {
    const i = exceptions[j]!;
    const x = (ts[i]! - ts[i - 1]!) / p - base;
    const paired = j + 1 < count && exceptions[j + 1] === i + 1 && (ts[i + 1]! - ts[i]!) / p === base - x;
    evRun[events] = i - 1 - last;
    evX[events] = x;
    evPaired[events] = paired ? 1 : 0;
    sumRuns += i - 1 - last;
    bits += gammaBits(Math.abs(x) - 1) + 2;
    events++;
    last = paired ? i + 1 : i;
    if (paired) j++;
  }
  evRun[events] = n - 1 - last;
  sumRuns += n - 1 - last;
  events++;
  // Rice parameter from the mean run, then the better of it and its neighbours, sized exactly.
  const k0 = Math.min(riceParameter(events, sumRuns), MAX_K);
  let best = Number.POSITIVE_INFINITY;
  let k = k0;
  for (let j = Math.max(0, k0 - 1); j <= Math.min(MAX_K, k0 + 1); j++) {
    let s = 0;
    for (let e = 0; e < events; e++) s += runBits(evRun[e]!, j);
    if (s < best) {
      best = s;
      k = j;
    }
  }
  return { unit, base, k, events, bits: bits + best };
}

/** Writes the timestamp section as planned by the planTimestamps call just before. */
export function writeTimestamps(w: BitWriter, n: number, plan: TimestampPlan): void {
  if (n === 1) return;
  const k = plan.k;
  w.gamma(plan.base - 1);
  w.write(k, 5);
  const mask = (1 << k) - 1;
  for (let e = 0; e < plan.events; e++) {
    const r = evRun[e]!;
    const q = r >>> k;
    if (q < ESCAPE) {
      w.write(1 << q, q + 1);
      w.write(r & mask, k);
    } else {
      w.write(0, ESCAPE);
      w.gamma(r);
    }
    if (e === plan.events - 1) return;
    const x = evX[e]!;
    w.gamma(Math.abs(x) - 1);
    w.write((x < 0 ? 1 : 0) | (evPaired[e]! << 1), 2);
  }
}

/** Reads the timestamp section into `ts[0..n)`; checks the last one against maxT. */
export function readTimestamps(
  r: BitReader,
  ts: Float64Array,
  n: number,
  minT: number,
  maxT: number,
  unit: number,
): void {
  ts[0] = minT;
  if (n === 1) {
    if (maxT !== minT) throw new BadDataError('chunk: span of a one-sample chunk');
    return;
  }
  const p = POW10[unit]!;
  const step = (r.gamma() + 1) * p;
  const k = r.read(5);
  if (k > MAX_K) throw new BadDataError('chunk: bad timestamp run parameter');
  let t = minT;
  let i = 1;
  for (;;) {
    const q = r.unary32();
    const run = q === ESCAPE ? r.gamma() : (q << k) + r.read(k);
    const end = i + run;
    if (end > n) throw new BadDataError('chunk: timestamp run too long');
    for (; i < end; i++) {
      t += step;
      ts[i] = t;
    }
    if (i === n) break;
    const a = (r.gamma() + 1) * p;
    const f = r.read(2);
    const x = f & 1 ? -a : a;
    t += step + x;
    ts[i++] = t;
    if (f & 2) {
      if (i === n) throw new BadDataError('chunk: paired timestamp past the end');
      t += step - x;
      ts[i++] = t;
    }
  }
  if (t !== maxT) throw new BadDataError('chunk: timestamps do not end at maxT');
}
