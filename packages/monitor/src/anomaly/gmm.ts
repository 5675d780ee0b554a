// A Gaussian mixture with full covariances, held as Cholesky factors, and what it says about a
// point: its log-likelihood and which dimensions pull it away. Fitting lives in gmm-fit.ts.
import { halfLogDet, mahalanobis } from './cholesky.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** One component: a mean and the lower Cholesky factor of its covariance. */
export interface Component {
  readonly mean: Float64Array;
  /** L, row-major d×d, lower triangular: covariance = L·Lᵀ. */
  readonly chol: Float64Array;
}

/** A d-dimensional Gaussian mixture ready to score: components plus the constants scoring needs. */
export interface Mixture {
  readonly dims: number;
  readonly weights: Float64Array;
  readonly components: readonly Component[];
  /** log wⱼ − d/2·log 2π − ½ log|Σⱼ| per component: the part of log wⱼ·N(x) that does not depend on x. */
  readonly logConst: Float64Array;
  /** √Σⱼ,dd per component (k×d): the marginal standard deviations behind "+4.1σ". */
  readonly sd: Float64Array;
}

/** Builds a Mixture from weights and components, deriving its scoring constants. */
export function makeMixture(dims: number, weights: Float64Array, components: readonly Component[]): Mixture {
  const k = components.length;
  const logConst = new Float64Array(k);
  const sd = new Float64Array(k * dims);
  for (let j = 0; j < k; j++) {
    const c = components[j]!;
    logConst[j] = Math.log(weights[j]!) - 0.5 * dims * LOG_2PI - halfLogDet(c.chol, dims);
    for (let i = 0; i < dims; i++) {
      let v = 0;
      for (let m = 0; m <= i; m++) v += c.chol[i * dims + m]! ** 2;
      sd[j * dims + i] = Math.sqrt(v);
    }
  }
  return { dims, weights, components, logConst, sd };
}

/** Scratch space for scoring, so that scoring a minute allocates nothing. */
export interface Scratch {
  readonly y: Float64Array;
  readonly logP: Float64Array;
}

/** Scratch sized for `m`. */
export function scratchFor(m: Mixture): Scratch {
  return { y: new Float64Array(m.dims), logP: new Float64Array(m.components.length) };
}

/**
 * log wⱼ + log N(x; μⱼ, Σⱼ) for every component into `out`; returns their log-sum-exp, the
 * point's log-likelihood (the max is subtracted first so that e^−700 densities do not vanish).
 */
export function componentLogDensities(
  m: Mixture,
  x: Float64Array,
  offset: number,
  out: Float64Array,
  y: Float64Array,
): number {
  const k = m.components.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) {
    const c = m.components[j]!;
    const v = m.logConst[j]! - 0.5 * mahalanobis(c.chol, c.mean, x, offset, m.dims, y);
    out[j] = v;
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(out[j]! - max);
  return max + Math.log(s);
}

/** The log-likelihood of the point at `x[offset..offset+d)` under `m`. */
export function logLikelihood(m: Mixture, x: Float64Array, offset = 0, scratch: Scratch = scratchFor(m)): number {
  return componentLogDensities(m, x, offset, scratch.logP, scratch.y);
}

/**
 * Per-dimension z-scores of `x` against its most responsible component, (xᵢ − μⱼᵢ)/σⱼᵢ: what
 * the alert message names ("memory.used +4.1σ"). Marginal rather than conditional z-scores
 * because they read as "far from usual" to a person; the score itself uses the full covariance.
 */
export function contributions(m: Mixture, x: Float64Array, offset = 0, scratch: Scratch = scratchFor(m)): Float64Array {
  componentLogDensities(m, x, offset, scratch.logP, scratch.y);
  let best = 0;
  for (let j = 1; j < m.components.length; j++) if (scratch.logP[j]! > scratch.logP[best]!) best = j;
  const c = m.components[best]!;
  const z = new Float64Array(m.dims);
  for (let i = 0; i < m.dims; i++) z[i] = (x[offset + i]! - c.mean[i]!) / m.sd[best * m.dims + i]!;
  return z;
}
