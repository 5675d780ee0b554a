import type { BitReader } from './bit-reader.ts';
import type { BitWriter } from './bit-writer.ts';
import { type Column64Plan, planColumn64, readColumn64, writeColumn64 } from './int64-column.ts';

/** Float-delta plan: predictor (0 previous value, 1 mean of the last 8), column, size in bits. */
export interface FloatDeltaPlan {
  predictor: number;
  column: Column64Plan;
  bits: number;
}

// Values averaged by the mean predictor: 8 cut a prediction's noise to 1.125 σ² (2 σ² for the
// previous value), 0.4 bits a sample on the mix's floats; 16 would gain 0.04 bits more.
const WINDOW = 8;

// Zigzagged residuals (low and high words) for each predictor.
let zlo = [new Int32Array(256), new Int32Array(256)] as const;
let zhi = [new Int32Array(256), new Int32Array(256)] as const;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** Bit pattern words of vs[0..n): [lo0, hi0, lo1, hi1, ...]. */
export function patternWords(vs: Float64Array, n: number): Uint32Array {
  return new Uint32Array(vs.buffer, vs.byteOffset, n * 2);
}

/**
 * Sets scratchWords to the bit pattern of the mean prediction. Any NaN becomes the one quiet NaN
 * 0x7ff8000000000000: NaN payloads out of arithmetic may differ between JIT tiers, the pattern
 * may not.
 */
function meanPattern(sum: number): void {
  const p = sum / WINDOW;
  if (Number.isNaN(p)) {
    scratchWords[0] = 0;
    scratchWords[1] = 0x7ff80000;
  } else scratch[0] = p;
}

function grow(count: number): void {
  if (zlo[0].length < count) {
    zlo = [new Int32Array(count * 2), new Int32Array(count * 2)];
    zhi = [new Int32Array(count * 2), new Int32Array(count * 2)];
  }
}

/** Stores zigzag64(bits - pred) (wrapping) as residual i of predictor `p`. */
function residual(p: 0 | 1, i: number, clo: number, chi: number, plo: number, phi: number): void {
  const dlo = (clo - plo) | 0;
  const dhi = (chi - phi - (clo >>> 0 < plo >>> 0 ? 1 : 0)) | 0;
  const sign = dhi >> 31;
  zhi[p][i] = ((dhi << 1) | (dlo >>> 31)) ^ sign;
  zlo[p][i] = (dlo << 1) ^ sign;
}

/** Plans the float-delta scheme over values vs with pattern words u (n values). */
export function planFloatDelta(vs: Float64Array, u: Uint32Array, n: number): FloatDeltaPlan {
  const count = n - 1;
  grow(count);
  let sum = vs[0]!;
  // Sums of the residuals' magnitudes pick the predictor; only its column is planned in full.
  let size0 = 0;
  let size1 = 0;
  const z0 = zhi[0];
  const z1 = zhi[1];
  for (let i = 1; i < n; i++) {
    const clo = u[2 * i]!;
    const chi = u[2 * i + 1]!;
    residual(0, i - 1, clo, chi, u[2 * i - 2]!, u[2 * i - 1]!);
    if (i < WINDOW) residual(1, i - 1, clo, chi, u[2 * i - 2]!, u[2 * i - 1]!);
    else {
      meanPattern(sum);
      residual(1, i - 1, clo, chi, scratchWords[0]!, scratchWords[1]!);
      sum -= vs[i - WINDOW]!;
    }
    sum += vs[i]!;
    size0 += z0[i - 1] !== 0 ? 64 - Math.clz32(z0[i - 1]!) : 32 - Math.clz32(zlo[0][i - 1]!);
    size1 += z1[i - 1] !== 0 ? 64 - Math.clz32(z1[i - 1]!) : 32 - Math.clz32(zlo[1][i - 1]!);
  }
  // 64-bit first value and the predictor bit.
  const p = size1 < size0 ? 1 : 0;
  const column = planColumn64(zlo[p], zhi[p], count);
  return { predictor: p, column, bits: 65 + column.bits };
}

/** Writes the float-delta body for the values last planned by planFloatDelta. */
export function writeFloatDelta(w: BitWriter, u: Uint32Array, n: number, plan: FloatDeltaPlan): void {
  w.write(u[0]!, 32);
  w.write(u[1]!, 32);
  w.bit(plan.predictor);
  const p = plan.predictor === 1 ? 1 : 0;
  writeColumn64(w, zlo[p], zhi[p], n - 1, plan.column);
}

/** Reads a float-delta body into vs[0..n). */
export function readFloatDelta(r: BitReader, vs: Float64Array, n: number): void {
  const u = patternWords(vs, n);
  u[0] = r.read(32);
  u[1] = r.read(32);
  const mean = r.read(1) === 1;
  const count = n - 1;
  grow(count);
  const lo = zlo[0];
  const hi = zhi[0];
  readColumn64(r, lo, hi, count);
  let plo = u[0]!;
  let phi = u[1]! | 0;
  let sum = vs[0]!;
  for (let i = 1; i < n; i++) {
    if (mean && i >= WINDOW) {
      meanPattern(sum);
      plo = scratchWords[0]!;
      phi = scratchWords[1]! | 0;
    }
    const a = lo[i - 1]!;
    const b = hi[i - 1]!;
    const sign = -(a & 1);
    const dlo = (((a >>> 1) | (b << 31)) ^ sign) >>> 0;
    const dhi = (b >>> 1) ^ sign;
    const s = plo + dlo;
    plo = s >>> 0;
    phi = (phi + dhi + (s > 0xffffffff ? 1 : 0)) | 0;
    u[2 * i] = plo;
    u[2 * i + 1] = phi;
    if (mean) {
      if (i >= WINDOW) sum -= vs[i - WINDOW]!;
      sum += vs[i]!;
    }
  }
}
