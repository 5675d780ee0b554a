// A trained role model to and from its stored form, the versioned JSON of
// docs/format/anomaly-model.md. JSON because a model is small (~37 KB for 8 components × 20
// features) and is written once per training; numbers survive exactly, since JavaScript prints
// the shortest decimal that reads back as the same double.
import { BadDataError, type UnixSec } from '@saba/model';
import { type Component, makeMixture } from './gmm.ts';
import type { RoleModel } from './role-model.ts';
import type { Thresholds } from './thresholds.ts';

/** The format's name, first in every file, so that a stray JSON file is refused by name. */
export const MODEL_FORMAT = 'saba-anomaly-model';

/** The format version this code writes and reads; bump it when the layout changes. */
export const MODEL_VERSION = 1;

/** The stored text of `model`. */
export function encodeModel(model: RoleModel): string {
  const d = model.mixture.dims;
  return JSON.stringify({
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    features: model.features,
    center: Array.from(model.center),
    scale: Array.from(model.scale),
    weights: Array.from(model.mixture.weights),
    components: model.mixture.components.map((c) => ({ mean: Array.from(c.mean), chol: packLower(c.chol, d) })),
    thresholds: model.thresholds,
    training: model.training,
  });
}

/** The model stored as `text`; BadDataError when it is not a well-formed version-1 model. */
export function decodeModel(text: string): RoleModel {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new BadDataError('anomaly model: not JSON', { cause: e });
  }
  const r = record(o, 'model');
  if (r.format !== MODEL_FORMAT) throw new BadDataError(`anomaly model: format is not "${MODEL_FORMAT}"`);
  if (r.version !== MODEL_VERSION)
    throw new BadDataError(`anomaly model: version ${String(r.version)} is not ${MODEL_VERSION}`);
  if (!Array.isArray(r.features) || !r.features.every((f) => typeof f === 'string')) {
    throw new BadDataError('anomaly model: "features" must be strings');
  }
  const features = r.features as string[];
  const d = features.length;
  const center = numbers(r.center, d, 'center');
  const scale = numbers(r.scale, d, 'scale');
  if (!Array.isArray(r.components) || r.components.length === 0) {
    throw new BadDataError('anomaly model: "components" must be a non-empty array');
  }
  const weights = numbers(r.weights, r.components.length, 'weights');
  if (!weights.every((w) => w > 0)) throw new BadDataError('anomaly model: "weights" must be positive');
  const components: Component[] = r.components.map((c, j) => {
    const cr = record(c, `components[${j}]`);
    const chol = unpackLower(numbers(cr.chol, (d * (d + 1)) / 2, `components[${j}].chol`), d);
    for (let i = 0; i < d; i++) {
      if (!(chol[i * d + i]! > 0))
        throw new BadDataError(`anomaly model: components[${j}].chol has a non-positive diagonal`);
    }
    return { mean: numbers(cr.mean, d, `components[${j}].mean`), chol };
  });
  const t = record(r.thresholds, 'thresholds');
  const thresholds: Thresholds = {
    insensitive: finite(t.insensitive, 'thresholds.insensitive'),
    normal: finite(t.normal, 'thresholds.normal'),
    sensitive: finite(t.sensitive, 'thresholds.sensitive'),
  };
  const tr = record(r.training, 'training');
  return {
    features,
    center,
    scale,
    mixture: makeMixture(d, weights, components),
    thresholds,
    training: {
      from: finite(tr.from, 'training.from') as UnixSec,
      to: finite(tr.to, 'training.to') as UnixSec,
      rows: finite(tr.rows, 'training.rows'),
      emRows: finite(tr.emRows, 'training.emRows'),
      scoredRows: finite(tr.scoredRows, 'training.scoredRows'),
      bic: Array.from(numbers(tr.bic, Array.isArray(tr.bic) ? tr.bic.length : -1, 'training.bic')),
    },
  };
}

/** The lower triangle of row-major d×d `l`, row by row: d(d+1)/2 numbers. */
function packLower(l: Float64Array, d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d; i++) for (let k = 0; k <= i; k++) out.push(l[i * d + k]!);
  return out;
}

function unpackLower(packed: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  let p = 0;
  for (let i = 0; i < d; i++) for (let k = 0; k <= i; k++) l[i * d + k] = packed[p++]!;
  return l;
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadDataError(`anomaly model: "${what}" must be an object`);
  return v as Record<string, unknown>;
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new BadDataError(`anomaly model: "${what}" must be a finite number`);
  return v;
}

function numbers(v: unknown, length: number, what: string): Float64Array {
  if (!Array.isArray(v) || v.length !== length)
    throw new BadDataError(`anomaly model: "${what}" must be ${length} numbers`);
  return Float64Array.from(v, (x, i) => finite(x, `${what}[${i}]`));
}
