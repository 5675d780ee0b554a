// One role's anomaly model: per-feature standardisation learnt from the role's hosts, a
// Gaussian mixture over the standardised vectors, and score thresholds per sensitivity.
import type { UnixSec } from '@saba/model';
import { FEATURE_NAMES, FEATURE_RESOLUTION } from './features.ts';
import { logLikelihood, type Mixture, contributions as mixtureContributions, type Scratch, scratchFor } from './gmm.ts';
import { selectComponents } from './gmm-fit.ts';
import { seededRandom } from './random.ts';
import { type Thresholds, thresholdsFrom } from './thresholds.ts';

/** What a model was trained on. */
export interface TrainingInfo {
  readonly from: UnixSec;
  readonly to: UnixSec;
  /** Host-minutes kept for training (after dropping mostly-empty ones). */
  readonly rows: number;
  /** Of those, how many EM fitted. */
  readonly emRows: number;
  /** Of those, how many were scored to set the thresholds. */
  readonly scoredRows: number;
  /** BIC for k = 1, 2, ... as far as the search went. */
  readonly bic: readonly number[];
}

/** A trained role model. */
export interface RoleModel {
  readonly features: readonly string[];
  /** Per-feature mean and standard deviation over the role's training rows: z = (x − center) / scale. */
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly mixture: Mixture;
  readonly thresholds: Thresholds;
  readonly training: TrainingInfo;
}

/** How to train. */
export interface TrainOptions {
  readonly from: UnixSec;
  readonly to: UnixSec;
  /** Largest k BIC may choose; 1 gives the single-Gaussian baseline. */
  readonly maxK?: number;
  /**
   * Rows EM fits (a seeded uniform sample). 12,000 rows are ~50 per parameter of an 8-component
   * mixture in 20 dimensions (231 each); the benchmark's 2 M-row role fits in seconds this way.
   */
  readonly emRows?: number;
  /** Rows scored to set thresholds; a 0.9999 quantile of 400,000 rows rests on 40 of them. */
  readonly scoreRows?: number;
  readonly restarts?: number;
  readonly seed?: number;
  /** Standard-deviation floor per feature (default FEATURE_RESOLUTION). */
  readonly resolution?: readonly number[];
  readonly featureNames?: readonly string[];
}

/**
 * A host-minute with more missing features than this is dropped from training (a quarter of
 * 20: an agent's first minute, with no CPU or rates yet); below it, missing features are
 * imputed with the role's mean, which adds nothing to the score.
 */
const MAX_MISSING = 5;

/** Trains a role model on `n` raw feature rows (n×d, NaN for missing). */
export function trainRoleModel(rows: Float64Array, n: number, options: TrainOptions): RoleModel {
  const names = options.featureNames ?? FEATURE_NAMES;
  const resolution = options.resolution ?? FEATURE_RESOLUTION;
  const d = names.length;
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    let missing = 0;
    for (let m = 0; m < d; m++) if (Number.isNaN(rows[i * d + m]!)) missing++;
    if (missing <= MAX_MISSING) kept.push(i);
  }
  const center = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let m = 0; m < d; m++) {
    let count = 0;
    let sum = 0;
    let sq = 0;
    for (const i of kept) {
      const v = rows[i * d + m]!;
      if (Number.isNaN(v)) continue;
      count++;
      sum += v;
      sq += v * v;
    }
    const mean = count > 0 ? sum / count : 0;
    center[m] = mean;
    scale[m] = Math.max(Math.sqrt(Math.max(0, sq / Math.max(1, count) - mean * mean)), resolution[m] ?? 1e-3);
  }
  const rng = seededRandom(options.seed ?? 1);
  const emIdx = sample(kept, options.emRows ?? 12_000, rng);
  const em = new Float64Array(emIdx.length * d);
  for (let r = 0; r < emIdx.length; r++) standardizeInto(center, scale, rows, emIdx[r]! * d, em, r * d, d);
  const selection = selectComponents(em, emIdx.length, d, {
    maxK: options.maxK ?? 8,
    restarts: options.restarts ?? 3,
    seed: options.seed ?? 1,
  });
  const partial = { features: names, center, scale, mixture: selection.fit.mixture };
  const scoreIdx = sample(kept, options.scoreRows ?? 400_000, rng);
  const scores = new Float64Array(scoreIdx.length);
  const scratch = scoringScratch(partial);
  for (let r = 0; r < scoreIdx.length; r++) scores[r] = anomalyScore(partial, rows, scoreIdx[r]! * d, scratch);
  return {
    ...partial,
    thresholds: thresholdsFrom(scores),
    training: {
      from: options.from,
      to: options.to,
      rows: kept.length,
      emRows: emIdx.length,
      scoredRows: scoreIdx.length,
      bic: selection.bic,
    },
  };
}

/** Up to `count` of `from`, uniformly without replacement (all of them when fewer). */
function sample(from: readonly number[], count: number, rng: ReturnType<typeof seededRandom>): Uint32Array {
  const a = Uint32Array.from(from);
  const m = Math.min(count, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.subarray(0, m);
}

function standardizeInto(
  center: Float64Array,
  scale: Float64Array,
  raw: Float64Array,
  rawOffset: number,
  out: Float64Array,
  outOffset: number,
  d: number,
): void {
  for (let m = 0; m < d; m++) {
    const v = raw[rawOffset + m]!;
    out[outOffset + m] = Number.isNaN(v) ? 0 : (v - center[m]!) / scale[m]!;
  }
}

/** The parts of a model scoring uses. */
type Scorable = Pick<RoleModel, 'center' | 'scale' | 'mixture'>;

/** Scratch for scoring with `model`: one per caller, reused every minute. */
export interface ScoringScratch extends Scratch {
  readonly z: Float64Array;
}

/** Scratch sized for `model`. */
export function scoringScratch(model: Scorable): ScoringScratch {
  return { ...scratchFor(model.mixture), z: new Float64Array(model.mixture.dims) };
}

/** The anomaly score of the raw feature row at `raw[offset..]`: −log-likelihood of its standardised vector. */
export function anomalyScore(
  model: Scorable,
  raw: Float64Array,
  offset = 0,
  scratch: ScoringScratch = scoringScratch(model),
): number {
  const d = model.mixture.dims;
  standardizeInto(model.center, model.scale, raw, offset, scratch.z, 0, d);
  return -logLikelihood(model.mixture, scratch.z, 0, scratch);
}

/** One feature's pull on a score, in standard deviations of the role's usual shape. */
export interface Contribution {
  readonly feature: string;
  readonly sigma: number;
}

/**
 * The `count` features farthest from the component the host-minute sits closest to, largest
 * |σ| first, measured in the standardised space the model sees.
 */
export function topContributions(model: RoleModel, raw: Float64Array, offset = 0, count = 3): Contribution[] {
  const scratch = scoringScratch(model);
  standardizeInto(model.center, model.scale, raw, offset, scratch.z, 0, model.mixture.dims);
  const z = mixtureContributions(model.mixture, scratch.z, 0, scratch);
  return Array.from(z, (sigma, i) => ({ feature: model.features[i]!, sigma }))
    .sort((a, b) => Math.abs(b.sigma) - Math.abs(a.sigma))
    .slice(0, count);
}

/** The alert message's explanation: "memory.used +4.1σ, swap.used +3.2σ for this role". */
export function contributionText(list: readonly Contribution[]): string {
  const parts = list.map((c) => `${c.feature} ${c.sigma >= 0 ? '+' : '−'}${Math.abs(c.sigma).toFixed(1)}σ`);
  return `${parts.join(', ')} for this role`;
}
