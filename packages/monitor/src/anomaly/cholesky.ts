// The dense linear algebra a full-covariance Gaussian needs, on row-major d×d Float64Arrays.

/**
 * Overwrites the symmetric positive-definite `a` (d×d, row-major) with its lower Cholesky factor
 * L (a = L·Lᵀ), zeroing the upper triangle; returns false when a pivot is not positive (the
 * covariance floor in EM makes that a bug or a NaN in the data, not a normal event).
 */
export function choleskyInPlace(a: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! * a[j * d + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = t / ljj;
    }
    for (let k = j + 1; k < d; k++) a[j * d + k] = 0;
  }
  return true;
}

/**
 * ‖L⁻¹(x − μ)‖², the squared Mahalanobis distance, by forward substitution into `y` (length d);
 * ~d²/2 multiplications, the whole cost of scoring one point against one component.
 */
export function mahalanobis(
  l: Float64Array,
  mean: Float64Array,
  x: Float64Array,
  xOffset: number,
  d: number,
  y: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let t = x[xOffset + i]! - mean[i]!;
    const row = i * d;
    for (let k = 0; k < i; k++) t -= l[row + k]! * y[k]!;
    const yi = t / l[row + i]!;
    y[i] = yi;
    sum += yi * yi;
  }
  return sum;
}

/** Σ log Lᵢᵢ: half the log-determinant of L·Lᵀ. */
export function halfLogDet(l: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[i * d + i]!);
  return s;
}
