// Thresholds per sensitivity, set from the distribution of a role's own training scores (score
// = −log-likelihood; higher is stranger), so that no one sets a number by hand. The rule's
// constants were chosen on the evaluation in testing/evaluation.ts (decision 0014); the values
// each role gets come from its training scores alone.

/** A sensitivity of an anomalyDetection monitor. */
export type Sensitivity = 'insensitive' | 'normal' | 'sensitive';

/** Score thresholds per sensitivity: a minute scoring above one is abnormal at that sensitivity. */
export type Thresholds = Readonly<Record<Sensitivity, number>>;

/** The rule per sensitivity: threshold = Q(quantile) + margin × (Q(quantile) − Q(0.5)). */
export const SENSITIVITY_RULES: Readonly<Record<Sensitivity, { readonly quantile: number; readonly margin: number }>> =
  {
    sensitive: { quantile: 0.999, margin: 0 },
    normal: { quantile: 0.9999, margin: 0.1 },
    insensitive: { quantile: 0.9999, margin: 0.5 },
  };

/** The q-quantile of ascending `sorted`, interpolating linearly between ranks. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Thresholds from training scores (any order; not modified). */
export function thresholdsFrom(scores: Float64Array): Thresholds {
  const sorted = Float64Array.from(scores).sort();
  const median = quantile(sorted, 0.5);
  const at = (s: Sensitivity): number => {
    const r = SENSITIVITY_RULES[s];
    const q = quantile(sorted, r.quantile);
    return q + r.margin * (q - median);
  };
  return { insensitive: at('insensitive'), normal: at('normal'), sensitive: at('sensitive') };
}
