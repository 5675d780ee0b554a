import type { BitReader } from './bit-reader.ts';
import type { BitWriter } from './bit-writer.ts';

/** Leading zeros of the 64-bit word (hi, lo). */
function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Trailing zeros of the 64-bit word (hi, lo), which is not zero. */
function ctz64(lo: number, hi: number): number {
  return lo !== 0 ? 31 - Math.clz32(lo & -lo) : 63 - Math.clz32(hi & -hi);
}

/**
 * Size in bits of the Gorilla XOR body of pattern words u (n values), as Prometheus writes it:
 * leading zeros capped at 31 (5 bits), the meaningful bit count in 6 bits.
 */
export function xorBits(u: Uint32Array, n: number): number {
  let bits = 64;
  let lead = -1;
  let trail = 0;
  for (let i = 1; i < n; i++) {
    const lo = (u[2 * i]! ^ u[2 * i - 2]!) | 0;
    const hi = (u[2 * i + 1]! ^ u[2 * i - 1]!) | 0;
    if ((lo | hi) === 0) {
      bits += 1;
      continue;
    }
    let l = clz64(lo, hi);
    const t = ctz64(lo, hi);
    if (l > 31) l = 31;
    if (lead >= 0 && l >= lead && t >= trail) bits += 2 + 64 - lead - trail;
    else {
      lead = l;
      trail = t;
      bits += 13 + 64 - l - t;
    }
  }
  return bits;
}

/** Writes the XOR body (after the scheme id) of pattern words u. */
export function writeXor(w: BitWriter, u: Uint32Array, n: number): void {
  w.write(u[0]!, 32);
  w.write(u[1]!, 32);
  let lead = -1;
  let trail = 0;
  for (let i = 1; i < n; i++) {
    const lo = (u[2 * i]! ^ u[2 * i - 2]!) | 0;
    const hi = (u[2 * i + 1]! ^ u[2 * i - 1]!) | 0;
    if ((lo | hi) === 0) {
      w.bit(0);
      continue;
    }
    let l = clz64(lo, hi);
    const t = ctz64(lo, hi);
    if (l > 31) l = 31;
    if (lead >= 0 && l >= lead && t >= trail) w.write(1, 2);
    else {
      lead = l;
      trail = t;
      const sig = 64 - l - t;
      w.write(3 | (l << 2) | ((sig & 63) << 7), 13);
    }
    writeShifted(w, lo, hi, trail, 64 - lead - trail);
  }
}

function writeShifted(w: BitWriter, lo: number, hi: number, t: number, sig: number): void {
  if (t >= 32) w.write64(hi >>> (t - 32), 0, sig);
  else if (t === 0) w.write64(lo, hi, sig);
  else w.write64((lo >>> t) | (hi << (32 - t)), hi >>> t, sig);
}

/** Reads an XOR body into the pattern words u (n values). */
export function readXor(r: BitReader, u: Uint32Array, n: number): void {
  let plo = r.read(32) >>> 0;
  let phi = r.read(32) >>> 0;
  u[0] = plo;
  u[1] = phi;
  let lead = 0;
  let trail = 0;
  for (let i = 1; i < n; i++) {
    if (r.read(1) !== 0) {
      if (r.read(1) !== 0) {
        const h = r.read(11);
        lead = h & 31;
        const sig = h >>> 5 || 64;
        trail = 64 - lead - sig;
      }
      const sig = 64 - lead - trail;
      let a: number;
      let b = 0;
      if (sig <= 32) a = r.read(sig);
      else {
        a = r.read(32);
        b = r.read(sig - 32);
      }
      const t = trail;
      if (t >= 32) {
        phi ^= a << (t - 32);
      } else if (t === 0) {
        plo ^= a;
        phi ^= b;
      } else {
        phi ^= (b << t) | (a >>> (32 - t));
        plo ^= a << t;
      }
      plo >>>= 0;
      phi >>>= 0;
    }
    u[2 * i] = plo;
    u[2 * i + 1] = phi;
  }
}
