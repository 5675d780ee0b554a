import { BadDataError } from '@saba/model';
import type { BitReader } from './bit-reader.ts';
import type { BitWriter } from './bit-writer.ts';
import { type DecimalPlan, planDecimal, readDecimal, writeDecimal } from './values-decimal.ts';
import {
  type FloatDeltaPlan,
  patternWords,
  planFloatDelta,
  readFloatDelta,
  writeFloatDelta,
} from './values-float-delta.ts';
import { readXor, writeXor, xorBits } from './values-xor.ts';

/** The value schemes, by their 4-bit id in the value section. */
export const SCHEME = { const: 0, decimal: 1, floatDelta: 2, xor: 3 } as const;
/** One of the value scheme ids. */
export type SchemeId = (typeof SCHEME)[keyof typeof SCHEME];

/** The chosen scheme for one value column and its exact size in bits. */
export interface ValuePlan {
  scheme: SchemeId;
  /** The values' bit pattern words. */
  words: Uint32Array;
  bits: number;
  decimal: DecimalPlan | null;
  floatDelta: FloatDeltaPlan | null;
}

// Above 3 bytes a sample a decimal plan is worth checking against the float schemes: it is then
// likely an accidental fit at k = 13..15 of full-precision floats.
const DECIMAL_ENOUGH_BITS = 24;

/**
 * Picks the smallest scheme for vs[0..n). The decimal and float-delta plans keep module state
 * that `writeValues` uses, so plan and write one column before planning the next.
 */
export function planValues(vs: Float64Array, n: number): ValuePlan {
  const u = patternWords(vs, n);
  const lo = u[0]!;
  const hi = u[1]!;
  let same = true;
  for (let i = 1; i < n && same; i++) same = u[2 * i] === lo && u[2 * i + 1] === hi;
  if (same) return { scheme: SCHEME.const, words: u, bits: 68, decimal: null, floatDelta: null };
  const decimal = planDecimal(vs, n);
  if (decimal !== null && decimal.bits <= DECIMAL_ENOUGH_BITS * n) {
    return { scheme: SCHEME.decimal, words: u, bits: 4 + decimal.bits, decimal, floatDelta: null };
  }
  const floatDelta = planFloatDelta(vs, u, n);
  const xor = 4 + xorBits(u, n);
  let best: ValuePlan = { scheme: SCHEME.floatDelta, words: u, bits: 4 + floatDelta.bits, decimal: null, floatDelta };
  if (xor < best.bits) best = { scheme: SCHEME.xor, words: u, bits: xor, decimal: null, floatDelta: null };
  // The float plans leave the decimal plan's module state alone, so it can still be written.
  if (decimal !== null && 4 + decimal.bits < best.bits) {
    best = { scheme: SCHEME.decimal, words: u, bits: 4 + decimal.bits, decimal, floatDelta: null };
  }
  return best;
}

/** Writes a value section as planned by the planValues call just before. */
export function writeValues(w: BitWriter, n: number, plan: ValuePlan): void {
  w.write(plan.scheme, 4);
  const u = plan.words;
  switch (plan.scheme) {
    case SCHEME.const:
      w.write(u[0]!, 32);
      w.write(u[1]!, 32);
      return;
    case SCHEME.decimal:
      writeDecimal(w, n, plan.decimal!);
      return;
    case SCHEME.floatDelta:
      writeFloatDelta(w, u, n, plan.floatDelta!);
      return;
    case SCHEME.xor:
      writeXor(w, u, n);
      return;
  }
}

/** Reads a value section into vs[0..n). */
export function readValues(r: BitReader, vs: Float64Array, n: number): void {
  const scheme = r.read(4);
  switch (scheme) {
    case SCHEME.const: {
      // Copied as words: a NaN read into a JS number may lose its payload.
      const u = patternWords(vs, n);
      const lo = r.read(32);
      const hi = r.read(32);
      for (let i = 0; i < 2 * n; i += 2) {
        u[i] = lo;
        u[i + 1] = hi;
      }
      return;
    }
    case SCHEME.decimal:
      readDecimal(r, vs, n);
      return;
    case SCHEME.floatDelta:
      readFloatDelta(r, vs, n);
      return;
    case SCHEME.xor:
      readXor(r, patternWords(vs, n), n);
      return;
    default:
      throw new BadDataError(`chunk: unknown value scheme ${scheme}`);
  }
}
