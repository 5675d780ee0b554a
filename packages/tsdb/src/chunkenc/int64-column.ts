import { BadDataError } from '@saba/model';
import type { BitReader } from './bit-reader.ts';
import type { BitWriter } from './bit-writer.ts';
import { riceParameter } from './int-column.ts';

/**
 * How a column of 64-bit unsigned integers (low and high words) is written: coder 0 = groups
 * of 8 << param sharing a width, coder 1 = Rice with k = param. `bits` is the exact size.
 */
export interface Column64Plan {
  coder: number;
  param: number;
  bits: number;
}

/** A Rice quotient of 32 or more is escaped: 32 zero bits, then the integer in full width. */
const ESCAPE = 32;
const TWO32 = 4294967296;

/** MASK[n] keeps the low n bits (0 <= n <= 32). */
const MASK = new Int32Array(33);
for (let n = 1; n <= 32; n++) MASK[n] = n === 32 ? -1 : (1 << n) - 1;

function width64(lo: number, hi: number): number {
  return hi !== 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(lo);
}

/** The Rice quotient of (hi, lo) >> k, or ESCAPE if it is 32 or more. */
function quotient(lo: number, hi: number, k: number): number {
  let q: number;
  if (k >= 32) q = hi >>> (k - 32);
  else if (k === 0) q = hi !== 0 ? ESCAPE : lo >>> 0;
  else if (hi >>> k !== 0) q = ESCAPE;
  else q = ((hi << (32 - k)) | (lo >>> k)) >>> 0;
  return Math.min(q, ESCAPE);
}

let gw = new Uint8Array(32);

/** Plans zlo/zhi[0..count): groups of 8..64 or Rice with k from the mean, sized exactly. */
export function planColumn64(zlo: Int32Array, zhi: Int32Array, count: number): Column64Plan {
  const ng = (count + 7) >>> 3;
  if (gw.length < ng) gw = new Uint8Array(ng * 2);
  let sum = 0;
  let wmax = 0;
  let width = 0;
  for (let i = 0; i < count; i++) {
    const lo = zlo[i]!;
    const hi = zhi[i]!;
    sum += (hi >>> 0) * TWO32 + (lo >>> 0);
    const w = width64(lo, hi);
    if (w > width) width = w;
    if ((i & 7) === 7 || i === count - 1) {
      gw[i >>> 3] = width;
      if (width > wmax) wmax = width;
      width = 0;
    }
  }
  // Coder bit, then g: 2 bits.
  let best: Column64Plan = { coder: 0, param: 0, bits: Number.POSITIVE_INFINITY };
  for (let g = 0; g < 4; g++) {
    const per = 1 << g;
    let bits = 3;
    let prev = 0;
    for (let k = 0; k < ng; k += per) {
      let w = 0;
      const kend = Math.min(ng, k + per);
      for (let j = k; j < kend; j++) if (gw[j]! > w) w = gw[j]!;
      bits += (w === prev ? 1 : 8) + w * (Math.min(count, kend * 8) - k * 8);
      prev = w;
    }
    if (bits < best.bits) best = { coder: 0, param: g, bits };
  }
  if (count === 0) return best;
  const k = Math.min(riceParameter(count, sum), 63);
  // Coder bit, k (6 bits), escape width (7 bits).
  let bits = 14;
  for (let i = 0; i < count; i++) {
    const q = quotient(zlo[i]!, zhi[i]!, k);
    bits += q < ESCAPE ? q + 1 + k : ESCAPE + wmax;
  }
  if (bits < best.bits) best = { coder: 1, param: k, bits };
  return best;
}

/** Writes zlo/zhi[0..count) as planned. */
export function writeColumn64(w: BitWriter, zlo: Int32Array, zhi: Int32Array, count: number, plan: Column64Plan): void {
  w.bit(plan.coder);
  if (plan.coder === 0) {
    w.write(plan.param, 2);
    const size = 8 << plan.param;
    let prev = 0;
    for (let s = 0; s < count; s += size) {
      const end = Math.min(count, s + size);
      let width = 0;
      for (let i = s; i < end; i++) width = Math.max(width, width64(zlo[i]!, zhi[i]!));
      if (width === prev) w.bit(0);
      else w.write(1 | (width << 1), 8);
      prev = width;
      if (width <= 32) for (let i = s; i < end; i++) w.write(zlo[i]!, width);
      else
        for (let i = s; i < end; i++) {
          w.write(zlo[i]!, 32);
          w.write(zhi[i]!, width - 32);
        }
    }
    return;
  }
  const k = plan.param;
  let wmax = 0;
  for (let i = 0; i < count; i++) wmax = Math.max(wmax, width64(zlo[i]!, zhi[i]!));
  w.write(k | (wmax << 6), 13);
  for (let i = 0; i < count; i++) {
    const lo = zlo[i]!;
    const hi = zhi[i]!;
    const q = quotient(lo, hi, k);
    if (q === ESCAPE) {
      w.write(0, ESCAPE);
      w.write64(lo, hi, wmax);
    } else {
      w.write(1 << q, q + 1);
      if (k <= 32) w.write(lo & MASK[k]!, k);
      else {
        w.write(lo, 32);
        w.write(hi & MASK[k - 32]!, k - 32);
      }
    }
  }
}

/** Reads `count` 64-bit integers into zlo/zhi[0..count). */
export function readColumn64(r: BitReader, zlo: Int32Array, zhi: Int32Array, count: number): void {
  if (r.read(1) === 0) {
    const size = 8 << r.read(2);
    let width = 0;
    for (let s = 0; s < count; s += size) {
      if (r.read(1)) width = r.read(7);
      if (width > 64) throw new BadDataError('chunk: group width over 64');
      const end = Math.min(count, s + size);
      if (width <= 32) {
        for (let i = s; i < end; i++) {
          zlo[i] = r.read(width);
          zhi[i] = 0;
        }
      } else {
        for (let i = s; i < end; i++) {
          zlo[i] = r.read(32);
          zhi[i] = r.read(width - 32);
        }
      }
    }
    return;
  }
  const p = r.read(13);
  const k = p & 63;
  const wmax = p >>> 6;
  if (wmax > 64) throw new BadDataError('chunk: bad rice width');
  for (let i = 0; i < count; i++) {
    const q = r.unary32();
    let lo: number;
    let hi: number;
    if (q === ESCAPE) {
      lo = r.read(Math.min(wmax, 32));
      hi = wmax > 32 ? r.read(wmax - 32) : 0;
    } else if (k === 0) {
      lo = q;
      hi = 0;
    } else if (k < 32) {
      lo = r.read(k) | (q << k);
      hi = q >>> (32 - k);
    } else {
      lo = r.read(32);
      hi = r.read(k - 32) | (q << (k - 32));
    }
    zlo[i] = lo;
    zhi[i] = hi;
  }
}
