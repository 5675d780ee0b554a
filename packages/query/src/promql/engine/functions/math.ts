// Element-wise math on an instant vector's values.

const DEG = 180 / Math.PI;

/** The element-wise math functions by name. */
export const MATH_FUNCTIONS: ReadonlyMap<string, (x: number) => number> = new Map<string, (x: number) => number>([
  ['abs', Math.abs],
  ['ceil', Math.ceil],
  ['floor', Math.floor],
  ['exp', Math.exp],
  ['sqrt', Math.sqrt],
  ['ln', Math.log],
  ['log2', Math.log2],
  ['log10', Math.log10],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
  ['asinh', Math.asinh],
  ['acosh', Math.acosh],
  ['atanh', Math.atanh],
  ['deg', (x) => x * DEG],
  ['rad', (x) => x / DEG],
  ['sgn', (x) => (Number.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : x)],
]);

/** Rounds to the nearest multiple of `to`, ties up, as Prometheus's round(). */
export function roundTo(x: number, to: number): number {
  const inv = 1 / to;
  return Math.floor(x * inv + 0.5) / inv;
}
